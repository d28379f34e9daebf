import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { fixtureFile } from '../rule-tester.js';

// These assert that linting completes, with every rule on; they measure nothing. A hang shows
// as the test's timeout, generous so that a slow CI machine does not fail them.
const timeout = 120_000;
const linter = new Linter({ configType: 'flat' });
const filename = fixtureFile('project', 'pathological.ts');
const header = `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n`;
const racyPair = (code: string) =>
  `const found = await prisma.coupon.findFirst({ where: { code: ${code} } });\nif (!found) await prisma.coupon.create({ data: { code: ${code} } });\n`;

function lint(code: string): Linter.LintMessage[] {
  const messages = linter.verify(code, [plugin.configs.all], { filename });
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return messages;
}

const races = (messages: Linter.LintMessage[]) => messages.filter((message) => message.ruleId?.startsWith('race/')).length;

describe('pathological files lint to completion with every rule on', () => {
  it('deeply nested blocks, callbacks and expressions (as deep as the parser goes)', { timeout }, () => {
    const ifs = `${header}export async function f(x: number, code: string) {\n${Array.from({ length: 250 }, (_, i) => `if (x > ${i}) {`).join('\n')}\n${racyPair('code')}${'}'.repeat(250)}\n}\n`;
    expect(races(lint(ifs))).toBe(1);
    const callbacks = `${header}export const f = ${'async (code: string) => {\n'.repeat(150)}${racyPair('code')}${'};\n'.repeat(150)}`;
    expect(races(lint(callbacks))).toBe(1);
    lint(`${header}export const v = ${'('.repeat(400)}prisma.coupon.findFirst({ where: { code: 'a' } })${')'.repeat(400)};\n`);
    lint(`${header}export const v = ${'{ a: '.repeat(300)}1${' }'.repeat(300)};\n`);
  });

  it('10,000 database calls in one function (a seed script)', { timeout }, () => {
    const body = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 ? `  await prisma.coupon.create({ data: { code: 'c${i}', amount: ${i} } });` : `  await prisma.tag.upsert({ where: { name: 't${i}' }, create: { name: 't${i}' }, update: {} });`,
    ).join('\n');
    expect(races(lint(`${header}export async function seed() {\n${body}\n}\n`))).toBe(0);
  });

  it('1,000 check-then-create pairs in one function, each reported', { timeout }, () => {
    const body = Array.from(
      { length: 1_000 },
      (_, i) => `  const c${i} = await prisma.coupon.findFirst({ where: { code: codes[${i}] } });\n  if (!c${i}) await prisma.coupon.create({ data: { code: codes[${i}] } });`,
    ).join('\n');
    expect(races(lint(`${header}export async function seed(codes: string[]) {\n${body}\n}\n`))).toBe(1_000);
  });

  // Every create could pair with every earlier check of the same record: only the nearest are tried.
  it('10,000 calls in one function: 5,000 checks, then 5,000 creates', { timeout }, () => {
    const checks = Array.from({ length: 5_000 }, (_, i) => `  const c${i} = await prisma.coupon.findFirst({ where: { code: codes[${i}] } });`);
    const creates = Array.from({ length: 5_000 }, (_, i) => `  await prisma.coupon.create({ data: { code: codes[${i}] } });`);
    lint(`${header}export async function seed(codes: string[]) {\n${[...checks, ...creates].join('\n')}\n}\n`);
  });

  it('a huge object literal written by a create, and a huge one beside it', { timeout }, () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => `    field${i}: input.f${i},`).join('\n');
    lint(`${header}export async function save(input: Record<string, string>) {\n  await prisma.coupon.create({ data: {\n${fields}\n  } });\n}\n`);
    lint(`export const table = {\n${Array.from({ length: 10_000 }, (_, i) => `  k${i}: [${i}, '${i}', { n: ${i} }],`).join('\n')}\n};\n`);
  });

  it('a raw query with a 40,000-character SQL text and a 300-link query chain', { timeout }, () => {
    const sql = `SELECT * FROM users WHERE ${Array.from({ length: 4_000 }, (_, i) => `c${i} = $1`).join(' AND ')}`;
    lint(`import { Pool } from 'pg';\nconst pool = new Pool();\nexport const q = (v: string) => pool.query('${sql}', [v]);\n`);
    lint(`import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const q = () => db('t')${'.where({ a: 1 })'.repeat(300)}.first();\n`);
  });
});
