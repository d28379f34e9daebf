// The schema sources the plugin discovers: schema.prisma, SQL migrations, Drizzle tables and
// TypeORM entities. Each spells the entity's unique key one of its library's usual ways.
import { snake } from '../domain.mjs';
import { sourceFile } from './imports.mjs';

const editable = (field) => !['id', 'createdAt', 'updatedAt'].includes(field.name);
const nullable = (field) => !field.role && editable(field);

const prismaTypes = { ref: 'String', string: 'String', number: 'Int', date: 'DateTime', boolean: 'Boolean' };

function prismaModel(entity) {
  const width = Math.max(...entity.fields.map((field) => field.name.length));
  const line = (field, type, attributes = '') => `  ${field.name.padEnd(width)} ${type.padEnd(9)}${attributes ? ` ${attributes}` : ''}`.trimEnd();
  const columns = entity.fields.map((field) => {
    if (field.name === 'id') return line(field, 'String', '@id @default(uuid())');
    if (field.name === 'createdAt') return line(field, 'DateTime', '@default(now())');
    if (field.name === 'updatedAt') return line(field, 'DateTime', '@updatedAt');
    const type = `${prismaTypes[field.type]}${nullable(field) ? '?' : ''}`;
    const attributes = [
      field.role === 'key' && entity.keyUnique ? '@unique' : '',
      field.role === 'counter' ? '@default(0)' : '',
      field.role === 'status' ? `@default("${entity.statuses[0]}")` : '',
      snake(field.name) !== field.name ? `@map("${snake(field.name)}")` : '',
    ];
    return line(field, type, attributes.filter(Boolean).join(' '));
  });
  return [`model ${entity.name} {`, ...columns, ``, `  @@index([${entity.owner}])`, `  @@map("${entity.table}")`, `}`];
}

export function prismaSchema(entities) {
  return [
    `generator client {`,
    `  provider = "prisma-client-js"`,
    `}`,
    ``,
    `datasource db {`,
    `  provider = "postgresql"`,
    `  url      = env("DATABASE_URL")`,
    `}`,
    ``,
    `model WebhookEvent {`,
    `  id          String   @id @default(uuid())`,
    `  provider    String`,
    `  eventId     String   @map("event_id")`,
    `  processedAt DateTime @default(now()) @map("processed_at")`,
    ``,
    `  @@unique([provider, eventId])`,
    `  @@map("webhook_events")`,
    `}`,
    ...entities.flatMap((entity) => ['', ...prismaModel(entity)]),
    '',
  ].join('\n');
}

const sqlTypes = { ref: 'uuid', string: 'text', number: 'integer', date: 'timestamptz', boolean: 'boolean' };

/** One migration: CREATE TABLE for each entity, its unique key written inline, as an index or a constraint. */
export function migration(entities, random) {
  return `${entities
    .flatMap((entity) => {
      const style = entity.keyUnique ? random.pick(['inline', 'index', 'constraint']) : 'none';
      const key = snake(entity.key);
      const columns = entity.fields.map((field) => {
        const column = snake(field.name);
        if (field.name === 'id') return `  id uuid PRIMARY KEY DEFAULT gen_random_uuid()`;
        if (field.name === 'createdAt' || field.name === 'updatedAt') return `  ${column} timestamptz NOT NULL DEFAULT now()`;
        const parts = [`  ${column} ${sqlTypes[field.type]}`];
        if (!nullable(field)) parts.push('NOT NULL');
        if (field.role === 'counter') parts.push('DEFAULT 0');
        if (field.role === 'status') parts.push(`DEFAULT '${entity.statuses[0]}'`);
        if (field.role === 'key' && style === 'inline') parts.push('UNIQUE');
        return parts.join(' ');
      });
      return [
        `-- ${entity.name}`,
        `CREATE TABLE ${entity.table} (`,
        columns.join(',\n'),
        `);`,
        `CREATE INDEX ${entity.table}_${snake(entity.owner)}_idx ON ${entity.table} (${snake(entity.owner)});`,
        ...(style === 'index' ? [`CREATE UNIQUE INDEX ${entity.table}_${key}_key ON ${entity.table} (${key});`] : []),
        ...(style === 'constraint' ? [`ALTER TABLE ${entity.table} ADD CONSTRAINT ${entity.table}_${key}_unique UNIQUE (${key});`] : []),
        '',
      ];
    })
    .join('\n')
    .trimEnd()}\n`;
}

