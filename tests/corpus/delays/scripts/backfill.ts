import { prisma } from '../src/db';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Batches with a pause between them, to keep the load on the primary low.
async function backfill() {
  let cursor = 0;
  do {
    const orders = await prisma.order.findMany({ where: { id: { gt: cursor } }, take: 500 });
    if (orders.length === 0) break;
    await prisma.order.updateMany({ where: { id: { in: orders.map((order) => order.id) } }, data: { status: 'migrated' } });
    cursor = orders[orders.length - 1]!.id;
    await sleep(100); // safe: race/no-sleep-synchronization
  } while (cursor > 0);
}

// The replica lags behind the primary; the script sleeps and then reads the report from it.
async function report() {
  await prisma.order.updateMany({ where: { status: 'pending' }, data: { status: 'expired' } });
  await sleep(2000); // expect: race/no-sleep-synchronization
  return prisma.order.count({ where: { status: 'expired' } });
}

await backfill();
console.log(await report());
