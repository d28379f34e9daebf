import { prisma } from '../db';
import { sleep } from '../lib/sleep';

async function recordAudit(userId: number, action: string) {
  await prisma.auditLog.create({ data: { userId, action } });
}

// The audit row is written in the background; the sleep hopes it has landed before the count.
export async function cancelOrder(orderId: number, userId: number) {
  await prisma.order.update({ where: { id: orderId }, data: { status: 'cancelled' } });
  void recordAudit(userId, 'order.cancelled');
  await sleep(200); // expect: race/no-sleep-synchronization
  return prisma.auditLog.count({ where: { userId } });
}

// A database trigger writes the ledger entry after the status change; the code guesses it took 1.5 s.
export async function markPaid(orderId: number) {
  await prisma.order.update({ where: { id: orderId }, data: { status: 'paid' } });
  await sleep(1500); // expect: race/no-sleep-synchronization
  return prisma.ledgerEntry.findUnique({ where: { orderId } });
}

// Polling: the status is checked again after each pause, and the loop gives up after ten tries.
export async function waitUntilPaid(orderId: number) {
  for (let i = 0; i < 10; i++) {
    const order = await prisma.order.findUnique({ where: { id: orderId } });
    if (order?.status === 'paid') return order;
    await sleep(500); // safe: race/no-sleep-synchronization
  }
  throw new Error('payment did not arrive');
}

// A timeout, not a wait: the race settles on whichever finishes first.
export async function loadOrderWithTimeout(orderId: number) {
  const order = prisma.order.findUnique({ where: { id: orderId } });
  return Promise.race([order, sleep(2000).then(() => null)]); // safe: race/no-sleep-synchronization
}

// The audit write is left running on purpose and nothing reads it afterwards.
export async function viewOrder(orderId: number, userId: number) {
  const order = await prisma.order.findUnique({ where: { id: orderId } });
  void recordAudit(userId, 'order.viewed');
  await sleep(10); // safe: race/no-sleep-synchronization
  return order;
}