const drizzleColumns = { ref: 'uuid', string: 'text', number: 'integer', date: 'timestamp', boolean: 'boolean' };

export function drizzleSchema(file, entities) {
  const body = entities.flatMap((entity) => {
    const columns = entity.fields.map((field) => {
      const column = snake(field.name);
      if (field.name === 'id') return `  id: uuid('id').primaryKey().defaultRandom(),`;
      if (field.name === 'createdAt' || field.name === 'updatedAt') return `  ${field.name}: timestamp('${column}').defaultNow().notNull(),`;
      const chain = [`${drizzleColumns[field.type]}('${column}')`];
      if (!nullable(field)) chain.push('notNull()');
      if (field.role === 'counter') chain.push('default(0)');
      if (field.role === 'status') chain.push(`default('${entity.statuses[0]}')`);
      if (field.role === 'key' && entity.keyUnique) chain.push('unique()');
      return `  ${field.name}: ${chain.join('.')},`;
    });
    return [
      '',
      `export const ${entity.plural} = pgTable(`,
      `  '${entity.table}',`,
      `  {`,
      ...columns.map((column) => `  ${column}`),
      `  },`,
      `  (t) => [index('${entity.table}_${snake(entity.owner)}_idx').on(t.${entity.owner})],`,
      `);`,
    ];
  });
  return sourceFile(file, body.slice(1), {
    'drizzle-orm/pg-core': ['boolean', 'index', 'integer', 'pgTable', 'text', 'timestamp', 'uuid'],
  });
}

const typeormColumn = { ref: `'uuid'`, string: `'text'`, number: `'int'`, date: `'timestamptz'`, boolean: `'boolean'` };
const tsTypes = { ref: 'string', string: 'string', number: 'number', date: 'Date', boolean: 'boolean' };

export function typeormEntity(file, entity, random) {
  const style = entity.keyUnique ? random.pick(['column', 'index', 'class']) : 'none';
  const members = entity.fields.flatMap((field) => {
    if (field.name === 'id') return [`@PrimaryGeneratedColumn('uuid')`, `id!: string;`];
    if (field.name === 'createdAt') return [`@CreateDateColumn({ name: 'created_at' })`, `createdAt!: Date;`];
    if (field.name === 'updatedAt') return [`@UpdateDateColumn({ name: 'updated_at' })`, `updatedAt!: Date;`];
    const options = [`type: ${typeormColumn[field.type]}`];
    if (snake(field.name) !== field.name) options.push(`name: '${snake(field.name)}'`);
    if (nullable(field)) options.push('nullable: true');
    if (field.role === 'counter') options.push('default: 0');
    if (field.role === 'status') options.push(`default: '${entity.statuses[0]}'`);
    if (field.role === 'key' && style === 'column') options.push('unique: true');
    return [
      ...(field.role === 'key' && style === 'index' ? [`@Index({ unique: true })`] : []),
      `@Column({ ${options.join(', ')} })`,
      `${field.name}${nullable(field) ? '?' : '!'}: ${tsTypes[field.type]}${nullable(field) ? ' | null' : ''};`,
    ];
  });
  const body = [
    `@Entity('${entity.table}')`,
    `@Index(['${entity.owner}'])`,
    ...(style === 'class' ? [`@Unique(['${entity.key}'])`] : []),
    `export class ${entity.name} {`,
    ...members.flatMap((line) => (line.startsWith('@') ? [`  ${line}`] : [`  ${line}`, ''])).slice(0, -1),
    `}`,
  ];
  return sourceFile(file, body, {
    typeorm: ['Column', 'CreateDateColumn', 'Entity', 'Index', 'PrimaryGeneratedColumn', 'Unique', 'UpdateDateColumn'],
  });
}
