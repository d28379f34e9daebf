import type { Request, Response } from 'express';
import bcrypt from 'bcryptjs';
import { User } from '../models/user';

// Unique email index stops the duplicate, but the loser gets a 500 (E11000) instead of a 409.
export async function signup(req: Request, res: Response) {
  const { email, password, username } = req.body as { email: string; password: string; username: string };
  const existing = await User.findOne({ email: email.toLowerCase() });
  if (existing) {
    res.status(409).json({ error: 'email_taken' });
    return;
  }
  const passwordHash = await bcrypt.hash(password, 12);
  const user = await User.create({ email: email.toLowerCase(), username, passwordHash }); // expect: race/no-check-then-create
  res.status(201).json({ id: user.id });
}

// Same flow, with the duplicate-key error turned into the same 409 the check gives.
export async function signupHandled(req: Request, res: Response) {
  const { email, password, username } = req.body as { email: string; password: string; username: string };
  const existing = await User.exists({ email });
  if (existing) {
    res.status(409).json({ error: 'email_taken' });
    return;
  }
  try {
    const user = await User.create({ email, username, passwordHash: await bcrypt.hash(password, 12) }); // safe: race/no-check-then-create
    res.status(201).json({ id: user.id });
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === 11000) {
      res.status(409).json({ error: 'email_taken' });
      return;
    }
    throw error;
  }
}

// The check is on users, the write on another collection: different records.
export async function updateProfile(req: Request, res: Response) {
  const { userId, displayName } = req.body as { userId: string; displayName: string };
  const user = await User.findById(userId);
  if (!user) {
    res.sendStatus(404);
    return;
  }
  user.displayName = displayName;
  await user.save(); // safe: race/no-check-then-create
  res.json({ ok: true });
}
