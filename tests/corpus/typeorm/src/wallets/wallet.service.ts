import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Wallet } from '../entities/Wallet';

@Injectable()
export class WalletService {
  constructor(
    @InjectRepository(Wallet) private readonly wallets: Repository<Wallet>,
    private readonly dataSource: DataSource,
  ) {}

  // Two top-ups read the same balance; the second save writes over the first.
  async topUp(walletId: number, amount: number): Promise<Wallet> {
    const wallet = await this.wallets.findOneByOrFail({ id: walletId });
    wallet.balance += amount;
    return this.wallets.save(wallet); // expect: race/no-read-modify-write
  }

  // The database adds the amount: nothing is read first.
  async topUpAtomically(walletId: number, amount: number): Promise<void> {
    await this.wallets.increment({ id: walletId }, 'balance', amount); // safe: race/no-read-modify-write
  }

  // A transaction at the default level does not stop two withdrawals reading the same balance.
  async withdraw(walletId: number, amount: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const wallet = await manager.findOneBy(Wallet, { id: walletId });
      if (!wallet) throw new BadRequestException('No such wallet');
      await manager.update(Wallet, wallet.id, { balance: wallet.balance - amount }); // expect: race/no-read-modify-write
    });
  }

  // The row lock makes the second withdrawal wait for the first to commit, then read its balance.
  async withdrawLocked(walletId: number, amount: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const wallet = await manager.findOne(Wallet, {
        where: { id: walletId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!wallet || wallet.balance < amount) throw new BadRequestException('Insufficient funds');
      wallet.balance -= amount;
      await manager.save(wallet); // safe: race/no-read-modify-write
    });
  }

  // SERIALIZABLE: the second transaction fails to commit and the caller retries it.
  async withdrawSerializable(walletId: number, amount: number): Promise<void> {
    await this.dataSource.transaction('SERIALIZABLE', async (manager) => {
      const wallet = await manager.findOneByOrFail(Wallet, { id: walletId });
      if (wallet.balance < amount) throw new BadRequestException('Insufficient funds');
      await manager.update(Wallet, { id: walletId }, { balance: wallet.balance - amount }); // safe: race/no-read-modify-write
    });
  }

  // Optimistic: the write applies only while the version is the one read, and a miss is reported.
  async adjust(walletId: number, delta: number): Promise<void> {
    const wallet = await this.wallets.findOneByOrFail({ id: walletId });
    const result = await this.wallets.update( // safe: race/no-read-modify-write
      { id: walletId, version: wallet.version },
      { balance: wallet.balance + delta, version: wallet.version + 1 },
    );
    if (result.affected === 0) throw new ConflictException('Wallet changed, try again');
  }
}
