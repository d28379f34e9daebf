import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CreditAccountsRepository } from './credit-accounts.repository';

@Injectable()
export class CreditsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: CreditAccountsRepository,
  ) {}

  // The transaction reads without a lock: two purchases both subtract from the same balance.
  async spend(accountId: number, cost: number) {
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.findById(manager, accountId);
      if (account.balance < cost) throw new ConflictException('Not enough credits');
      account.balance -= cost;
      await this.accounts.persist(manager, account); // expect: race/no-read-modify-write
    });
  }

  // The locking read makes a second purchase wait and then read the reduced balance.
  async spendExclusive(accountId: number, cost: number) {
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.findByIdForUpdate(manager, accountId);
      if (account.balance < cost) throw new ConflictException('Not enough credits');
      account.balance -= cost;
      await this.accounts.persist(manager, account); // safe: race/no-read-modify-write
    });
  }

  // Optimistic: the write applies only over the version read, and a lost race is reported.
  async spendOptimistic(accountId: number, cost: number) {
    const account = await this.accounts.get(accountId);
    if (account.balance < cost) throw new ConflictException('Not enough credits');
    const written = await this.accounts.updateIfVersion(account.id, account.version, account.balance - cost); // safe: race/no-read-modify-write
    if (!written) throw new ConflictException('Balance changed, try again');
  }
}
