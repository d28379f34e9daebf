import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_API_KEY);

export async function notifyCustomer(email: string, subject: string, text: string) {
  await resend.emails.send({ from: 'Acme <support@acme.dev>', to: email, subject, text });
}
