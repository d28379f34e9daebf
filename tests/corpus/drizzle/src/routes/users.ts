import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { db } from '../db/client';
import { users } from '../db/schema';

export const userRoutes = new Hono();

// users.email is unique: the second request fails with 23505 and the client sees a 500.
userRoutes.post('/users', async (c) => {
  const { email, name } = await c.req.json<{ email: string; name: string }>();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing) return c.json({ error: 'email_taken' }, 409);
  const [user] = await db.insert(users).values({ email, name }).returning(); // expect: race/no-check-then-create
  return c.json(user, 201);
});

// The same route, answering the lost race with the 409 the check gives.
userRoutes.post('/v2/users', async (c) => {
  const { email, name } = await c.req.json<{ email: string; name: string }>();
  const existing = await db.query.users.findFirst({ where: eq(users.email, email) });
  if (existing) return c.json({ error: 'email_taken' }, 409);
  try {
    const [user] = await db.insert(users).values({ email, name }).returning(); // safe: race/no-check-then-create
    return c.json(user, 201);
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof Object && 'code' in cause && cause.code === '23505') return c.json({ error: 'email_taken' }, 409);
    throw error;
  }
});

// Find-or-create in one statement; the select afterwards only reads.
userRoutes.put('/users/:email', async (c) => {
  const email = c.req.param('email');
  const existing = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) });
  if (existing) return c.json(existing);
  await db.insert(users).values({ email }).onConflictDoNothing({ target: users.email }); // safe: race/no-check-then-create
  return c.json(await db.query.users.findFirst({ where: eq(users.email, email) }));
});
