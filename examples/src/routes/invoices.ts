import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import { Router } from 'express';
import { prisma } from '../db.js';

export const invoices = Router();

// The invoice worker renders the PDF and stores the Invoice row.
const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: Number(process.env.REDIS_PORT ?? 6379) };
const invoiceQueue = new Queue('invoices', { connection });
const invoiceEvents = new QueueEvents('invoices', { connection });

// RACE: 500 ms is a guess at how long the worker takes; with a busy queue the invoice is not
// there yet and the client gets null.
invoices.post('/orders/:id/invoice', async (req, res) => {
  const orderId = Number(req.params.id);
  await invoiceQueue.add('render', { orderId });
  await sleep(500);
  const invoice = await prisma.invoice.findUnique({ where: { orderId } });
  res.status(201).json(invoice);
});

// FIXED: wait for the job itself, with a deadline.
invoices.post('/v2/orders/:id/invoice', async (req, res) => {
  const orderId = Number(req.params.id);
  const job = await invoiceQueue.add('render', { orderId });
  await job.waitUntilFinished(invoiceEvents, 10_000);
  const invoice = await prisma.invoice.findUniqueOrThrow({ where: { orderId } });
  res.status(201).json(invoice);
});
