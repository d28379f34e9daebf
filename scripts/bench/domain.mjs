// The entities of the generated codebase: names, fields and the data library each one uses.

const nouns = [
  { noun: 'User', key: 'email', counter: 'loginCount' },
  { noun: 'Account', key: 'externalId', counter: 'balance' },
  { noun: 'Order', key: 'reference', counter: 'itemCount' },
  { noun: 'Product', key: 'sku', counter: 'stock' },
  { noun: 'Invoice', key: 'number', counter: 'amountDue' },
  { noun: 'Coupon', key: 'code', counter: 'redemptions' },
  { noun: 'Subscription', key: 'externalId', counter: 'seats' },
  { noun: 'Team', key: 'slug', counter: 'memberCount' },
  { noun: 'Project', key: 'slug', counter: 'openTasks' },
  { noun: 'Task', key: 'reference', counter: 'estimate' },
  { noun: 'Comment', key: 'externalId', counter: 'likes' },
  { noun: 'Review', key: 'externalId', counter: 'helpfulVotes' },
  { noun: 'Wallet', key: 'ownerId', counter: 'balance' },
  { noun: 'Payment', key: 'providerRef', counter: 'attempts' },
  { noun: 'Refund', key: 'providerRef', counter: 'amount' },
  { noun: 'Shipment', key: 'trackingNumber', counter: 'parcels' },
  { noun: 'Address', key: 'label', counter: 'useCount' },
  { noun: 'Notification', key: 'dedupeKey', counter: 'retries' },
  { noun: 'Session', key: 'token', counter: 'refreshCount' },
  { noun: 'ApiKey', key: 'prefix', counter: 'requestCount' },
  { noun: 'Tag', key: 'name', counter: 'usage' },
  { noun: 'Category', key: 'slug', counter: 'productCount' },
  { noun: 'InventoryItem', key: 'sku', counter: 'quantity' },
  { noun: 'Cart', key: 'sessionId', counter: 'itemCount' },
  { noun: 'Plan', key: 'code', counter: 'subscriberCount' },
  { noun: 'Organization', key: 'domain', counter: 'seatCount' },
  { noun: 'Invite', key: 'email', counter: 'sendCount' },
  { noun: 'Ticket', key: 'reference', counter: 'replyCount' },
  { noun: 'Message', key: 'externalId', counter: 'readCount' },
  { noun: 'Channel', key: 'handle', counter: 'subscriberCount' },
  { noun: 'Document', key: 'path', counter: 'revision' },
  { noun: 'AuditEntry', key: 'eventId', counter: 'sequence' },
  { noun: 'Report', key: 'name', counter: 'runCount' },
  { noun: 'Booking', key: 'confirmationCode', counter: 'guests' },
  { noun: 'Room', key: 'number', counter: 'capacity' },
  { noun: 'Voucher', key: 'code', counter: 'remainingUses' },
  { noun: 'Referral', key: 'code', counter: 'signups' },
  { noun: 'Lead', key: 'email', counter: 'score' },
  { noun: 'Campaign', key: 'slug', counter: 'sentCount' },
  { noun: 'Device', key: 'serialNumber', counter: 'syncCount' },
  { noun: 'LoyaltyCard', key: 'cardNumber', counter: 'points' },
  { noun: 'GiftCard', key: 'code', counter: 'balance' },
  { noun: 'Reservation', key: 'reference', counter: 'quantity' },
  { noun: 'Webhook', key: 'url', counter: 'failureCount' },
  { noun: 'Payout', key: 'providerRef', counter: 'amount' },
];

const qualifiers = ['', 'Partner', 'Vendor', 'Store', 'Customer', 'Internal', 'Promo', 'Regional', 'Trial', 'Shared', 'Archived', 'Draft'];

const modules = [
  'billing', 'catalog', 'identity', 'orders', 'shipping', 'support', 'marketing', 'analytics', 'inventory',
  'messaging', 'scheduling', 'content', 'partners', 'payments', 'loyalty', 'admin', 'onboarding', 'compliance',
];

const statuses = [
  ['pending', 'active', 'closed'],
  ['draft', 'published', 'archived'],
  ['open', 'in_progress', 'resolved'],
  ['created', 'paid', 'refunded'],
  ['new', 'verified', 'suspended'],
];

const extraFields = [
  { name: 'title', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'notes', type: 'string' },
  { name: 'currency', type: 'string' },
  { name: 'locale', type: 'string' },
  { name: 'priority', type: 'number' },
  { name: 'weight', type: 'number' },
  { name: 'rating', type: 'number' },
  { name: 'expiresAt', type: 'date' },
  { name: 'archivedAt', type: 'date' },
  { name: 'isPublic', type: 'boolean' },
  { name: 'isDefault', type: 'boolean' },
  { name: 'source', type: 'string' },
  { name: 'region', type: 'string' },
];

/** Weights of the data libraries: Prisma is the most common, raw SQL and query builders follow. */
const libraryWeights = { prisma: 35, typeorm: 20, drizzle: 15, knex: 15, pg: 15 };

export const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
export const kebab = (name) => snake(name).replace(/_/g, '-');
export const camel = (name) => name[0].toLowerCase() + name.slice(1);
export const pluralOf = (name) => (/(?:s|x|ch|sh)$/.test(name) ? `${name}es` : /[^aeiou]y$/.test(name) ? `${name.slice(0, -1)}ies` : `${name}s`);

/** The next entity, with a name not used before; the owner reference points at an earlier entity. */
export function createEntity(random, index, taken) {
  let base;
  let name;
  do {
    base = random.pick(nouns);
    name = `${random.pick(qualifiers)}${base.noun}`;
  } while (taken.has(name));
  taken.add(name);
  const library = random.weighted(libraryWeights);
  const fields = [
    { name: 'id', type: 'id' },
    { name: base.key, type: base.key.endsWith('Id') ? 'ref' : 'string', role: 'key' },
    { name: base.counter, type: 'number', role: 'counter' },
    { name: 'status', type: 'string', role: 'status' },
    { name: random.pick(['ownerId', 'accountId', 'organizationId', 'createdById'].filter((name) => name !== base.key)), type: 'ref', role: 'owner' },
    ...random.sample(extraFields, random.int(2, 6)),
    { name: 'createdAt', type: 'date' },
    { name: 'updatedAt', type: 'date' },
  ].filter((field, at, all) => all.findIndex((other) => other.name === field.name) === at);
  return {
    index,
    name,
    camel: camel(name),
    plural: pluralOf(camel(name)),
    table: pluralOf(snake(name)),
    kebab: kebab(name),
    module: random.pick(modules),
    library,
    fields,
    key: base.key,
    // Most natural keys carry a unique constraint; some are checked in code only.
    keyUnique: random.chance(0.75),
    counter: base.counter,
    owner: fields.find((field) => field.role === 'owner').name,
    statuses: random.pick(statuses),
    http: random.weighted(library === 'typeorm' ? { nest: 6, express: 2, fastify: 1 } : { express: 4, fastify: 2, nest: 2, next: 2 }),
    cached: random.chance(0.4),
    webhooks: random.chance(0.15),
    jobs: random.chance(0.2),
    events: random.chance(0.3),
  };
}

export const tsType = (field) =>
  ({ id: 'string', ref: 'string', string: 'string', number: 'number', date: 'Date', boolean: 'boolean' })[field.type];
