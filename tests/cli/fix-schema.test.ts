import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, examplesDir, raceLint, removeTempProjects, tempProject, unwrapped } from './run-bin.js';

beforeAll(ensureBuilt);
afterAll(removeTempProjects);

const signUp = (driver: string): string => `import { Pool } from '${driver}';
const pool = new Pool();
export async function signUp(email: string, tenant: number) {
  const { rows } = await pool.query('SELECT id FROM users WHERE email = $1 AND tenant_id = $2', [email, tenant]);
  if (rows.length > 0) throw new Error('taken');
  await pool.query('INSERT INTO users (email, tenant_id) VALUES ($1, $2)', [email, tenant]);
}
`;
const sqlProject = {
  'package.json': '{}',
  'migrations/0001_init.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, tenant_id int NOT NULL);\n',
  'src/users.ts': signUp('pg'),
};

describe.concurrent('race-lint fix-schema [paths...]', () => {
  it('shows the @unique that the example schema lacks as a diff, and writes nothing', async () => {
    const dir = tempProject(examplesDir);
    const schemaFile = path.join(dir, 'prisma', 'schema.prisma');
    const before = fs.readFileSync(schemaFile, 'utf8');
    const { code, stdout } = await raceLint(['fix-schema'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('--- a/prisma/schema.prisma\n+++ b/prisma/schema.prisma\n');
    expect(stdout).toContain('-  code     String\n+  code     String @unique\n');
    expect(stdout).toContain('Would add (run with --write to apply):\n  @unique on Coupon.code (prisma/schema.prisma)');
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(before);
  });

  it('writes it with --write; the rule then asks for conflict handling instead', async () => {
    const dir = tempProject(examplesDir);
    const schemaFile = path.join(dir, 'prisma', 'schema.prisma');
    const before = fs.readFileSync(schemaFile, 'utf8');
    expect((await raceLint(['fix-schema', '--write'], dir)).code).toBe(0);
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(before.replace('  code     String\n', '  code     String @unique\n'));
    const { stdout } = await raceLint(['--rule', 'no-check-then-create', 'src/routes/coupons.ts'], dir);
    expect(unwrapped(stdout)).toContain('The unique constraint @unique on Coupon.code (prisma/schema.prisma) stops the duplicate');
    expect((await raceLint(['fix-schema'], dir)).stdout).toBe('No missing unique constraints reported.\n');
  });

  it('adds @@unique([...]) for a check on several fields', async () => {
    const dir = tempProject(examplesDir);
    const route = path.join(dir, 'src', 'routes', 'reviews.ts');
    fs.writeFileSync(route, fs.readFileSync(route, 'utf8').replaceAll('prisma.review.', 'prisma.product.').replaceAll('productId, customerId', 'name, stock'));
    const { code, stdout } = await raceLint(['fix-schema', '--write', 'src/routes/reviews.ts'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('@@unique([name, stock]) on Product');
    expect(fs.readFileSync(path.join(dir, 'prisma', 'schema.prisma'), 'utf8')).toMatch(/stock Int\n\n {2}@@unique\(\[name, stock\]\)\n\}/);
  });

  it('writes a CREATE UNIQUE INDEX CONCURRENTLY migration beside the SQL of a PostgreSQL project', async () => {
    const dir = tempProject(sqlProject);
    const { code, stdout } = await raceLint(['fix-schema', '--write'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('--- /dev/null\n+++ b/migrations/0002_add_unique_users_email_tenant_id.sql\n');
    expect(fs.readFileSync(path.join(dir, 'migrations', '0002_add_unique_users_email_tenant_id.sql'), 'utf8')).toContain(
      'CREATE UNIQUE INDEX CONCURRENTLY users_email_tenant_id_key ON users (email, tenant_id);\n',
    );
  });

  it('uses a plain CREATE UNIQUE INDEX on other engines', async () => {
    const dir = tempProject({ ...sqlProject, 'src/users.ts': signUp('mysql2/promise') });
    const { stdout } = await raceLint(['fix-schema'], dir);
    expect(stdout).toContain('+CREATE UNIQUE INDEX users_email_tenant_id_key ON users (email, tenant_id);');
  });

  it('exits 2 naming a Prisma schema it cannot parse, and writes nothing', async () => {
    const dir = tempProject(examplesDir);
    const schemaFile = path.join(dir, 'prisma', 'schema.prisma');
    const broken = `${fs.readFileSync(schemaFile, 'utf8')}\nmodel {\n`;
    fs.writeFileSync(schemaFile, broken);
    // The client made in the route itself, since a schema that declares nothing tells no models.
    const route = path.join(dir, 'src', 'routes', 'coupons.ts');
    const ownClient = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();";
    fs.writeFileSync(route, fs.readFileSync(route, 'utf8').replace("import { prisma } from '../db.js';", ownClient));
    const { code, stderr } = await raceLint(['fix-schema', '--write'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^race-lint: cannot parse prisma\/schema\.prisma:\d+: unexpected "\{"\n$/);
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(broken);
  });
});

/** A fixture project in tests/fixtures, the edits fix-schema makes to its model files, and what it reports. */
interface ModelProject {
  readonly fixture: string;
  /** Per file: `[before, after]` text replacements that make the expected new text. */
  readonly edits: Readonly<Record<string, readonly (readonly [string, string])[]>>;
  readonly added: readonly string[];
  /** The constraints the rule names afterwards, each as `<description> (<file>)`. */
  readonly constraints: readonly string[];
}

const modelProjects: readonly ModelProject[] = [
  {
    fixture: 'cli-typeorm',
    edits: {
      'src/entities/campaign.ts': [['@Column({ length: 80 })', '@Column({ length: 80, unique: true })']],
      'src/entities/pledge.ts': [
        ['  Entity,\n', '  Entity,\n  Index,\n'],
        ['@Entity()\n', "@Entity()\n@Index(['backerId', 'campaignId'], { unique: true })\n"],
      ],
    },
    added: [
      '@Column({ unique: true }) on Campaign.slug (src/entities/campaign.ts)',
      "@Index(['backerId', 'campaignId'], { unique: true }) on Pledge (src/entities/pledge.ts)",
    ],
    constraints: [
      '@Column({ unique: true }) on Campaign.slug (src/entities/campaign.ts)',
      '@Index on Pledge(backerId, campaignId) (src/entities/pledge.ts)',
    ],
  },
  {
    fixture: 'cli-mongoose',
    edits: {
      'src/models/user.ts': [
        ['trim: true }', 'trim: true, unique: true }'],
        ['handle: String,', 'handle: { type: String, unique: true },'],
      ],
      'src/models/membership.ts': [['})\n\nexport', '})\nmembershipSchema.index({ workspace: 1, user: 1 }, { unique: true })\n\nexport']],
    },
    added: [
      'membershipSchema.index({ workspace: 1, user: 1 }, { unique: true }) (src/models/membership.ts)',
      'unique: true on User.email (src/models/user.ts)',
      'unique: true on User.handle (src/models/user.ts)',
    ],
    constraints: [
      'membershipSchema.index({ workspace, user }, { unique: true }) (src/models/membership.ts)',
      'unique: true on User.email (src/models/user.ts)',
      'unique: true on User.handle (src/models/user.ts)',
    ],
  },
  {
    fixture: 'cli-sequelize',
    edits: {
      'src/models/coupon.ts': [['      allowNull: false,\n', '      allowNull: false,\n      unique: true,\n']],
      'src/models/redemption.ts': [['\n});', "\n}, { indexes: [{ unique: true, fields: ['couponCode', 'customerId'] }] });"]],
    },
    added: [
      'unique: true on Coupon.code (src/models/coupon.ts)',
      "indexes: [{ unique: true, fields: ['couponCode', 'customerId'] }] on Redemption (src/models/redemption.ts)",
    ],
    constraints: [
      'unique: true on Coupon.code (src/models/coupon.ts)',
      'unique index on Redemption(couponCode, customerId) (src/models/redemption.ts)',
    ],
  },
  {
    fixture: 'cli-drizzle',
    edits: {
      'src/db/schema.ts': [
        ['timestamp } from', 'timestamp, uniqueIndex } from'],
        ["slug: text('slug').notNull(),", "slug: text('slug').notNull().unique(),"],
        [
          "(table) => [index('members_user_idx').on(table.userId)]",
          "(table) => [index('members_user_idx').on(table.userId), uniqueIndex('members_team_id_user_id_key').on(table.teamId, table.userId)]",
        ],
      ],
    },
    added: [
      '.unique() on teams.slug (src/db/schema.ts)',
      "uniqueIndex('members_team_id_user_id_key') on members (teamId, userId) (src/db/schema.ts)",
    ],
    constraints: ['.unique() on teams.slug (src/db/schema.ts)', "uniqueIndex('members_team_id_user_id_key') (src/db/schema.ts)"],
  },
];

const fixturesDir = path.join(import.meta.dirname, '..', 'fixtures');

// One after another: each test runs the command line three times, on a machine of few cores.
describe('race-lint fix-schema on TypeORM, Mongoose, Sequelize and Drizzle model files', { timeout: 120_000 }, () => {
  it.each(modelProjects)('$fixture: a diff, then --write, then the rule asks for conflict handling', async (project) => {
    const dir = tempProject(path.join(fixturesDir, project.fixture));
    const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
    const before = Object.fromEntries(Object.keys(project.edits).map((file) => [file, read(file)]));

    const shown = await raceLint(['fix-schema'], dir);
    expect(shown.code).toBe(1);
    for (const file of Object.keys(project.edits)) expect(shown.stdout).toContain(`--- a/${file}\n+++ b/${file}\n`);
    expect(shown.stdout).toContain(['Would add (run with --write to apply):', ...project.added.map((line) => `  ${line}`)].join('\n'));
    expect(shown.stdout).toContain('create the unique indexes with the ORM');
    for (const [file, text] of Object.entries(before)) expect(read(file)).toBe(text);

    const written = await raceLint(['fix-schema', '--write'], dir);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(['Added:', ...project.added.map((line) => `  ${line}`)].join('\n'));
    for (const [file, replacements] of Object.entries(project.edits)) {
      const expected = replacements.reduce((text, [from, to]) => {
        expect(text).toContain(from);
        return text.replace(from, to);
      }, before[file] ?? '');
      expect(read(file)).toBe(expected);
    }

    const linted = unwrapped((await raceLint(['--rule', 'no-check-then-create'], dir)).stdout);
    for (const constraint of project.constraints) expect(linted).toContain(`The unique constraint ${constraint} stops the duplicate`);
    expect(linted).not.toContain('No unique constraint on');
  });

  it('adds only the smaller constraint when a check on fewer fields is also reported', async () => {
    const dir = tempProject(path.join(fixturesDir, 'cli-mongoose'));
    fs.writeFileSync(
      path.join(dir, 'src', 'routes', 'memberships.ts'),
      `import { Membership } from '../models/membership.js'

export async function join(workspace: string, user: string) {
  if (await Membership.exists({ workspace, user })) return null
  return Membership.create({ workspace, user })
}

export async function claimWorkspace(workspace: string, user: string) {
  if (await Membership.exists({ workspace })) return null
  return Membership.create({ workspace, user, role: 'owner' })
}
`,
    );
    const { stdout } = await raceLint(['fix-schema', 'src/routes/memberships.ts'], dir);
    expect(stdout).toContain('Would add (run with --write to apply):\n  unique: true on Membership.workspace (src/models/membership.ts)\n\n');
  });

  it('exits 2 naming a model file that does not parse, and writes no other file', async () => {
    const dir = tempProject(path.join(fixturesDir, 'cli-drizzle'));
    const schemaFile = path.join(dir, 'src', 'db', 'schema.ts');
    const schema = fs.readFileSync(schemaFile, 'utf8');
    fs.writeFileSync(
      path.join(dir, 'src', 'db', 'billing.ts'),
      `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const invoices = pgTable('invoices', {
  id: serial('id').primaryKey(),
  number: text('number').notNull(),
  teamId: integer('team_id').notNull(),
);
`,
    );
    fs.mkdirSync(path.join(dir, 'src', 'billing'));
    fs.writeFileSync(
      path.join(dir, 'src', 'billing', 'invoices.ts'),
      `import { eq } from 'drizzle-orm';
import { db } from '../db/index.js';
import { invoices } from '../db/billing.js';

export async function issue(number: string, teamId: number) {
  const [existing] = await db.select().from(invoices).where(eq(invoices.number, number));
  if (existing) return existing;
  const [invoice] = await db.insert(invoices).values({ number, teamId }).returning();
  return invoice;
}
`,
    );
    // The broken file is not linted here: fix-schema finds it among the schema sources.
    const sources = await raceLint(['fix-schema', '--write', 'src/teams', 'src/billing'], dir);
    expect(sources).toMatchObject({ code: 2, stderr: 'race-lint: cannot parse src/db/billing.ts:7:1: Property assignment expected.\n' });
    const linted = await raceLint(['fix-schema', '--write'], dir);
    expect(linted.code).toBe(2);
    expect(linted.stderr).toMatch(/^race-lint: cannot parse src\/db\/billing\.ts:7:\d+: .+\n$/);
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(schema);
  });
});
