// Webhook handlers: a signature check, deduplication of redelivered events, then the change.
import { queriesFor } from './queries.mjs';
import { indent } from './methods.mjs';
import { sourceFile } from './imports.mjs';

const providers = ['stripe', 'github', 'shopify', 'twilio', 'sendgrid', 'paddle', 'slack'];

/** How a handler skips an event it has seen: by weight, mostly safe. */
const dedupe = {
  // SET NX claims the event id in one command.
  redisNx: (provider) => [
    `const fresh = await redis.set(\`webhook:${provider}:\${event.id}\`, '1', 'EX', 7 * 86_400, 'NX');`,
    `if (fresh !== 'OK') return { duplicate: true };`,
  ],
  // The unique (provider, event_id) row is inserted first; a duplicate fails the insert.
  insertFirst: (provider) => [
    `try {`,
    `  await prisma.webhookEvent.create({ data: { provider: '${provider}', eventId: event.id } });`,
    `} catch (error) {`,
    `  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { duplicate: true };`,
    `  throw error;`,
    `}`,
  ],
  // Racy: two deliveries of one event both find no record and are both processed.
  racyLookup: (provider) => [
    `const seen = await prisma.webhookEvent.findFirst({ where: { provider: '${provider}', eventId: event.id } });`,
    `if (seen) return { duplicate: true };`,
  ],
};
const dedupeWeights = { redisNx: 5, insertFirst: 4, racyLookup: 1 };

export function webhookFile(file, entity, random) {
  const provider = random.pick(providers);
  const q = queriesFor(entity);
  const strategy = random.weighted(dedupeWeights);
  const Provider = `${provider[0].toUpperCase()}${provider.slice(1)}`;
  const events = entity.statuses.slice(1).map((status) => [`${entity.kebab}.${status}`, status]);
  const handleTypeorm = entity.library === 'typeorm';
  const apply = handleTypeorm
    ? (status) => [`await dataSource.getRepository(${entity.name}).update({ id: event.data.id }, { status: '${status}' });`]
    : (status) => q.updateById(q.client, 'event.data.id', [['status', `'${status}'`]]);
  const body = [
    `interface ${Provider}Event {`,
    `  id: string;`,
    `  type: string;`,
    `  created: number;`,
    `  data: { id: string; [field: string]: unknown };`,
    `}`,
    ``,
    `const SECRET = process.env.${provider.toUpperCase()}_WEBHOOK_SECRET ?? '';`,
    ``,
    `function verify(rawBody: string, signature: string): boolean {`,
    `  const expected = createHmac('sha256', SECRET).update(rawBody).digest('hex');`,
    `  const given = Buffer.from(signature, 'hex');`,
    `  return given.length === expected.length / 2 && timingSafeEqual(given, Buffer.from(expected, 'hex'));`,
    `}`,
    ``,
    `export async function handle${Provider}${entity.name}Webhook(rawBody: string, signature: string) {`,
    `  if (!verify(rawBody, signature)) throw new UnauthorizedError('bad ${provider} signature');`,
    `  const event = JSON.parse(rawBody) as ${Provider}Event;`,
    ...indent(dedupe[strategy](provider)),
    `  switch (event.type) {`,
    ...events.flatMap(([type, status]) => [`    case '${type}':`, ...indent(apply(status), 3), `      break;`]),
    `    default:`,
    `      logger.info('ignored ${provider} event', { type: event.type });`,
    `  }`,
    ...(strategy === 'racyLookup' ? [`  await prisma.webhookEvent.create({ data: { provider: '${provider}', eventId: event.id } });`] : []),
    `  return { duplicate: false };`,
    `}`,
  ];
  return sourceFile(file, body, {
    'node:crypto': ['createHmac', 'timingSafeEqual'],
    ...q.imports,
    'src/db/prisma': ['prisma'],
    '@prisma/client': ['Prisma'],
    'src/db/redis': ['redis'],
    'src/db/data-source': ['dataSource'],
    [`${entity.dir}/${entity.kebab}.entity`]: [entity.name],
    'src/lib/errors': ['UnauthorizedError'],
    'src/lib/observability': ['logger'],
  });
}
