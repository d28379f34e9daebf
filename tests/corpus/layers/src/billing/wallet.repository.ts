import type { Prisma, PrismaClient, Wallet } from '@prisma/client';

type Db = PrismaClient | Prisma.TransactionClient;

export class WalletRepository {
  constructor(private readonly prisma: PrismaClient) {}

  getById(id: number, db: Db = this.prisma): Promise<Wallet | null> {
    return db.wallet.findUnique({ where: { id } });
  }

  /** Reads the wallet and locks its row until the caller's transaction ends. */
  async lockById(id: number, tx: Prisma.TransactionClient): Promise<Wallet | undefined> {
    const rows = await tx.$queryRaw<Wallet[]>`SELECT * FROM "Wallet" WHERE "id" = ${id} FOR UPDATE`;
    return rows[0];
  }

  setBalance(id: number, balance: number, db: Db = this.prisma): Promise<Wallet> {
    return db.wallet.update({ where: { id }, data: { balance } });
  }

  credit(id: number, amount: number, db: Db = this.prisma): Promise<Wallet> {
    return db.wallet.update({ where: { id }, data: { balance: { increment: amount } } });
  }

  debit(id: number, amount: number): Promise<Wallet> {
    return this.prisma.wallet.update({ where: { id }, data: { balance: { decrement: amount } } });
  }

  /** Debits only when the balance covers the amount; false when it did not. */
  async tryDebit(id: number, amount: number): Promise<boolean> {
    const { count } = await this.prisma.wallet.updateMany({
      where: { id, balance: { gte: amount } },
      data: { balance: { decrement: amount } },
    });
    return count === 1;
  }
}
