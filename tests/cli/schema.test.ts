import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, examplesDir, raceLint, removeTempProjects, repoRoot, tempProject } from './run-bin.js';

beforeAll(ensureBuilt);
afterAll(removeTempProjects);

describe.concurrent('race-lint schema [path]', () => {
  it("lists the example's dialect, files, models and unique constraints", async () => {
    const { code, stdout } = await raceLint(['schema', 'examples'], repoRoot);
    expect(code).toBe(0);
    expect(stdout).toContain('Project root: examples\nDialect: postgresql\n');
    expect(stdout).toContain('Files read:\n  prisma/schema.prisma\n');
    expect(stdout).toMatch(/^ {2}Coupon +postgresql +prisma\/schema\.prisma$/m);
    expect(stdout).toMatch(/^ {2}Customer +\(email\) +@unique on Customer\.email +prisma\/schema\.prisma$/m);
    expect(stdout).not.toMatch(/^ {2}Coupon +\(code\)/m);
  });

  it('prints the same as JSON, and reads a named file as the only source', async () => {
    const { code, stdout } = await raceLint(['schema', 'prisma/schema.prisma', '--format', 'json'], examplesDir);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { dialect: string; files: string[]; constraints: { description: string }[] };
    expect(schema.dialect).toBe('postgresql');
    expect(schema.files).toEqual(['prisma/schema.prisma']);
    expect(schema.constraints.map((c) => c.description)).toContain('@@unique([productId, customerId]) on Review');
  });

  it('exits 2 naming a Prisma schema that does not parse', async () => {
    const dir = tempProject({ 'package.json': '{}', 'prisma/schema.prisma': 'model Tag {\n  id Int @id\n}\nmodel {\n' });
    const { code, stdout, stderr } = await raceLint(['schema'], dir);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: 'race-lint: cannot parse prisma/schema.prisma:4: unexpected "{"\n' });
  });

  it('exits 2 naming a model file that does not parse, before listing anything', async () => {
    const dir = tempProject({
      'package.json': '{}',
      'src/models/tag.ts': "import { Schema, model } from 'mongoose';\nexport const Tag = model('Tag', new Schema({ name: String });\n",
    });
    const { code, stdout, stderr } = await raceLint(['schema'], dir);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: "race-lint: cannot parse src/models/tag.ts:2:61: ')' expected.\n" });
  });

  it('keeps the reason on one line when the parser stops at a line break', async () => {
    const dir = tempProject({ 'package.json': '{}', 'prisma/schema.prisma': 'model User {\n  id Int @id\n  email String @unique(\n' });
    const { code, stdout, stderr } = await raceLint(['schema'], dir);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'race-lint: cannot parse prisma/schema.prisma:3: unexpected line break\n',
    });
  });

  it('says so when no schema source is found', async () => {
    const dir = tempProject({ 'package.json': '{}', 'src/index.ts': 'export {};\n' });
    const { code, stdout } = await raceLint(['schema'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No schema source found in \./);
  });
  it('ends with its own exit code when the reader closes the pipe early (race-lint schema | head -1)', async () => {
    const models = Array.from({ length: 2000 }, (_, i) => `model Thing${i} {\n  id   Int    @id\n  code String @unique\n}\n`).join('\n');
    const dir = tempProject({ 'package.json': '{}', 'prisma/schema.prisma': models });
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli', 'main.js'), 'schema'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk only, then close the pipe, as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
