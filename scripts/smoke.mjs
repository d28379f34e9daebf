// `npm run smoke [-- --limit 500 --files 2000 --concurrency off|auto|N]`
//
// Lints, with every rule of the plugin on (race.configs.all), every .ts/.tsx/.js/.mjs/.cjs file
// shipped in node_modules by the installed libraries the plugin supports, and the generated
// benchmark codebase. Fails (exit 1) when a lint throws (a rule crashed) or a TypeScript file
// does not parse; a JavaScript file the TypeScript parser rejects is listed, not failed: that
// is the parser's limit, not a fault of the rules, and the file is simply not linted.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import { benchRoot, ensureCodebase } from './bench/generate.mjs';
import { table } from './bench/report.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    limit: { type: 'string' },
    files: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: 'off' },
  },
});

/** Libraries the plugin reads, and the frameworks their code runs in: linted when installed. */
const packages = [
  'typeorm', 'sequelize', 'mongoose', 'mongodb', 'drizzle-orm', 'knex', 'kysely', 'ioredis', 'redis', '@redis/client',
  '@upstash/redis', 'pg', 'mysql2', 'postgres', 'sqlite', 'sqlite3', 'better-sqlite3', '@prisma/client',
  'express', 'fastify', '@nestjs/common', '@nestjs/typeorm', 'next',
];
const extensions = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
const typescript = /\.(?:ts|tsx|mts|cts)$/;
const maxBytes = 2_000_000;

function sourceFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).includes('node_modules'))
    .sort();
}

/** At most `limit` files, spread evenly over the sorted list so that every folder is sampled. */
function spread(files, limit) {
  if (!limit || files.length <= limit) return files;
  return Array.from({ length: limit }, (_, i) => files[Math.floor((i * files.length) / limit)]);
}

const sources = packages.flatMap((name) => {
  const dir = path.join(repo, 'node_modules', name);
  if (!fs.existsSync(path.join(dir, 'package.json'))) return [];
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return [{ name: `${name}@${version}`, files: sourceFiles(dir) }];
});
const missing = packages.filter((name) => !fs.existsSync(path.join(repo, 'node_modules', name, 'package.json')));
const codebase = ensureCodebase({ files: Number(options.files) });
sources.push({ name: `benchmark codebase (${path.basename(codebase.root)})`, files: sourceFiles(codebase.root), generated: true });

const configFile = path.join(benchRoot, 'configs', 'smoke.config.mjs');
fs.mkdirSync(path.dirname(configFile), { recursive: true });
fs.writeFileSync(
  configFile,
  [
    `// Every rule of the plugin, nothing else; files under node_modules are linted too, and`,
    `// library files carry directives for rules not loaded here.`,
    `import race from '${pathToFileURL(path.join(repo, 'dist', 'index.js')).href}';`,
    ``,
    `export default [`,
    `  { ignores: ['!**/node_modules/'] },`,
    `  race.configs.all,`,
    `  { linterOptions: { reportUnusedDisableDirectives: 'off' } },`,
    `];`,
    ``,
  ].join('\n'),
);
const concurrency = options.concurrency === 'off' || options.concurrency === 'auto' ? options.concurrency : Number(options.concurrency);
const eslint = new ESLint({ cwd: repo, overrideConfigFile: configFile, concurrency });

/**
 * Lints the files; when the lint throws, halves the list until each throwing file is found,
 * so that one crash does not hide another.
 */
async function lintAll(files, crashes) {
  try {
    return await eslint.lintFiles(files);
  } catch (error) {
    if (files.length === 1) {
      crashes.push({ file: files[0], error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return [];
    }
    const half = Math.ceil(files.length / 2);
    return [...(await lintAll(files.slice(0, half), crashes)), ...(await lintAll(files.slice(half), crashes))];
  }
}

const limit = options.limit ? Number(options.limit) : undefined;
const rows = [];
const crashes = [];
const failedParses = [];
const javascriptParses = [];
const oversized = [];
const notLinted = [];
const started = performance.now();
for (const source of sources) {
  const files = spread(source.files, limit).filter((file) => fs.statSync(file).size <= maxBytes || !oversized.push(file));
  const lines = files.reduce((sum, file) => sum + fs.readFileSync(file, 'utf8').split('\n').length, 0);
  const sourceStarted = performance.now();
  const results = await lintAll(files, crashes);
  const ms = performance.now() - sourceStarted;
  let findings = 0;
  let other = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) {
        const entry = { file: path.relative(repo, result.filePath), message: `${message.line}:${message.column} ${message.message}` };
        // A TypeScript file must parse; so must every file the benchmark generator wrote.
        (typescript.test(result.filePath) || source.generated ? failedParses : javascriptParses).push(entry);
      } else if (message.ruleId === null && /^File ignored/.test(message.message)) {
        notLinted.push(path.relative(repo, result.filePath));
      } else if (message.ruleId?.startsWith('race/')) findings++;
      else other++;
    }
  }
  rows.push([source.name, files.length, lines, findings, other, `${(ms / 1000).toFixed(1)} s`, Math.round(lines / (ms / 1000))]);
  console.log(`${source.name}: ${files.length} files in ${(ms / 1000).toFixed(1)} s`);
}
const seconds = (performance.now() - started) / 1000;
const total = (column) => rows.reduce((sum, row) => sum + row[column], 0);

console.log(`\n## Smoke run: race.configs.all, concurrency ${options.concurrency}${limit ? `, at most ${limit} files per source` : ''}\n`);
console.log(
  table(
    ['source', 'files', 'lines', 'race findings', 'other messages', 'time', 'lines/s'],
    [...rows, ['total', total(1), total(2), total(3), total(4), `${seconds.toFixed(1)} s`, Math.round(total(2) / seconds)]],
  ),
);
console.log(
  `\n${total(1)} files, ${total(2)} lines, ${total(3)} findings in ${seconds.toFixed(1)} s: ` +
    `${(total(1) / seconds).toFixed(1)} files/s, ${Math.round(total(2) / seconds)} lines/s, ${(total(3) / seconds).toFixed(2)} findings/s`,
);
if (total(4) > 0) console.log(`Other messages: ESLint's notes on disable comments that name rules not loaded here, such as "Definition for rule … was not found".`);
if (missing.length) console.log(`Not installed, skipped: ${missing.join(', ')}`);
if (oversized.length) console.log(`Larger than ${maxBytes} bytes, skipped: ${oversized.map((file) => path.relative(repo, file)).join(', ')}`);

const list = (title, entries, show) => {
  if (entries.length === 0) return;
  console.log(`\n${title} (${entries.length}):`);
  for (const entry of entries.slice(0, 20)) console.log(`  ${show(entry)}`);
  if (entries.length > 20) console.log(`  … and ${entries.length - 20} more`);
};
list('JavaScript files the TypeScript parser rejects (not linted, not a failure)', javascriptParses, (entry) => `${entry.file} ${entry.message}`);
list('TypeScript or generated files that do not parse', failedParses, (entry) => `${entry.file} ${entry.message}`);
list('Files ESLint ignored instead of linting', notLinted, (file) => file);
list('Lint runs that threw', crashes, (entry) => `${path.relative(repo, entry.file)}\n    ${entry.error.split('\n').slice(0, 6).join('\n    ')}`);

const failed = crashes.length > 0 || failedParses.length > 0 || notLinted.length > 0;
console.log(failed ? '\nsmoke: FAILED' : '\nsmoke: passed, no rule threw and every TypeScript file parsed');
process.exitCode = failed ? 1 : 0;
