import { Prisma, type PrismaClient } from '@prisma/client';
import { InsufficientFundsError, NotFoundError } from '@/shared/errors';
import { WalletRepository } from './wallet.repository';

export class BillingService {
  constructor(
    private readonly wallets: WalletRepository,
    private readonly prisma: PrismaClient,
  ) {}

  async balanceOf(walletId: number): Promise<number> {
    const wallet = await this.wallets.getById(walletId);
    if (!wallet) throw new NotFoundError('wallet');
    return wallet.balance;
  }

  async overwriteBalance(walletId: number, balance: number): Promise<void> {
    await this.wallets.setBalance(walletId, balance);
  }

  // The new balance is computed from a read that a concurrent charge can overtake.
  async charge(walletId: number, amount: number) {
    const wallet = await this.wallets.getById(walletId);
    if (!wallet) throw new NotFoundError('wallet');
    return this.wallets.setBalance(wallet.id, wallet.balance - amount); // expect: race/no-read-modify-write
  }

  // The read only proves the wallet exists; the database adds the amount.
  async topUp(walletId: number, amount: number) {
    const wallet = await this.wallets.getById(walletId);
    if (!wallet) throw new NotFoundError('wallet');
    return this.wallets.credit(wallet.id, amount); // safe: race/no-read-modify-write
  }

  // The decrement is atomic, but the funds check before it is stale: two debits overdraw.
  async debit(walletId: number, amount: number) {
    const wallet = await this.wallets.getById(walletId);
    if (!wallet || wallet.balance < amount) throw new InsufficientFundsError();
    return this.wallets.debit(walletId, amount); // expect: race/no-read-modify-write
  }

  // The funds check is part of the update, and its outcome decides the answer.
  async debitIfFunds(walletId: number, amount: number) {
    const wallet = await this.wallets.getById(walletId);
    if (!wallet) throw new NotFoundError('wallet');
    const debited = await this.wallets.tryDebit(wallet.id, amount); // safe: race/no-read-modify-write
    if (!debited) throw new InsufficientFundsError();
  }

  // The transaction runs at READ COMMITTED: two transfers read the same source balance.
  async transfer(fromId: number, toId: number, amount: number) {
    await this.prisma.$transaction(async (tx) => {
      const from = await this.wallets.getById(fromId, tx);
      if (!from || from.balance < amount) throw new InsufficientFundsError();
      await this.wallets.setBalance(from.id, from.balance - amount, tx); // expect: race/no-read-modify-write
      await this.wallets.credit(toId, amount, tx);
    });
  }

  // The source row is read with FOR UPDATE: a second transfer waits, then reads the new balance.
  async transferLocked(fromId: number, toId: number, amount: number) {
    await this.prisma.$transaction(async (tx) => {
      const from = await this.wallets.lockById(fromId, tx);
      if (!from || from.balance < amount) throw new InsufficientFundsError();
      await this.wallets.setBalance(from.id, from.balance - amount, tx); // safe: race/no-read-modify-write
      await this.wallets.credit(toId, amount, tx);
    });
  }

  // SERIALIZABLE: PostgreSQL aborts one of two overlapping transfers, and the caller retries.
  async transferStrict(fromId: number, toId: number, amount: number) {
    await this.prisma.$transaction(
      async (tx) => {
        const from = await this.wallets.getById(fromId, tx);
        if (!from || from.balance < amount) throw new InsufficientFundsError();
        await this.wallets.setBalance(from.id, from.balance - amount, tx); // safe: race/no-read-modify-write
        await this.wallets.credit(toId, amount, tx);
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
    );
  }
}
