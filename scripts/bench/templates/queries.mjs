// How each data library spells the operations the generated methods need. Every operation
// returns source lines; a client argument names the handle (the shared client or a transaction).
import { snake } from '../domain.mjs';

/** `{ code, title: input.title }` from [field, expression] pairs. */
export const objectLiteral = (pairs) =>
  `{ ${pairs.map(([field, value]) => (field === value ? field : `${field}: ${value}`)).join(', ')} }`;

/** `{ id }` or `{ id: item.id }`. */
const idFilter = (id) => (id === 'id' ? '{ id }' : `{ id: ${id} }`);
const sqlPairs = (pairs) => pairs.map(([field, value]) => [snake(field), value]);
const uniqueViolation = (error) => `(${error} as { code?: string }).code === '23505'`;

function prisma(entity) {
  const model = `${entity.camel}`;
  const at = (c) => `${c}.${model}`;
  return {
    library: 'prisma',
    client: 'prisma',
    imports: { 'src/db/prisma': ['prisma'], '@prisma/client': ['Prisma'] },
    byId: (c, v, id) => [`const ${v} = await ${at(c)}.findUnique({ where: ${idFilter(id)} });`],
    byKey: (c, v, key) => [
      `const ${v} = await ${at(c)}.${entity.keyUnique ? 'findUnique' : 'findFirst'}({ where: { ${entity.key}: ${key} } });`,
    ],
    countByKey: (c, v, key) => [`const ${v} = await ${at(c)}.count({ where: { ${entity.key}: ${key} } });`],
    many: (c, v, owner, take, skip) => [
      `const ${v} = await ${at(c)}.findMany({`,
      `  where: { ${entity.owner}: ${owner} },`,
      `  orderBy: { createdAt: 'desc' },`,
      `  take: ${take},`,
      `  skip: ${skip},`,
      `});`,
    ],
    insert: (c, pairs, v) => [`${v ? `const ${v} = ` : ''}await ${at(c)}.create({ data: ${objectLiteral(pairs)} });`],
    updateById: (c, id, pairs) => [`await ${at(c)}.update({ where: ${idFilter(id)}, data: ${objectLiteral(pairs)} });`],
    increment: (c, id, field, amount) => [
      `await ${at(c)}.update({ where: ${idFilter(id)}, data: { ${field}: { increment: ${amount} } } });`,
    ],
    decrementIfAtLeast: (c, v, id, field, amount) => ({
      lines: [
        `const { count: ${v} } = await ${at(c)}.updateMany({`,
        `  where: { id: ${id}, ${field}: { gte: ${amount} } },`,
        `  data: { ${field}: { decrement: ${amount} } },`,
        `});`,
      ],
      unchanged: `${v} === 0`,
    }),
    remove: (c, id) => [`await ${at(c)}.delete({ where: ${idFilter(id)} });`],
    upsertByKey: (c, pairs, key) => [
      `await ${at(c)}.upsert({`,
      `  where: { ${entity.key}: ${key} },`,
      `  create: ${objectLiteral(pairs)},`,
      `  update: {},`,
      `});`,
    ],
    serializable: (body) => [
      `await prisma.$transaction(`,
      `  async (tx) => {`,
      ...body('tx').map((line) => `    ${line}`),
      `  },`,
      `  { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },`,
      `);`,
    ],
    conflict: (error) => `${error} instanceof Prisma.PrismaClientKnownRequestError && ${error}.code === 'P2002'`,
  };
}

