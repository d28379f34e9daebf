import type { Request, Response } from 'express';
import { Prisma } from '@prisma/client';
import { prisma } from './db';

// Top-up computed in JavaScript: two concurrent top-ups lose one of the amounts.
export async function topUp(req: Request, res: Response) {
  const userId = Number(req.params.userId);
  const amount = Number(req.body.amount);
  const wallet = await prisma.wallet.findUnique({ where: { userId } });
  if (!wallet) return res.status(404).end();
  const updated = await prisma.wallet.update({ where: { userId }, data: { balance: wallet.balance + amount } }); // expect: race/no-read-modify-write
  return res.json(updated);
}

// Atomic increment: the database adds to whatever the balance is at write time.
export async function topUpAtomic(userId: number, amount: number) {
  return prisma.wallet.update({ where: { userId }, data: { balance: { increment: amount } } }); // safe: race/no-read-modify-write
}

// A transaction at the default isolation: both transactions read the same balance.
export async function pay(userId: number, price: number) {
  return prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { userId } });
    if (wallet.balance < price) throw new Error('insufficient funds');
    const balance = wallet.balance - price;
    return tx.wallet.update({ where: { id: wallet.id }, data: { balance } }); // expect: race/no-read-modify-write
  });
}

// Serializable: PostgreSQL aborts one of two overlapping payments, and the caller retries.
export async function paySerializable(userId: number, price: number) {
  return prisma.$transaction(
    async (tx) => {
      const wallet = await tx.wallet.findUniqueOrThrow({ where: { userId } });
      if (wallet.balance < price) throw new Error('insufficient funds');
      return tx.wallet.update({ where: { id: wallet.id }, data: { balance: wallet.balance - price } }); // safe: race/no-read-modify-write
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
  );
}

// The debit is atomic, but the balance check before it is stale: two payments overdraw.
export async function payAtomicButChecked(userId: number, price: number) {
  const wallet = await prisma.wallet.findUniqueOrThrow({ where: { userId } });
  if (wallet.balance < price) throw new Error('insufficient funds');
  await prisma.wallet.update({ where: { userId }, data: { balance: { decrement: price } } }); // expect: race/no-read-modify-write
}

// The check moved into the write: updateMany matches no row when the balance is too low.
export async function payConditional(userId: number, price: number) {
  const { count } = await prisma.wallet.updateMany({ // safe: race/no-read-modify-write
    where: { userId, balance: { gte: price } },
    data: { balance: { decrement: price } },
  });
  if (count === 0) throw new Error('insufficient funds');
}
