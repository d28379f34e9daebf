import { Router } from 'express';
import { AppDataSource } from '../data-source';
import { Product } from '../entities/Product';

export const router = Router();
const products = AppDataSource.getRepository(Product);

// Oversell: both requests pass the stock check before either decrements.
router.post('/products/:id/reserve', async (req, res) => {
  const id = Number(req.params.id);
  const quantity = Number(req.body.quantity);
  const product = await products.findOneByOrFail({ id });
  if (product.stock < quantity) return res.status(409).json({ error: 'sold out' });
  await products.decrement({ id }, 'stock', quantity); // expect: race/no-read-modify-write
  return res.sendStatus(204);
});

// The check is in the WHERE and the affected rows decide the answer.
router.post('/products/:id/reserve-safely', async (req, res) => {
  const id = Number(req.params.id);
  const quantity = Number(req.body.quantity);
  const product = await products.findOneByOrFail({ id });
  if (product.stock < quantity) return res.status(409).json({ error: 'sold out' });
  const result = await products // safe: race/no-read-modify-write
    .createQueryBuilder()
    .update(Product)
    .set({ stock: () => 'stock - :quantity' })
    .where('id = :id AND stock >= :quantity', { id, quantity })
    .execute();
  return result.affected ? res.sendStatus(204) : res.status(409).json({ error: 'sold out' });
});

// The read only checks that the product exists; the database adds the delivery.
router.post('/products/:id/restock', async (req, res) => {
  const id = Number(req.params.id);
  const product = await products.findOneBy({ id });
  if (!product) return res.sendStatus(404);
  await products.increment({ id: product.id }, 'stock', Number(req.body.quantity)); // safe: race/no-read-modify-write
  return res.sendStatus(204);
});
