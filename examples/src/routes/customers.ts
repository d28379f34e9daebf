import { Prisma } from '@prisma/client';
import { Router } from 'express';
import { prisma } from '../db.js';

export const customers = Router();

// RACE: e-mail is unique in the schema, but two concurrent sign-ups both pass the check
// and the second one fails with an unhandled P2002 (a 500 instead of a 409).
customers.post('/customers', async (req, res) => {
  const { email, name } = req.body as { email: string; name: string };
  const existing = await prisma.customer.findUnique({ where: { email } });
  if (existing) {
    res.status(409).json({ error: 'email already registered' });
    return;
  }
  const customer = await prisma.customer.create({ data: { email, name } });
  res.status(201).json(customer);
});

// FIXED: the check stays as a fast path; the unique violation is answered with a 409.
customers.post('/v2/customers', async (req, res) => {
  const { email, name } = req.body as { email: string; name: string };
  const existing = await prisma.customer.findUnique({ where: { email } });
  if (existing) {
    res.status(409).json({ error: 'email already registered' });
    return;
  }
  try {
    res.status(201).json(await prisma.customer.create({ data: { email, name } }));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      res.status(409).json({ error: 'email already registered' });
      return;
    }
    throw error;
  }
});
