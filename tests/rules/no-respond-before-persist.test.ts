import rule from '../../src/rules/no-respond-before-persist.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

const header = "import express from 'express';\nimport { randomUUID } from 'node:crypto';\nimport { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst app = express();\n";

ruleTester.run('no-respond-before-persist', rule, {
  valid: [
    // awaited
    header + `app.post('/orders', async (req, res) => {
  const id = randomUUID();
  await prisma.order.create({ data: { id, total: req.body.total } });
  res.status(201).json({ id });
});`,
    // returned
    header + `app.post('/orders', (req, res) => {
  return prisma.order.create({ data: { total: req.body.total } }).then((order) => res.json(order));
});`,
    // then-responds
    header + `app.post('/orders', (req, res, next) => {
  prisma.order
    .create({ data: { total: req.body.total } })
    .then((order) => res.status(201).json(order))
    .catch(next);
});`,
    // after-response
    header + `app.delete('/orders/:id', async (req, res) => {
  await prisma.order.delete({ where: { id: req.params.id } });
  res.sendStatus(204);
  prisma.auditLog.create({ data: { action: 'order.deleted' } });
});`,
    // promise-all-awaited
    header + `app.post('/orders/:id/pay', async (req, res) => {
  const paying = prisma.order.update({ where: { id: req.params.id }, data: { status: 'paid' } });
  const logging = prisma.auditLog.create({ data: { action: 'order.paid' } });
  await Promise.all([paying, logging]);
  res.json({ status: 'paid' });
});`,
    // awaited-variable
    header + `app.post('/orders/:id/pay', async (req, res) => {
  const paying = prisma.order.update({ where: { id: req.params.id }, data: { status: 'paid' } });
  const user = await prisma.user.findUnique({ where: { id: req.body.userId } });
  await paying;
  res.json({ user });
});`,
    // wait-until
    { code: `import { waitUntil } from '@vercel/functions';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function GET() {
  waitUntil(prisma.auditLog.create({ data: { action: 'viewed' } }));
  return Response.json({ ok: true });
}`, filename: fixtureFile('project', 'app/api/items/route.ts') },
    // after
    { code: `import { after } from 'next/server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function GET() {
  after(() => prisma.auditLog.create({ data: { action: 'viewed' } }));
  return Response.json({ ok: true });
}`, filename: fixtureFile('project', 'app/api/items/route.ts') },
    // execution-context
    `import { Hono } from 'hono';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = new Hono();
app.get('/views', (c) => {
  c.executionCtx.waitUntil(prisma.view.create({ data: { path: c.req.path } }));
  return c.text('ok');
});`,
    // variable-handed-over
    `import { Hono } from 'hono';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = new Hono();
app.get('/views', async (c) => {
  const logging = prisma.view.create({ data: { path: c.req.path } });
  c.executionCtx.waitUntil(logging);
  return c.text('ok');
});`,
    // not-a-handler
    header + `export function stampLastSeen(userId: string) {
  prisma.user.update({ where: { id: userId }, data: { lastSeenAt: new Date() } });
  return userId;
}`,
    // middleware-next
    header + `app.use((req, res, next) => {
  prisma.requestLog.create({ data: { path: req.path } });
  next();
});`,
    // koa-next
    `import Koa from 'koa';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = new Koa();
app.use(async (ctx, next) => {
  prisma.requestLog.create({ data: { path: ctx.path } });
  return next();
});`,
    // branch-returns
    header + `app.post('/drafts', async (req, res) => {
  if (req.body.discard) {
    prisma.draft.delete({ where: { id: req.body.id } });
    return;
  }
  await prisma.draft.update({ where: { id: req.body.id }, data: { text: req.body.text } });
  res.json({ ok: true });
});`,
    // other-branch
    header + `app.post('/drafts', async (req, res) => {
  if (req.body.discard) {
    prisma.draft.delete({ where: { id: req.body.id } });
  } else {
    res.json({ kept: true });
  }
});`,
    // cache-fill
    `import express from 'express';
import Redis from 'ioredis';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const redis = new Redis();
const app = express();
app.get('/users/:id', async (req, res) => {
  const key = \`user:\${req.params.id}\`;
  const cached = await redis.get(key);
  if (cached) return res.json(JSON.parse(cached));
  const user = await prisma.user.findUnique({ where: { id: req.params.id } });
  redis.set(key, JSON.stringify(user), 'EX', 60);
  res.json(user);
});`,
    // queue
    `import express from 'express';
import { Queue } from 'bullmq';
const emails = new Queue('emails');
const app = express();
app.post('/invites', async (req, res) => {
  emails.add('invite', { to: req.body.email });
  res.sendStatus(202);
});`,
    // floating-read
    header + `app.get('/warm', async (req, res) => {
  prisma.user.findMany();
  res.json({ ok: true });
});`,
    // nest-service
    `import { Injectable, Post } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class Notes {
  constructor(private readonly prisma: PrismaClient) {}
  @Post()
  create(text: string) {
    this.prisma.note.create({ data: { text } });
    return text;
  }
}`,
    // route-helper
    { code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function track(path: string) {
  prisma.view.create({ data: { path } });
  return path;
}`, filename: fixtureFile('project', 'app/api/items/route.ts') },
    // not-route-callback
    `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const loader = cache.get('key', (key, value) => {
  prisma.view.create({ data: { key } });
  return value;
});`,
    // map-set
    header + `const seen = new Map();
app.post('/seen', async (req, res) => {
  seen.set(req.body.id, Date.now());
  res.sendStatus(204);
});`,
    // response-before
    `import Fastify from 'fastify';
import { Pool } from 'pg';
const pool = new Pool();
const app = Fastify();
app.post('/hits', async (request, reply) => {
  reply.code(204).send();
  pool.query('UPDATE stats SET hits = hits + 1');
});`,
    // typed-helper
    `import type { Request } from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function audit(req: Request, action: string) {
  prisma.auditLog.create({ data: { action, ip: req.ip } });
  return action;
}`,
    // then-in-branch-answer
    header + `app.post('/jobs', (req, res) => {
  if (req.body.sync) {
    return prisma.job.create({ data: req.body }).then((job) => res.json(job));
  }
  res.status(400).json({ error: 'sync only' });
});`,
    // odd-shapes
    header + `app.post(\`/x\`, async ({ body }, ...rest) => {
  prisma[body.model].create({ data: body });
  rest[0].json({});
});
app.get();
app.post('/y', async function () {
  prisma.thing.create({ data: {} });
  return;
});
app.all('/z', async (req, res) => prisma.thing.create({ data: {} }));`,
  ],
  invalid: [
    {
      // generated-id
      code: header + `app.post('/orders', (req, res) => {
  const id = randomUUID();
  prisma.order.create({ data: { id, total: req.body.total } });
  res.status(201).json({ id });
});`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 8,
          column: 3,
          data: { write: 'prisma.order.create', writeLine: '8', verb: 'sends its response', responseLine: '9', values: '`id`' },
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/orders', async (req, res) => {
  const id = randomUUID();
  await prisma.order.create({ data: { id, total: req.body.total } });
  res.status(201).json({ id });
});` },
          ],
        },
      ],
    },
    {
      // catch-chain-redirect
      code: header + `app.post('/orders', async (req, res, next) => {
  const id = randomUUID();
  prisma.order.create({ data: { id, total: req.body.total } }).catch(next);
  res.redirect(303, \`/orders/\${id}\`);
});`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 8,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/orders', async (req, res, next) => {
  const id = randomUUID();
  await prisma.order.create({ data: { id, total: req.body.total } }).catch(next);
  res.redirect(303, \`/orders/\${id}\`);
});` },
          ],
        },
      ],
    },
    {
      // void-update
      code: header + `app.post('/orders/:id/cancel', async (req, res) => {
  void prisma.order.update({ where: { id: req.params.id }, data: { status: 'cancelled' } });
  res.json({ status: 'cancelled' });
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 8,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/orders/:id/cancel', async (req, res) => {
  await prisma.order.update({ where: { id: req.params.id }, data: { status: 'cancelled' } });
  res.json({ status: 'cancelled' });
});` },
          ],
        },
      ],
    },
    {
      // awaited-after-response
      code: header + `app.post('/orders/:id/ship', async (req, res) => {
  const shipping = prisma.order.update({ where: { id: req.params.id }, data: { status: 'shipped' } });
  res.status(202).json({ status: 'shipped' });
  await shipping;
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 20,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/orders/:id/ship', async (req, res) => {
  const shipping = await prisma.order.update({ where: { id: req.params.id }, data: { status: 'shipped' } });
  res.status(202).json({ status: 'shipped' });
  await shipping;
});` },
          ],
        },
      ],
    },
    {
      // variable-continued
      code: header + `app.post('/orders/:id/ship', async (req, res) => {
  const shipping = prisma.order.update({ where: { id: req.params.id }, data: { status: 'shipped' } });
  res.sendStatus(202);
  shipping.then(() => console.log('shipped'));
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // redirect
      code: header + `app.post('/posts', async (req, res) => {
  prisma.post.create({ data: { title: req.body.title } });
  res.redirect('/posts');
});`,
      errors: [
        {
          messageId: 'redirectsBeforePersist',
          line: 7,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/posts', async (req, res) => {
  await prisma.post.create({ data: { title: req.body.title } });
  res.redirect('/posts');
});` },
          ],
        },
      ],
    },
    {
      // in-branch
      code: header + `app.put('/posts/:id', async (req, res) => {
  if (req.body.publish) {
    prisma.post.update({ where: { id: Number(req.params.id) }, data: { published: true } });
  }
  res.json({ ok: true });
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 8,
          column: 5,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.put('/posts/:id', async (req, res) => {
  if (req.body.publish) {
    await prisma.post.update({ where: { id: Number(req.params.id) }, data: { published: true } });
  }
  res.json({ ok: true });
});` },
          ],
        },
      ],
    },
    {
      // conditional-write
      code: header + `app.post('/visits', async (req, res) => {
  req.body.track && prisma.visit.create({ data: { path: req.body.path } });
  res.end();
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 21,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/visits', async (req, res) => {
  req.body.track && await prisma.visit.create({ data: { path: req.body.path } });
  res.end();
});` },
          ],
        },
      ],
    },
    {
      // promise-all-floating
      code: header + `app.post('/teams', async (req, res) => {
  Promise.all([prisma.team.create({ data: { name: req.body.name } }), prisma.auditLog.create({ data: { action: 'team' } })]);
  res.sendStatus(201);
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 16,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/teams', async (req, res) => {
  await Promise.all([prisma.team.create({ data: { name: req.body.name } }), prisma.auditLog.create({ data: { action: 'team' } })]);
  res.sendStatus(201);
});` },
          ],
        },
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 71,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/teams', async (req, res) => {
  await Promise.all([prisma.team.create({ data: { name: req.body.name } }), prisma.auditLog.create({ data: { action: 'team' } })]);
  res.sendStatus(201);
});` },
          ],
        },
      ],
    },
    {
      // transaction-floating
      code: header + `app.post('/transfers', async (req, res) => {
  prisma.$transaction(async (tx) => {
    await tx.ledger.create({ data: { amount: req.body.amount } });
  });
  res.status(202).send('accepted');
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 3,
          data: { write: 'prisma.$transaction() → tx.ledger.create', writeLine: '7', verb: 'sends its response', responseLine: '10' },
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/transfers', async (req, res) => {
  await prisma.$transaction(async (tx) => {
    await tx.ledger.create({ data: { amount: req.body.amount } });
  });
  res.status(202).send('accepted');
});` },
          ],
        },
      ],
    },
    {
      // stream
      code: header + `app.post('/exports', async (req, res) => {
  prisma.exportJob.create({ data: { format: 'csv' } });
  res.write('started');
  res.end();
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.post('/exports', async (req, res) => {
  await prisma.exportJob.create({ data: { format: 'csv' } });
  res.write('started');
  res.end();
});` },
          ],
        },
      ],
    },
    {
      // typed-no-async-return-type
      code: `import type { Request, Response } from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function archive(req: Request, res: Response): void {
  prisma.post.update({ where: { id: Number(req.params.id) }, data: { archived: true } });
  res.sendStatus(204);
}`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 5,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // by-name-registration
      code: `import { PrismaClient } from '@prisma/client';
import { router } from './router';
const prisma = new PrismaClient();
function createTag(req, res) {
  prisma.tag.create({ data: { name: req.body.name } });
  res.status(201).end();
}
router.post('/tags', createTag);`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 5,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { PrismaClient } from '@prisma/client';
import { router } from './router';
const prisma = new PrismaClient();
async function createTag(req, res) {
  await prisma.tag.create({ data: { name: req.body.name } });
  res.status(201).end();
}
router.post('/tags', createTag);` },
          ],
        },
      ],
    },
    {
      // request-handler-type
      code: `import type { RequestHandler } from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const removeTag: RequestHandler = async (req, res) => {
  prisma.tag.delete({ where: { id: Number(req.params.id) } });
  res.sendStatus(204);
};`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 5,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import type { RequestHandler } from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const removeTag: RequestHandler = async (req, res) => {
  await prisma.tag.delete({ where: { id: Number(req.params.id) } });
  res.sendStatus(204);
};` },
          ],
        },
      ],
    },
    {
      // fastify-reply
      code: `import Fastify from 'fastify';
import { nanoid } from 'nanoid';
import { Pool } from 'pg';
const pool = new Pool();
const app = Fastify();
app.post('/links', async (request, reply) => {
  const slug = nanoid(8);
  pool.query('INSERT INTO links (slug, url) VALUES ($1, $2)', [slug, request.body.url]);
  return reply.code(201).send({ slug });
});`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 8,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import Fastify from 'fastify';
import { nanoid } from 'nanoid';
import { Pool } from 'pg';
const pool = new Pool();
const app = Fastify();
app.post('/links', async (request, reply) => {
  const slug = nanoid(8);
  await pool.query('INSERT INTO links (slug, url) VALUES ($1, $2)', [slug, request.body.url]);
  return reply.code(201).send({ slug });
});` },
          ],
        },
      ],
    },
    {
      // fastify-route-return
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';
const pool = new Pool();
const app = Fastify();
app.route({
  method: 'DELETE',
  url: '/links/:slug',
  handler: async (request) => {
    pool.query('DELETE FROM links WHERE slug = $1', [request.params.slug]);
    return { deleted: true };
  },
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 9,
          column: 5,
          data: { write: 'pool.query (DELETE links)', writeLine: '9', verb: 'returns its response', responseLine: '10' },
          suggestions: [
            { messageId: 'awaitWrite', output: `import Fastify from 'fastify';
import { Pool } from 'pg';
const pool = new Pool();
const app = Fastify();
app.route({
  method: 'DELETE',
  url: '/links/:slug',
  handler: async (request) => {
    await pool.query('DELETE FROM links WHERE slug = $1', [request.params.slug]);
    return { deleted: true };
  },
});` },
          ],
        },
      ],
    },
    {
      // koa-body
      code: `import Router from '@koa/router';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const router = new Router();
router.post('/notes', async (ctx) => {
  const note = { id: crypto.randomUUID(), text: ctx.request.body.text };
  prisma.note.create({ data: note });
  ctx.status = 201;
  ctx.body = note;
});`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 7,
          column: 3,
          data: { write: 'prisma.note.create', writeLine: '7', verb: 'sends its response', responseLine: '9', values: '`note`' },
          suggestions: [
            { messageId: 'awaitWrite', output: `import Router from '@koa/router';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const router = new Router();
router.post('/notes', async (ctx) => {
  const note = { id: crypto.randomUUID(), text: ctx.request.body.text };
  await prisma.note.create({ data: note });
  ctx.status = 201;
  ctx.body = note;
});` },
          ],
        },
      ],
    },
    {
      // hono-json
      code: `import { Hono } from 'hono';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = new Hono();
app.post('/notes', (c) => {
  const id = crypto.randomUUID();
  prisma.note.create({ data: { id } });
  return c.json({ id }, 201);
});`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 7,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { Hono } from 'hono';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = new Hono();
app.post('/notes', async (c) => {
  const id = crypto.randomUUID();
  await prisma.note.create({ data: { id } });
  return c.json({ id }, 201);
});` },
          ],
        },
      ],
    },
    {
      // nest-controller
      code: `import { Body, Controller, Post } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Controller('notes')
export class NotesController {
  constructor(private readonly prisma: PrismaClient) {}
  @Post()
  public create(@Body() body: { text: string }) {
    this.prisma.note.create({ data: { text: body.text } });
    return { queued: true };
  }
}`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 8,
          column: 5,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { Body, Controller, Post } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Controller('notes')
export class NotesController {
  constructor(private readonly prisma: PrismaClient) {}
  @Post()
  public async create(@Body() body: { text: string }) {
    await this.prisma.note.create({ data: { text: body.text } });
    return { queued: true };
  }
}` },
          ],
        },
      ],
    },
    {
      // nest-res
      code: `import { Controller, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
@Controller('notes')
export class NotesController {
  @Post('bulk')
  async bulk(@Res() res: Response) {
    prisma.note.deleteMany({ where: { done: true } });
    res.status(204).send();
  }
}`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 9,
          column: 5,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { Controller, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
@Controller('notes')
export class NotesController {
  @Post('bulk')
  async bulk(@Res() res: Response) {
    await prisma.note.deleteMany({ where: { done: true } });
    res.status(204).send();
  }
}` },
          ],
        },
      ],
    },
    {
      // next-route
      code: `import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function POST(request: Request) {
  const token = crypto.randomUUID();
  prisma.invite.create({ data: { token } });
  return NextResponse.json({ token }, { status: 201 });
}`,
      filename: fixtureFile('project', 'app/api/items/route.ts'),
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 6,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function POST(request: Request) {
  const token = crypto.randomUUID();
  await prisma.invite.create({ data: { token } });
  return NextResponse.json({ token }, { status: 201 });
}` },
          ],
        },
      ],
    },
    {
      // next-route-arrow
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const DELETE = async (request: Request) => {
  prisma.invite.deleteMany({ where: { expired: true } });
  return new Response(null, { status: 204 });
};`,
      filename: fixtureFile('project', 'app/api/items/route.ts'),
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 4,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const DELETE = async (request: Request) => {
  await prisma.invite.deleteMany({ where: { expired: true } });
  return new Response(null, { status: 204 });
};` },
          ],
        },
      ],
    },
    {
      // server-action
      code: `import { redirect } from 'next/navigation';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function createPost(formData: FormData) {
  'use server';
  const slug = \`post-\${Date.now()}\`;
  prisma.post.create({ data: { slug, title: String(formData.get('title')) } });
  redirect(\`/posts/\${slug}\`);
}`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 7,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import { redirect } from 'next/navigation';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function createPost(formData: FormData) {
  'use server';
  const slug = \`post-\${Date.now()}\`;
  await prisma.post.create({ data: { slug, title: String(formData.get('title')) } });
  redirect(\`/posts/\${slug}\`);
}` },
          ],
        },
      ],
    },
    {
      // server-action-file
      code: `'use server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const rename = async (id: number, title: string) => {
  prisma.post.update({ where: { id }, data: { title } });
  return { ok: true };
};`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 5,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `'use server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const rename = async (id: number, title: string) => {
  await prisma.post.update({ where: { id }, data: { title } });
  return { ok: true };
};` },
          ],
        },
      ],
    },
    {
      // pages-api-mongoose
      code: `import mongoose from 'mongoose';
const Upload = mongoose.model('Upload', new mongoose.Schema({ name: String }));
export default function handler(req, res) {
  const upload = new Upload({ name: req.body.name });
  upload.save();
  res.status(201).json({ id: upload._id });
}`,
      filename: fixtureFile('project', 'pages/api/uploads.ts'),
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 5,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import mongoose from 'mongoose';
const Upload = mongoose.model('Upload', new mongoose.Schema({ name: String }));
export default async function handler(req, res) {
  const upload = new Upload({ name: req.body.name });
  await upload.save();
  res.status(201).json({ id: upload._id });
}` },
          ],
        },
      ],
    },
    {
      // redis-cookie
      code: `import express from 'express';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
const redis = new Redis();
const app = express();
app.post('/login', async (req, res) => {
  const token = randomBytes(32).toString('hex');
  redis.set(\`session:\${token}\`, req.body.userId, 'EX', 3600);
  res.cookie('session', token);
  res.json({ ok: true });
});`,
      errors: [
        {
          messageId: 'respondsWithCreated',
          line: 8,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import express from 'express';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
const redis = new Redis();
const app = express();
app.post('/login', async (req, res) => {
  const token = randomBytes(32).toString('hex');
  await redis.set(\`session:\${token}\`, req.body.userId, 'EX', 3600);
  res.cookie('session', token);
  res.json({ ok: true });
});` },
          ],
        },
      ],
    },
    {
      // server-action-default-export
      code: `'use server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export default async function archive(id: number) {
  prisma.post.delete({ where: { id } });
  return { archived: id };
}`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 5,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `'use server';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export default async function archive(id: number) {
  await prisma.post.delete({ where: { id } });
  return { archived: id };
}` },
          ],
        },
      ],
    },
    {
      // qualified-types
      code: `import * as express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function publish(req: express.Request, res: express.Response) {
  prisma.post.update({ where: { id: Number(req.params.id) }, data: { published: true } });
  res.redirect(\`/posts/\${req.params.id}\`);
}`,
      errors: [
        {
          messageId: 'redirectsBeforePersist',
          line: 5,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: `import * as express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function publish(req: express.Request, res: express.Response) {
  await prisma.post.update({ where: { id: Number(req.params.id) }, data: { published: true } });
  res.redirect(\`/posts/\${req.params.id}\`);
}` },
          ],
        },
      ],
    },
    {
      // error-middleware
      code: header + `app.use((err, req, res, next) => {
  prisma.errorLog.create({ data: { message: String(err) } });
  res.status(500).json({ error: 'internal' });
});`,
      errors: [
        {
          messageId: 'respondsBeforePersist',
          line: 7,
          column: 3,
          suggestions: [
            { messageId: 'awaitWrite', output: header + `app.use(async (err, req, res, next) => {
  await prisma.errorLog.create({ data: { message: String(err) } });
  res.status(500).json({ error: 'internal' });
});` },
          ],
        },
      ],
    },
  ],
});
