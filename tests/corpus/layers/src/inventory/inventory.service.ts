import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { StockRepository } from './stock.repository';

@Injectable()
export class InventoryService {
  constructor(private readonly stock: StockRepository) {}

  // The decrement is atomic, but two orders both pass the stock check: the item is oversold.
  async reserve(sku: string, quantity: number) {
    const item = await this.stock.findBySku(sku);
    if (!item) throw new NotFoundException();
    if (item.quantity < quantity) throw new ConflictException('Not enough stock');
    await this.stock.decrementQuantity(item.id, quantity); // expect: race/no-read-modify-write
  }

  // The stock check is in the UPDATE's WHERE, and the affected count decides the answer.
  async reserveIfAvailable(sku: string, quantity: number) {
    const item = await this.stock.findBySku(sku);
    if (!item) throw new NotFoundException();
    const taken = await this.stock.takeIfAvailable(item.id, quantity); // safe: race/no-read-modify-write
    if (!taken) throw new ConflictException('Not enough stock');
  }

  // A delivery booked while an order ships: the order's decrement is written over.
  async restock(sku: string, received: number) {
    const item = await this.stock.findBySku(sku);
    if (!item) throw new NotFoundException();
    await this.stock.setQuantity(item.id, item.quantity + received); // expect: race/no-read-modify-write
  }
}
