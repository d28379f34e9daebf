import type { Request, Response } from 'express';
import { prisma } from '../db';

const PAYMENTS_API = process.env.PAYMENTS_API ?? 'https://payments.example.com';

// The provider confirms the capture by webhook; three seconds is a guess at how long it takes.
export async function capture(req: Request, res: Response) {
  const reference = String(req.params.reference);
  await fetch(`${PAYMENTS_API}/captures`, { method: 'POST', body: JSON.stringify({ reference }) });
  await new Promise((resolve) => setTimeout(resolve, 3000)); // expect: race/no-sleep-synchronization
  const payment = await prisma.payment.findUnique({ where: { reference } });
  res.json({ status: payment?.status ?? 'unknown' });
}

// A retry after a failed delivery: the pause is in the catch, before trying again.
export async function forward(req: Request, res: Response) {
  const body = JSON.stringify(req.body);
  try {
    await fetch(`${PAYMENTS_API}/events`, { method: 'POST', body });
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // safe: race/no-sleep-synchronization
    await fetch(`${PAYMENTS_API}/events`, { method: 'POST', body });
  }
  res.sendStatus(204);
}

// A pause before anything happens spreads the provider's retries out; nothing was started before it.
export async function receive(req: Request, res: Response) {
  const id = String(req.body.id);
  await new Promise((resolve) => setTimeout(resolve, 250)); // safe: race/no-sleep-synchronization
  const seen = await prisma.webhookEvent.findUnique({ where: { id } });
  res.json({ duplicate: seen !== null });
}

// The status is polled with a deadline instead of slept on once.
export async function captureAndPoll(req: Request, res: Response) {
  const reference = String(req.params.reference);
  await fetch(`${PAYMENTS_API}/captures`, { method: 'POST', body: JSON.stringify({ reference }) });
  let payment = await prisma.payment.findUnique({ where: { reference } });
  while (payment?.status !== 'captured') {
    await new Promise((resolve) => setTimeout(resolve, 500)); // safe: race/no-sleep-synchronization
    payment = await prisma.payment.findUnique({ where: { reference } });
  }
  res.json({ status: payment.status });
}
