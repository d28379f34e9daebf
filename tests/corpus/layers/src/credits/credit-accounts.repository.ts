import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CreditAccount } from '../entities/credit-account.entity';

@Injectable()
export class CreditAccountsRepository {
  constructor(@InjectRepository(CreditAccount) private readonly accounts: Repository<CreditAccount>) {}

  findById(manager: EntityManager, id: number): Promise<CreditAccount> {
    return manager.findOneByOrFail(CreditAccount, { id });
  }

  findByIdForUpdate(manager: EntityManager, id: number): Promise<CreditAccount> {
    return manager.findOneOrFail(CreditAccount, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  persist(manager: EntityManager, account: CreditAccount): Promise<CreditAccount> {
    return manager.save(account);
  }

  get(id: number): Promise<CreditAccount> {
    return this.accounts.findOneByOrFail({ id });
  }

  /** Writes the balance only over the version that was read; false when another write came first. */
  async updateIfVersion(id: number, version: number, balance: number): Promise<boolean> {
    const result = await this.accounts.update({ id, version }, { balance, version: version + 1 });
    return result.affected === 1;
  }
}
