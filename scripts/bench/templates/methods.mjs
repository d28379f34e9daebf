// Method bodies for services, repositories and route handlers: mostly ordinary data access,
// with check-then-create and read-modify-write shapes, racy and safe, at a low rate.
import { tsType } from '../domain.mjs';

const verbs = {
  get: ['get', 'find', 'fetch', 'load'],
  list: ['list', 'browse', 'findAll', 'search'],
  create: ['create', 'add', 'register', 'open'],
  update: ['update', 'edit', 'patch', 'change'],
  remove: ['remove', 'delete', 'destroy', 'purge'],
};

/** How often each shape appears among generated methods: racy and safe variants are rare. */
const shapeWeights = {
  get: 16,
  list: 14,
  create: 12,
  update: 12,
  remove: 7,
  transition: 8,
  summarize: 6,
  exportCsv: 4,
  search: 6,
  statsByDay: 4,
  bulkUpdate: 4,
  touch: 5,
  duplicate: 4,
  racyCheckThenCreate: 2,
  racyReadModifyWrite: 1.5,
  guardedCreate: 2,
  upsert: 1.5,
  serializableCreate: 1,
  atomicChange: 2,
  conditionalDecrement: 1.5,
  serializableChange: 0.8,
};

const indent = (lines, depth = 1) => lines.map((line) => (line === '' ? '' : `${'  '.repeat(depth)}${line}`));

const createPairs = (entity, random, source) => {
  const extras = entity.fields.filter((field) => !field.role && !['id', 'createdAt', 'updatedAt'].includes(field.name));
  return [
    [entity.key, source(entity.key)],
    [entity.owner, source(entity.owner)],
    ['status', `'${entity.statuses[0]}'`],
    ...random.sample(extras, random.int(1, extras.length)).map((field) => [field.name, source(field.name)]),
  ];
};

const input = (name) => `input.${name}`;
const bare = (name) => name;

const ensure = ({ entity, q, random }) => ({
  name: `ensure${entity.name}`,
  params: `input: Create${entity.name}Input`,
  lines: [...q.upsertByKey(q.client, createPairs(entity, random, input), input(entity.key))],
});

