import { prisma } from '../lib/db.js';

/** The shop's own payment and refund rows: `.create` of a database, not of a payment provider. */
export async function recordPayment(orderId: string, amount: number, providerId: string) {
  return prisma.payment.create({ data: { orderId, amount, providerId } }); // safe: race/require-idempotency-key
}

export async function recordRefund(orderId: string, amount: number) {
  return prisma.refund.create({ data: { orderId, amount } }); // safe: race/require-idempotency-key
}
