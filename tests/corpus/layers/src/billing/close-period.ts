import { Prisma } from '@prisma/client';
import { withAdvisoryLock } from '@/lib/locks';
import { prisma } from '@/lib/prisma';
import { createInvoice, findInvoiceForPeriod, type NewInvoice } from './invoices';

// The nightly job and the "close now" button can run together. At READ COMMITTED both
// transactions see no invoice for the period and both insert one.
export async function closeBillingPeriod({ customerId, period, totalCents }: NewInvoice) {
  return prisma.$transaction(async (tx) => {
    const existing = await findInvoiceForPeriod(tx, customerId, period);
    if (existing) return existing;
    return createInvoice(tx, { customerId, period, totalCents }); // expect: race/no-check-then-create
  });
}

// SERIALIZABLE: the second transaction fails to commit instead of inserting a duplicate.
export async function closeBillingPeriodStrict({ customerId, period, totalCents }: NewInvoice) {
  return prisma.$transaction(
    async (tx) => {
      const existing = await findInvoiceForPeriod(tx, customerId, period);
      if (existing) return existing;
      return createInvoice(tx, { customerId, period, totalCents }); // safe: race/no-check-then-create
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
  );
}

// The advisory lock on the customer and period is held across the check and the insert.
export async function closeBillingPeriodExclusive({ customerId, period, totalCents }: NewInvoice) {
  return withAdvisoryLock(`invoice:${customerId}:${period}`, async (tx) => {
    const existing = await findInvoiceForPeriod(tx, customerId, period);
    if (existing) return existing;
    return createInvoice(tx, { customerId, period, totalCents }); // safe: race/no-check-then-create
  });
}

// The lock covers only the insert: the check before it ran unlocked, so two callers can both
// pass it and then insert one after the other.
export async function reopenAndClose({ customerId, period, totalCents }: NewInvoice) {
  const existing = await findInvoiceForPeriod(prisma, customerId, period);
  if (existing) return existing;
  return withAdvisoryLock(`invoice:${customerId}:${period}`, (tx) => createInvoice(tx, { customerId, period, totalCents })); // expect: race/no-check-then-create
}