const shapes = {
  get: ({ entity, q, random }) => ({
    name: `${random.pick(verbs.get)}${entity.name}`,
    params: `id: string`,
    lines: [
      ...q.byId(q.client, entity.camel, 'id'),
      `if (!${entity.camel}) {`,
      `  throw new NotFoundError('${entity.name}', id);`,
      `}`,
      random.chance(0.5) ? `return to${entity.name}Dto(${entity.camel});` : `return ${entity.camel};`,
    ],
  }),

  list: ({ entity, q, random }) => {
    const owner = entity.owner;
    return {
      name: `${random.pick(verbs.list)}${entity.name}s`,
      params: `${owner}: string, page = 1, pageSize = ${random.pick([10, 20, 25, 50])}`,
      lines: [
        `const size = clamp(pageSize, 1, ${random.pick([100, 200, 500])});`,
        `const offset = (Math.max(page, 1) - 1) * size;`,
        ...q.many(q.client, 'items', owner, 'size + 1', 'offset'),
        `const hasMore = items.length > size;`,
        ...(random.chance(0.4) ? [`logger.debug('listed ${entity.plural}', { ${owner}, page, count: items.length });`] : []),
        `return { items: items.slice(0, size), page, pageSize: size, hasMore };`,
      ],
    };
  },

  create: ({ entity, q, random }) => ({
    name: `${random.pick(verbs.create)}${entity.name}`,
    params: `input: Create${entity.name}Input`,
    lines: [
      `const problems = validate${entity.name}(input);`,
      `if (problems.length > 0) {`,
      `  throw new ValidationError(problems);`,
      `}`,
      ...q.insert(q.client, createPairs(entity, random, input), 'created'),
      `logger.info('${entity.kebab} created', { id: created.id });`,
      ...(random.chance(0.3) ? [`metrics.increment('${entity.module}.${entity.camel}.created');`] : []),
      `return created;`,
    ],
  }),

  update: ({ entity, q, random }) => {
    const fields = entity.fields.filter((field) => !field.role && !['id', 'createdAt', 'updatedAt'].includes(field.name));
    const chosen = random.sample(fields, random.int(1, Math.min(3, fields.length)));
    return {
      name: `${random.pick(verbs.update)}${entity.name}`,
      params: `id: string, patch: Partial<Pick<${entity.name}Record, ${chosen.map((field) => `'${field.name}'`).join(' | ')}>>`,
      lines: [
        ...q.updateById(q.client, 'id', [...chosen.map((field) => [field.name, `patch.${field.name}`]), ['updatedAt', 'new Date()']]),
        `logger.info('${entity.kebab} updated', { id, fields: Object.keys(patch) });`,
      ],
    };
  },

  remove: ({ entity, q, random }) => ({
    name: `${random.pick(verbs.remove)}${entity.name}`,
    params: `id: string, actorId: string`,
    lines: [
      ...q.remove(q.client, 'id'),
      `logger.warn('${entity.kebab} removed', { id, actorId });`,
      ...(random.chance(0.5) ? [`await audit('${entity.kebab}.removed', { id, actorId });`] : []),
    ],
  }),

  transition: ({ entity, q, random }) => {
    const [from, to] = random.chance(0.5) ? entity.statuses.slice(0, 2) : entity.statuses.slice(1, 3);
    const verb = random.pick(['mark', 'move', 'set', 'transition']);
    return {
      name: `${verb}${entity.name}${to[0].toUpperCase()}${to.slice(1).replace(/_(\w)/g, (_, c) => c.toUpperCase())}`,
      params: `id: string`,
      lines: [
        ...q.byId(q.client, 'current', 'id'),
        `if (!current) throw new NotFoundError('${entity.name}', id);`,
        `if (current.status !== '${from}') {`,
        `  throw new ConflictError(\`${entity.name} \${id} is \${current.status}, expected ${from}\`);`,
        `}`,
        ...q.updateById(q.client, 'id', [['status', `'${to}'`], ['updatedAt', 'new Date()']]),
        `return { ...current, status: '${to}' as const };`,
      ],
    };
  },

  summarize: ({ entity, q, random }) => {
    const numeric = entity.fields.filter((field) => field.type === 'number');
    const field = random.pick(numeric).name;
    return {
      name: `summarize${entity.name}s`,
      params: `${entity.owner}: string`,
      lines: [
        ...q.many(q.client, 'rows', entity.owner, random.pick([500, 1000, 5000]), 0),
        `const byStatus = new Map<string, { count: number; total: number }>();`,
        `for (const row of rows) {`,
        `  const entry = byStatus.get(row.status) ?? { count: 0, total: 0 };`,
        `  entry.count += 1;`,
        `  entry.total += Number(row.${field} ?? 0);`,
        `  byStatus.set(row.status, entry);`,
        `}`,
        `const total = rows.reduce((sum, row) => sum + Number(row.${field} ?? 0), 0);`,
        `return {`,
        `  total,`,
        `  average: rows.length === 0 ? 0 : total / rows.length,`,
        `  byStatus: Object.fromEntries(byStatus),`,
        `};`,
      ],
    };
  },

  exportCsv: ({ entity, q, random }) => {
    const columns = random.sample(entity.fields, random.int(3, 6)).map((field) => field.name);
    return {
      name: `export${entity.name}sCsv`,
      params: `${entity.owner}: string`,
      lines: [
        ...q.many(q.client, 'rows', entity.owner, 10000, 0),
        `const header = ${JSON.stringify(columns.join(','))};`,
        `const escape = (value: unknown) => {`,
        `  const text = value instanceof Date ? value.toISOString() : String(value ?? '');`,
        `  return /[",\\n]/.test(text) ? \`"\${text.replace(/"/g, '""')}"\` : text;`,
        `};`,
        `const lines = rows.map((row) => [${columns.map((column) => `row.${column}`).join(', ')}].map(escape).join(','));`,
        `return [header, ...lines].join('\\n');`,
      ],
    };
  },

  search: ({ entity, q, random }) => {
    const text = entity.fields.filter((field) => ['string', 'ref'].includes(field.type) && field.role !== 'status');
    const field = random.pick(text).name;
    return {
      name: `find${entity.name}sMatching`,
      params: `${entity.owner}: string, query: string, limit = ${random.pick([10, 20, 50])}`,
      lines: [
        `const needle = query.trim().toLowerCase();`,
        `if (needle.length < 2) return [];`,
        ...q.many(q.client, 'candidates', entity.owner, 1000, 0),
        `const scored = candidates`,
        `  .map((item) => {`,
        `    const haystack = String(item.${field} ?? '').toLowerCase();`,
        `    const at = haystack.indexOf(needle);`,
        `    return { item, score: at < 0 ? 0 : at === 0 ? 2 : 1 };`,
        `  })`,
        `  .filter((entry) => entry.score > 0)`,
        `  .sort((a, b) => b.score - a.score || String(a.item.id).localeCompare(String(b.item.id)));`,
        `return scored.slice(0, limit).map((entry) => entry.item);`,
      ],
    };
  },

  statsByDay: ({ entity, q, random }) => ({
    name: `count${entity.name}sByDay`,
    params: `${entity.owner}: string, days = ${random.pick([7, 14, 30])}`,
    lines: [
      ...q.many(q.client, 'recent', entity.owner, 5000, 0),
      `const since = new Date();`,
      `since.setUTCDate(since.getUTCDate() - days);`,
      `const counts: Record<string, number> = {};`,
      `for (let day = 0; day < days; day++) {`,
      `  const date = new Date(since.getTime() + day * 86_400_000);`,
      `  counts[date.toISOString().slice(0, 10)] = 0;`,
      `}`,
      `for (const row of recent) {`,
      `  const created = new Date(row.createdAt);`,
      `  if (created < since) continue;`,
      `  const key = created.toISOString().slice(0, 10);`,
      `  counts[key] = (counts[key] ?? 0) + 1;`,
      `}`,
      `return Object.entries(counts).map(([date, count]) => ({ date, count }));`,
    ],
  }),

  bulkUpdate: ({ entity, q, random }) => {
    const [, to] = entity.statuses;
    return {
      name: `${random.pick(['bulkMark', 'batchSet', 'massUpdate'])}${entity.name}s`,
      params: `ids: readonly string[]`,
      lines: [
        `const unique = [...new Set(ids)];`,
        `const chunks: string[][] = [];`,
        `for (let i = 0; i < unique.length; i += ${random.pick([25, 50, 100])}) chunks.push(unique.slice(i, i + ${random.pick([25, 50, 100])}));`,
        `let updated = 0;`,
        `for (const chunk of chunks) {`,
        `  await Promise.all(`,
        `    chunk.map(async (id) => {`,
        ...indent(q.updateById(q.client, 'id', [['status', `'${to}'`]]), 3),
        `      updated += 1;`,
        `    }),`,
        `  );`,
        `}`,
        `logger.info('${entity.kebab} bulk update', { requested: ids.length, updated });`,
        `return updated;`,
      ],
    };
  },

  touch: ({ entity, q, random }) => ({
    name: `record${entity.name}${random.pick(['Use', 'Hit', 'Visit', 'Activity'])}`,
    params: `id: string, by = 1`,
    lines: [...q.increment(q.client, 'id', entity.counter, 'by')],
  }),

  duplicate: ({ entity, q, random }) => ({
    name: `${random.pick(['duplicate', 'clone', 'copy'])}${entity.name}`,
    params: `id: string, ${entity.key}: ${tsType(entity.fields.find((field) => field.name === entity.key))}`,
    lines: [
      ...q.byId(q.client, 'source', 'id'),
      `if (!source) throw new NotFoundError('${entity.name}', id);`,
      ...q.insert(
        q.client,
        [
          [entity.key, entity.key],
          [entity.owner, `source.${entity.owner}`],
          ['status', `'${entity.statuses[0]}'`],
        ],
        'copy',
      ),
      `return copy;`,
    ],
  }),

  // A check that the key is free, then a create: a race unless the database stops the duplicate.
  racyCheckThenCreate: ({ entity, q, random }) => {
    const count = random.chance(0.4);
    return {
      name: `${random.pick(verbs.create)}${entity.name}`,
      params: `input: Create${entity.name}Input`,
      lines: [
        `const { ${entity.key} } = input;`,
        ...(count ? q.countByKey(q.client, 'taken', entity.key) : q.byKey(q.client, 'existing', entity.key)),
        `if (${count ? 'taken > 0' : 'existing'}) {`,
        `  throw new ConflictError(\`${entity.name} \${${entity.key}} already exists\`);`,
        `}`,
        ...q.insert(q.client, createPairs(entity, random, (name) => (name === entity.key ? name : input(name))), 'created'),
        `return created;`,
      ],
    };
  },

  // The stored counter read, changed in code and written back: a lost update under concurrency.
  racyReadModifyWrite: ({ entity, q, random }) => {
    const spend = random.chance(0.5);
    return {
      name: `${spend ? random.pick(['consume', 'deduct', 'take']) : random.pick(['add', 'grant', 'credit'])}${entity.name}${entity.counter[0].toUpperCase()}${entity.counter.slice(1)}`,
      params: `id: string, amount: number`,
      lines: [
        ...q.byId(q.client, entity.camel, 'id'),
        `if (!${entity.camel}) throw new NotFoundError('${entity.name}', id);`,
        ...(spend
          ? [
              `if (${entity.camel}.${entity.counter} < amount) {`,
              `  throw new ConflictError('not enough ${entity.counter}');`,
              `}`,
            ]
          : []),
        `const next = ${entity.camel}.${entity.counter} ${spend ? '-' : '+'} amount;`,
        ...q.updateById(q.client, 'id', [[entity.counter, 'next']]),
        `return next;`,
      ],
    };
  },

  // The check, then a create whose unique violation is turned into the same answer.
  guardedCreate: ({ entity, q, random }) => ({
    name: `${random.pick(verbs.create)}${entity.name}Safely`,
    params: `input: Create${entity.name}Input`,
    lines: [
      ...q.byKey(q.client, 'existing', input(entity.key)),
      `if (existing) throw new ConflictError('${entity.key} taken');`,
      `try {`,
      ...indent(q.insert(q.client, createPairs(entity, random, input))),
      `} catch (error) {`,
      `  if (${q.conflict('error')}) {`,
      `    throw new ConflictError('${entity.key} taken');`,
      `  }`,
      `  throw error;`,
      `}`,
    ],
  }),

  // Only with a unique key: Prisma's upsert and ON CONFLICT need one.
  upsert: (context) => (context.entity.keyUnique ? ensure(context) : shapes.create(context)),

  serializableCreate: ({ entity, q, random }) => ({
    name: `${random.pick(verbs.create)}${entity.name}Serializable`,
    params: `input: Create${entity.name}Input`,
    lines: q.serializable((tx) => [
      ...q.byKey(tx, 'existing', input(entity.key)),
      `if (existing) throw new ConflictError('${entity.key} taken');`,
      ...q.insert(tx, createPairs(entity, random, input)),
    ]),
  }),

  atomicChange: ({ entity, q, random }) => ({
    name: `${random.pick(['bump', 'increase', 'adjust'])}${entity.name}${entity.counter[0].toUpperCase()}${entity.counter.slice(1)}`,
    params: `id: string, amount: number`,
    lines: [
      `if (!Number.isFinite(amount)) throw new ValidationError(['amount must be a number']);`,
      ...q.increment(q.client, 'id', entity.counter, 'amount'),
    ],
  }),

  conditionalDecrement: ({ entity, q, random }) => {
    const change = q.decrementIfAtLeast(q.client, 'changed', 'id', entity.counter, 'amount');
    return {
      name: `${random.pick(['reserve', 'spend', 'claim'])}${entity.name}${entity.counter[0].toUpperCase()}${entity.counter.slice(1)}`,
      params: `id: string, amount: number`,
      lines: [...change.lines, `if (${change.unchanged}) {`, `  throw new ConflictError('not enough ${entity.counter}');`, `}`],
    };
  },

  serializableChange: ({ entity, q }) => ({
    name: `rebalance${entity.name}`,
    params: `id: string, amount: number`,
    lines: q.serializable((tx) => [
      ...q.byId(tx, 'row', 'id'),
      `if (!row) throw new NotFoundError('${entity.name}', id);`,
      ...q.updateById(tx, 'id', [[entity.counter, `row.${entity.counter} + amount`]]),
    ]),
  }),
};

/** Methods of distinct names for one entity, each shape drawn by its weight. */
export function methodsFor(context, count) {
  const methods = [];
  const names = new Set();
  for (let tries = 0; methods.length < count && tries < count * 4; tries++) {
    const method = shapes[context.random.weighted(shapeWeights)](context);
    if (names.has(method.name)) continue;
    names.add(method.name);
    methods.push(method);
  }
  return methods;
}

export const asFunction = (method, exported = true) => [
  `${exported ? 'export ' : ''}async function ${method.name}(${method.params}) {`,
  ...indent(method.lines),
  `}`,
];

export const asClassMethod = (method) => [`async ${method.name}(${method.params}) {`, ...indent(method.lines), `}`];

export { indent };
