import Fastify from 'fastify';
import { nanoid } from 'nanoid';
import { pool } from '../db.js';

export const app = Fastify({ logger: true });

// The short link is returned before it is stored: the first visit can 404.
app.post('/links', async (request, reply) => {
  const { url } = request.body as { url: string };
  const slug = nanoid(8);
  pool.query('INSERT INTO links (slug, url) VALUES ($1, $2)', [slug, url]); // expect: race/no-respond-before-persist
  return reply.code(201).send({ slug, short: `https://sho.rt/${slug}` });
});

app.post('/v2/links', async (request, reply) => {
  const { url } = request.body as { url: string };
  const slug = nanoid(8);
  await pool.query('INSERT INTO links (slug, url) VALUES ($1, $2)', [slug, url]); // safe: race/no-respond-before-persist
  return reply.code(201).send({ slug });
});

// Returning a value answers a Fastify async handler just as `reply.send` does.
app.route({
  method: 'DELETE',
  url: '/links/:slug',
  handler: async (request) => {
    const { slug } = request.params as { slug: string };
    pool.query('DELETE FROM links WHERE slug = $1', [slug]); // expect: race/no-respond-before-persist
    return { deleted: slug };
  },
});

// The click counter is left running: on a short-lived host the increment is lost.
app.get('/:slug', async (request, reply) => {
  const { slug } = request.params as { slug: string };
  const { rows } = await pool.query('SELECT url FROM links WHERE slug = $1', [slug]);
  if (rows.length === 0) return reply.code(404).send();
  pool.query('UPDATE links SET clicks = clicks + 1 WHERE slug = $1', [slug]).catch((error) => request.log.error(error)); // expect: race/no-respond-before-persist
  return reply.redirect(rows[0].url);
});

// Both writes are awaited together before the answer.
app.put('/links/:slug', async (request, reply) => {
  const { slug } = request.params as { slug: string };
  const { url } = request.body as { url: string };
  await Promise.all([
    pool.query('UPDATE links SET url = $2 WHERE slug = $1', [slug, url]), // safe: race/no-respond-before-persist
    pool.query('INSERT INTO link_history (slug, url) VALUES ($1, $2)', [slug, url]), // safe: race/no-respond-before-persist
  ]);
  return reply.send({ slug, url });
});

// A hook that writes and answers nothing: the route handler answers later, after `done`.
app.addHook('onRequest', (request, reply, done) => {
  pool.query('INSERT INTO request_log (path) VALUES ($1)', [request.url]); // safe: race/no-respond-before-persist
  done();
});
