import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { StockItem } from '../entities/stock-item.entity';

@Injectable()
export class StockRepository {
  constructor(@InjectRepository(StockItem) private readonly items: Repository<StockItem>) {}

  findBySku(sku: string): Promise<StockItem | null> {
    return this.items.findOneBy({ sku });
  }

  async decrementQuantity(id: number, by: number): Promise<void> {
    await this.items.decrement({ id }, 'quantity', by);
  }

  async setQuantity(id: number, quantity: number): Promise<void> {
    await this.items.update({ id }, { quantity });
  }

  /** Takes `by` units only while at least that many are left; false when they were not. */
  async takeIfAvailable(id: number, by: number): Promise<boolean> {
    const result = await this.items
      .createQueryBuilder()
      .update(StockItem)
      .set({ quantity: () => 'quantity - :by' })
      .where('id = :id AND quantity >= :by', { id, by })
      .execute();
    return result.affected === 1;
  }
}