function typeorm(entity) {
  const viaManager = (c) => c === 'manager';
  const args = (c, ...rest) => (viaManager(c) ? [entity.name, ...rest] : rest).join(', ');
  return {
    library: 'typeorm',
    client: `this.${entity.plural}`,
    imports: { typeorm: ['QueryFailedError'] },
    byId: (c, v, id) => [`const ${v} = await ${c}.findOneBy(${args(c, `${idFilter(id)}`)});`],
    byKey: (c, v, key) => [`const ${v} = await ${c}.findOne(${args(c, `{ where: { ${entity.key}: ${key} } }`)});`],
    countByKey: (c, v, key) => [`const ${v} = await ${c}.countBy(${args(c, `{ ${entity.key}: ${key} }`)});`],
    many: (c, v, owner, take, skip) => [
      `const ${v} = await ${c}.find(${args(c, `{`)}`,
      `  where: { ${entity.owner}: ${owner} },`,
      `  order: { createdAt: 'DESC' },`,
      `  take: ${take},`,
      `  skip: ${skip},`,
      `});`,
    ],
    insert: (c, pairs, v) =>
      viaManager(c)
        ? [`${v ? `const ${v} = ` : ''}await manager.save(${entity.name}, ${objectLiteral(pairs)});`]
        : [`${v ? `const ${v} = ` : ''}await ${c}.save(${c}.create(${objectLiteral(pairs)}));`],
    updateById: (c, id, pairs) => [`await ${c}.update(${args(c, `${idFilter(id)}`, objectLiteral(pairs))});`],
    increment: (c, id, field, amount) => [`await ${c}.increment(${args(c, `${idFilter(id)}`, `'${field}'`, amount)});`],
    decrementIfAtLeast: (c, v, id, field, amount) => ({
      lines: [
        `const { affected: ${v} } = await ${c}`,
        `  .createQueryBuilder()`,
        `  .update(${entity.name})`,
        `  .set({ ${field}: () => '"${field}" - :amount' })`,
        `  .where('id = :id AND "${field}" >= :amount', { id: ${id}, amount: ${amount} })`,
        `  .execute();`,
      ],
      unchanged: `!${v}`,
    }),
    remove: (c, id) => [`await ${c}.delete(${args(c, `${idFilter(id)}`)});`],
    upsertByKey: (c, pairs) => [`await ${c}.upsert(${args(c, objectLiteral(pairs), `['${entity.key}']`)});`],
    serializable: (body) => [
      `await this.dataSource.transaction('SERIALIZABLE', async (manager) => {`,
      ...body('manager').map((line) => `  ${line}`),
      `});`,
    ],
    conflict: (error) => `${error} instanceof QueryFailedError && ${uniqueViolation(error)}`,
  };
}

function drizzle(entity) {
  const table = entity.plural;
  return {
    library: 'drizzle',
    client: 'db',
    imports: { 'src/db/drizzle': ['db'], [`src/db/schema/${entity.module}`]: [table], 'drizzle-orm': ['and', 'desc', 'eq', 'gte', 'sql'] },
    byId: (c, v, id) => [`const [${v}] = await ${c}.select().from(${table}).where(eq(${table}.id, ${id})).limit(1);`],
    byKey: (c, v, key) => [`const ${v} = await ${c}.query.${table}.findFirst({ where: eq(${table}.${entity.key}, ${key}) });`],
    countByKey: (c, v, key) => [`const ${v} = await ${c}.$count(${table}, eq(${table}.${entity.key}, ${key}));`],
    many: (c, v, owner, take, skip) => [
      `const ${v} = await ${c}`,
      `  .select()`,
      `  .from(${table})`,
      `  .where(eq(${table}.${entity.owner}, ${owner}))`,
      `  .orderBy(desc(${table}.createdAt))`,
      `  .limit(${take})`,
      `  .offset(${skip});`,
    ],
    insert: (c, pairs, v) => [`${v ? `const [${v}] = ` : ''}await ${c}.insert(${table}).values(${objectLiteral(pairs)})${v ? '.returning()' : ''};`],
    updateById: (c, id, pairs) => [`await ${c}.update(${table}).set(${objectLiteral(pairs)}).where(eq(${table}.id, ${id}));`],
    increment: (c, id, field, amount) => [
      `await ${c}`,
      `  .update(${table})`,
      `  .set({ ${field}: sql\`\${${table}.${field}} + \${${amount}}\` })`,
      `  .where(eq(${table}.id, ${id}));`,
    ],
    decrementIfAtLeast: (c, v, id, field, amount) => ({
      lines: [
        `const ${v} = await ${c}`,
        `  .update(${table})`,
        `  .set({ ${field}: sql\`\${${table}.${field}} - \${${amount}}\` })`,
        `  .where(and(eq(${table}.id, ${id}), gte(${table}.${field}, ${amount})))`,
        `  .returning({ id: ${table}.id });`,
      ],
      unchanged: `${v}.length === 0`,
    }),
    remove: (c, id) => [`await ${c}.delete(${table}).where(eq(${table}.id, ${id}));`],
    upsertByKey: (c, pairs) => [
      `await ${c}.insert(${table}).values(${objectLiteral(pairs)}).onConflictDoNothing({ target: ${table}.${entity.key} });`,
    ],
    serializable: (body) => [
      `await db.transaction(`,
      `  async (tx) => {`,
      ...body('tx').map((line) => `    ${line}`),
      `  },`,
      `  { isolationLevel: 'serializable' },`,
      `);`,
    ],
    conflict: uniqueViolation,
  };
}

function knex(entity) {
  const from = (c) => `${c}('${entity.table}')`;
  const key = snake(entity.key);
  return {
    library: 'knex',
    client: 'db',
    imports: { 'src/db/knex': ['db'] },
    byId: (c, v, id) => [`const ${v} = await ${from(c)}.where(${idFilter(id)}).first();`],
    byKey: (c, v, value) => [`const ${v} = await ${from(c)}.where({ ${key}: ${value} }).first();`],
    countByKey: (c, v, value) => [
      `const [{ total: ${v}Raw }] = await ${from(c)}.where({ ${key}: ${value} }).count({ total: '*' });`,
      `const ${v} = Number(${v}Raw);`,
    ],
    many: (c, v, owner, take, skip) => [
      `const ${v} = await ${from(c)}`,
      `  .where({ ${snake(entity.owner)}: ${owner} })`,
      `  .orderBy('created_at', 'desc')`,
      `  .limit(${take})`,
      `  .offset(${skip});`,
    ],
    insert: (c, pairs, v) => [`${v ? `const [${v}] = ` : ''}await ${from(c)}.insert(${objectLiteral(sqlPairs(pairs))})${v ? `.returning('*')` : ''};`],
    updateById: (c, id, pairs) => [`await ${from(c)}.where(${idFilter(id)}).update(${objectLiteral(sqlPairs(pairs))});`],
    increment: (c, id, field, amount) => [`await ${from(c)}.where(${idFilter(id)}).increment('${snake(field)}', ${amount});`],
    decrementIfAtLeast: (c, v, id, field, amount) => ({
      lines: [`const ${v} = await ${from(c)}.where(${idFilter(id)}).andWhere('${snake(field)}', '>=', ${amount}).decrement('${snake(field)}', ${amount});`],
      unchanged: `${v} === 0`,
    }),
    remove: (c, id) => [`await ${from(c)}.where(${idFilter(id)}).del();`],
    upsertByKey: (c, pairs) => [`await ${from(c)}.insert(${objectLiteral(sqlPairs(pairs))}).onConflict('${key}').ignore();`],
    serializable: (body) => [
      `await db.transaction(`,
      `  async (trx) => {`,
      ...body('trx').map((line) => `    ${line}`),
      `  },`,
      `  { isolationLevel: 'serializable' },`,
      `);`,
    ],
    conflict: uniqueViolation,
  };
}

function pg(entity) {
  const { table } = entity;
  const key = snake(entity.key);
  const placeholders = (count, from = 1) => Array.from({ length: count }, (_, i) => `$${i + from}`).join(', ');
  return {
    library: 'pg',
    client: 'pool',
    imports: { 'src/db/pg': ['pool'] },
    byId: (c, v, id) => [
      `const ${v}Result = await ${c}.query('SELECT * FROM ${table} WHERE id = $1', [${id}]);`,
      `const ${v} = ${v}Result.rows[0];`,
    ],
    byKey: (c, v, value) => [
      `const { rows: [${v}] } = await ${c}.query('SELECT * FROM ${table} WHERE ${key} = $1 LIMIT 1', [${value}]);`,
    ],
    countByKey: (c, v, value) => [
      `const ${v}Result = await ${c}.query('SELECT COUNT(*) AS n FROM ${table} WHERE ${key} = $1', [${value}]);`,
      `const ${v} = Number(${v}Result.rows[0].n);`,
    ],
    many: (c, v, owner, take, skip) => [
      `const { rows: ${v} } = await ${c}.query(`,
      `  'SELECT * FROM ${table} WHERE ${snake(entity.owner)} = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3',`,
      `  [${owner}, ${take}, ${skip}],`,
      `);`,
    ],
    insert: (c, pairs, v) => [
      `${v ? `const { rows: [${v}] } = ` : ''}await ${c}.query(`,
      `  'INSERT INTO ${table} (${pairs.map(([field]) => snake(field)).join(', ')}) VALUES (${placeholders(pairs.length)})${v ? ' RETURNING *' : ''}',`,
      `  [${pairs.map(([, value]) => value).join(', ')}],`,
      `);`,
    ],
    updateById: (c, id, pairs) => [
      `await ${c}.query(`,
      `  'UPDATE ${table} SET ${pairs.map(([field], i) => `${snake(field)} = $${i + 1}`).join(', ')}, updated_at = now() WHERE id = $${pairs.length + 1}',`,
      `  [${[...pairs.map(([, value]) => value), id].join(', ')}],`,
      `);`,
    ],
    increment: (c, id, field, amount) => [
      `await ${c}.query('UPDATE ${table} SET ${snake(field)} = ${snake(field)} + $1 WHERE id = $2', [${amount}, ${id}]);`,
    ],
    decrementIfAtLeast: (c, v, id, field, amount) => ({
      lines: [
        `const { rowCount: ${v} } = await ${c}.query(`,
        `  'UPDATE ${table} SET ${snake(field)} = ${snake(field)} - $1 WHERE id = $2 AND ${snake(field)} >= $1',`,
        `  [${amount}, ${id}],`,
        `);`,
      ],
      unchanged: `!${v}`,
    }),
    remove: (c, id) => [`await ${c}.query('DELETE FROM ${table} WHERE id = $1', [${id}]);`],
    upsertByKey: (c, pairs) => [
      `await ${c}.query(`,
      `  'INSERT INTO ${table} (${pairs.map(([field]) => snake(field)).join(', ')}) VALUES (${placeholders(pairs.length)}) ON CONFLICT (${key}) DO NOTHING',`,
      `  [${pairs.map(([, value]) => value).join(', ')}],`,
      `);`,
    ],
    serializable: (body) => [
      `const client = await pool.connect();`,
      `try {`,
      `  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');`,
      ...body('client').map((line) => `  ${line}`),
      `  await client.query('COMMIT');`,
      `} catch (error) {`,
      `  await client.query('ROLLBACK');`,
      `  throw error;`,
      `} finally {`,
      `  client.release();`,
      `}`,
    ],
    conflict: uniqueViolation,
  };
}

const libraries = { prisma, typeorm, drizzle, knex, pg };

export const queriesFor = (entity) => libraries[entity.library](entity);
