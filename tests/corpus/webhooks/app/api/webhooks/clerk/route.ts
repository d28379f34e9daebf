import type { WebhookEvent } from '@clerk/nextjs/server';
import { headers } from 'next/headers';
import { Webhook } from 'svix';
import { prisma } from '@/lib/db';
import { sendEmail } from '@/lib/email';

// Clerk's template. The user row is keyed by the unique clerkId, so a second delivery of
// user.created fails on the insert and never sends the welcome mail twice.
export async function POST(req: Request) {
  const secret = process.env.CLERK_WEBHOOK_SECRET;
  if (!secret) throw new Error('Please add CLERK_WEBHOOK_SECRET to .env');

  const headerPayload = await headers();
  const svix_id = headerPayload.get('svix-id');
  const svix_timestamp = headerPayload.get('svix-timestamp');
  const svix_signature = headerPayload.get('svix-signature');
  if (!svix_id || !svix_timestamp || !svix_signature) {
    return new Response('Error: missing svix headers', { status: 400 });
  }

  const payload = await req.json();
  const body = JSON.stringify(payload);
  const wh = new Webhook(secret);
  let evt: WebhookEvent;
  try {
    evt = wh.verify(body, {
      'svix-id': svix_id,
      'svix-timestamp': svix_timestamp,
      'svix-signature': svix_signature,
    }) as WebhookEvent;
  } catch (err) {
    console.error('Error verifying webhook:', err);
    return new Response('Error: verification error', { status: 400 });
  }

  if (evt.type === 'user.created') {
    const email = evt.data.email_addresses[0]?.email_address ?? '';
    await prisma.user.create({ data: { clerkId: evt.data.id, email, name: evt.data.first_name } });
    await sendEmail(email, 'Welcome to Acme', '<p>Glad to have you.</p>'); // safe: race/require-webhook-idempotency
  }

  if (evt.type === 'user.updated') {
    const email = evt.data.email_addresses[0]?.email_address ?? '';
    await prisma.user.update({ where: { clerkId: evt.data.id }, data: { email, name: evt.data.first_name } }); // safe: race/require-webhook-idempotency
  }

  if (evt.type === 'user.deleted' && evt.data.id) {
    await prisma.user.deleteMany({ where: { clerkId: evt.data.id } }); // safe: race/require-webhook-idempotency
  }

  return new Response('Webhook received', { status: 200 });
}
