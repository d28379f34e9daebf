import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { prisma } from '../db.js';

export const orders = express.Router();

// The id is generated here and sent back at once: the client's next GET /orders/:id can run
// before the INSERT has committed, and a failed insert leaves the client holding a dead id.
orders.post('/', (req, res) => {
  const id = randomUUID();
  prisma.order.create({ data: { id, userId: req.body.userId, total: req.body.total } }); // expect: race/no-respond-before-persist
  res.status(201).json({ id });
});

// Same endpoint, awaiting the insert before answering.
orders.post('/v2', async (req, res) => {
  const id = randomUUID();
  await prisma.order.create({ data: { id, userId: req.body.userId, total: req.body.total } }); // safe: race/no-respond-before-persist
  res.status(201).json({ id });
});

// A `.catch(next)` on the chain reports nothing to the client: the redirect has gone already.
orders.post('/checkout', async (req: Request, res: Response, next: NextFunction) => {
  const id = randomUUID();
  prisma.order // expect: race/no-respond-before-persist
    .create({ data: { id, userId: req.body.userId, total: req.body.total } })
    .catch(next);
  res.redirect(303, `/orders/${id}`);
});

// Callback style: the response is sent from the write's own continuation, after it landed.
orders.post('/legacy', (req, res, next) => {
  const id = randomUUID();
  prisma.order
    .create({ data: { id, userId: req.body.userId, total: req.body.total } }) // safe: race/no-respond-before-persist
    .then((order) => res.status(201).json(order))
    .catch(next);
});

// The status change is started, and the client is told it is done.
orders.post('/:id/cancel', async (req, res) => {
  void prisma.order.update({ where: { id: req.params.id }, data: { status: 'cancelled' } }); // expect: race/no-respond-before-persist
  res.json({ status: 'cancelled' });
});

// The audit row is written after the answer has gone: nothing the client acts on depends on it.
orders.delete('/:id', async (req, res) => {
  await prisma.order.delete({ where: { id: req.params.id } }); // safe: race/no-respond-before-persist
  res.sendStatus(204);
  prisma.auditLog.create({ data: { action: 'order.deleted', subjectId: req.params.id } }); // safe: race/no-respond-before-persist
});

// Started early, awaited before answering: the two writes overlap, the client waits for both.
orders.post('/:id/pay', async (req, res) => {
  const paying = prisma.order.update({ where: { id: req.params.id }, data: { status: 'paid' } }); // safe: race/no-respond-before-persist
  const logging = prisma.auditLog.create({ data: { action: 'order.paid', subjectId: req.params.id } }); // safe: race/no-respond-before-persist
  await Promise.all([paying, logging]);
  res.json({ status: 'paid' });
});

// "Respond fast, then wait": the 202 goes out while the update is still running.
orders.post('/:id/ship', async (req, res) => {
  const shipping = prisma.order.update({ where: { id: req.params.id }, data: { status: 'shipped' } }); // expect: race/no-respond-before-persist
  res.status(202).json({ status: 'shipped' });
  await shipping;
});

// A helper outside any handler: whoever calls it decides whether to await.
export function stampLastSeen(userId: string) {
  return prisma.user.update({ where: { id: userId }, data: { lastSeenAt: new Date() } }); // safe: race/no-respond-before-persist
}
