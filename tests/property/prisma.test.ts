import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getSchemaIndex } from '../../src/schema/index.js';
import { readPrismaSchema } from '../../src/schema/prisma.js';
import type { SchemaFacts } from '../../src/schema/types.js';
import { parseTypeScriptFile } from '../../src/schema/typescript.js';

const timeout = 60_000;

interface Model {
  name: string;
  fields: { name: string; type: string; unique: boolean }[];
  compound: boolean;
  table: string | undefined;
}

const model = fc.record({
  name: fc.constantFrom('User', 'Coupon', 'Team', 'Membership', 'Order', 'GiftCard', 'Tag', 'Wallet', 'Invite', 'Seat'),
  fields: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('email', 'code', 'slug', 'handle', 'orgId', 'userId', 'title', 'balance', 'sku'),
      type: fc.constantFrom('String', 'Int', 'DateTime', 'Boolean', 'String?', 'Decimal'),
      unique: fc.boolean(),
    }),
    { selector: (field) => field.name, minLength: 2, maxLength: 6 },
  ),
  compound: fc.boolean(),
  table: fc.option(fc.constantFrom('users', 'coupon_codes', 'team-members'), { nil: undefined }),
});
const models = fc.uniqueArray(model, { selector: (m) => m.name, minLength: 1, maxLength: 6 });

const datasource = (provider: string) => `datasource db {\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n}\n`;

function render(m: Model): string {
  const [first, second] = m.fields;
  return [
    `model ${m.name} {`,
    `  id Int @id @default(autoincrement())`,
    ...m.fields.map((field) => `  ${field.name} ${field.type}${field.unique ? ' @unique' : ''}`),
    ...(m.compound && first && second ? [``, `  @@unique([${first.name}, ${second.name}])`] : []),
    ...(m.table ? [`  @@map("${m.table}")`] : []),
    `}`,
    ``,
  ].join('\n');
}

/** The constraints a schema of these models declares, as `Model(field,…)`. */
function expected(list: readonly Model[]): string[] {
  return list
    .flatMap((m) => {
      const [first, second] = m.fields;
      return [
        `${m.name}(id)`,
        ...m.fields.filter((field) => field.unique).map((field) => `${m.name}(${field.name})`),
        ...(m.compound && first && second ? [`${m.name}(${first.name},${second.name})`] : []),
      ];
    })
    .sort();
}

const described = (facts: SchemaFacts) =>
  facts.constraints.map((constraint) => `${constraint.resources[0] ?? ''}(${constraint.fields.join(',')})`).sort();

/** Broken files: Prisma punctuation and keywords inserted, or stretches deleted, anywhere. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.constantFrom('', '{', '}', '@', '@@', '(', ')', '[', ']', '"', '=', '\n', 'model ', '// x\n', '/// doc\n', '@unique', '@@unique([', 'enum X {', '?', '\\'),
});
const broken = fc.tuple(models, fc.array(edit, { minLength: 1, maxLength: 8 })).map(([list, edits]) =>
  edits.reduce((text, { at, remove, insert }) => {
    const position = at % (text.length + 1);
    return text.slice(0, position) + insert + text.slice(position + remove);
  }, datasource('postgresql') + list.map(render).join('\n')),
);

describe('the Prisma schema reader on arbitrary input', () => {
  it('never throws on broken, truncated or random files, and names the file it read', { timeout }, () => {
    const truncated = fc.tuple(models, fc.nat()).map(([list, cut]) => {
      const text = list.map(render).join('\n');
      return text.slice(0, cut % (text.length + 1));
    });
    fc.assert(
      fc.property(fc.oneof(broken, truncated, fc.string({ maxLength: 300 })), (text) => {
        const facts = readPrismaSchema(text, 'prisma/schema.prisma');
        expect(facts.files).toEqual(['prisma/schema.prisma']);
        for (const constraint of facts.constraints) expect(constraint.fields.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every @id, @unique and @@unique of a well-formed schema', { timeout }, () => {
    fc.assert(
      fc.property(models, fc.constantFrom('postgresql', 'mysql', 'sqlite'), (list, provider) => {
        const facts = readPrismaSchema(datasource(provider) + list.map(render).join('\n'), 'schema.prisma');
        expect(described(facts)).toEqual(expected(list));
        expect(facts.dialect).toBe(provider);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a schema split over several files as it reads the whole', { timeout }, () => {
    fc.assert(
      fc.property(models, fc.integer({ min: 1, max: 4 }), (list, parts) => {
        const files = Array.from({ length: parts }, (_, i) => list.filter((_, at) => at % parts === i).map(render).join('\n'));
        const separately = files.flatMap((text, i) => readPrismaSchema(text, `prisma/schema/${i}.prisma`).constraints);
        expect(described({ constraints: separately, declarations: [], files: [] })).toEqual(expected(list));
      }),
      { numRuns: 150 },
    );
  });
});

describe('schema discovery of a multi-file Prisma schema (prisma/schema/*.prisma)', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds every model and unique field, whichever file declares it, and survives broken files beside them', { timeout }, () => {
    const program = parseTypeScriptFile('export {};', 'src/service.ts');
    if (!program) throw new Error('did not parse');
    fc.assert(
      fc.property(models, fc.integer({ min: 1, max: 3 }), fc.array(broken, { maxLength: 2 }), (list, parts, brokenFiles) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'race-prisma-'));
        roots.push(root);
        fs.mkdirSync(path.join(root, 'prisma', 'schema'), { recursive: true });
        fs.writeFileSync(path.join(root, 'package.json'), '{}');
        fs.writeFileSync(path.join(root, 'prisma', 'schema', 'main.prisma'), datasource('postgresql'));
        for (let i = 0; i < parts; i++) {
          const text = list.filter((_, at) => at % parts === i).map(render).join('\n');
          fs.writeFileSync(path.join(root, 'prisma', 'schema', `models-${i}.prisma`), text);
        }
        brokenFiles.forEach((text, i) => {
          fs.writeFileSync(path.join(root, 'prisma', 'schema', `zz-broken-${i}.prisma`), text);
        });
        const index = getSchemaIndex({ filename: path.join(root, 'src', 'service.ts'), text: 'export {};', program }, {}, root);
        for (const m of list) {
          expect(index.declares(m.name)).toBe(true);
          for (const field of m.fields.filter((f) => f.unique)) expect(index.uniqueFor(m.name, [field.name])).toBeDefined();
        }
        expect(index.files.length).toBe(1 + parts + brokenFiles.length);
      }),
      { numRuns: 25 },
    );
  });
});
