import type { Prisma } from '@prisma/client';

export interface NewInvoice {
  customerId: number;
  period: string;
  totalCents: number;
}

export function findInvoiceForPeriod(tx: Prisma.TransactionClient, customerId: number, period: string) {
  return tx.invoice.findFirst({ where: { customerId, period } });
}

export function createInvoice(tx: Prisma.TransactionClient, invoice: NewInvoice) {
  return tx.invoice.create({ data: invoice });
}
