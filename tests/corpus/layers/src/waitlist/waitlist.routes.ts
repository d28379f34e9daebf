import { Router } from 'express';
import db from '../lib/knex';
import { WaitlistRepository } from './waitlist.repository';

export const waitlistRouter = Router();
const waitlist = new WaitlistRepository(db);

// Two submits of the waitlist form both find no entry and both add one.
waitlistRouter.post('/events/:eventId/waitlist', async (req, res) => {
  const eventId = Number(req.params.eventId);
  const email = String(req.body.email).trim().toLowerCase();
  if (await waitlist.findEntry(eventId, email)) return res.status(200).json({ listed: true });
  await waitlist.addEntry(eventId, email); // expect: race/no-check-then-create
  return res.status(201).json({ listed: true });
});
