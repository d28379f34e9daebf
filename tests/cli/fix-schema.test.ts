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
