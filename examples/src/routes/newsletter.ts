import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { prisma } from '../db.js';

export const newsletter = Router();

// RACE: the confirmation link is answered while the subscriber row is still being written: a
// quick click on it finds no token, and when the insert fails the client has been told it worked.
newsletter.post('/newsletter', (req, res, next) => {
  const token = randomUUID();
  prisma.subscriber.create({ data: { email: String(req.body.email), token } }).catch(next);
  res.status(201).json({ confirm: `/newsletter/confirm/${token}` });
});

// FIXED: the row exists before the link goes out.
newsletter.post('/v2/newsletter', async (req, res) => {
  const token = randomUUID();
  await prisma.subscriber.create({ data: { email: String(req.body.email), token } });
  res.status(201).json({ confirm: `/newsletter/confirm/${token}` });
});
