// `npm run bench [-- --files 2000 --rounds 3 --seed 7 --first-file-runs 5]`
//
// Builds the plugin, generates the benchmark codebase when missing, then in one run times ESLint
// with typescript-eslint's recommended config alone (the baseline), plus race.configs.recommended,
// plus race.configs.all: each lint a child process of its own, the configurations alternating
// round by round. Reports medians, ratios to the baseline, peak memory, per-rule times, the cost
// of the first file of a cold process, and whether `concurrency: 2` and a cached second run give
// the same results. Writes the figures to .bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { configNames, writeConfigs } from './configs.mjs';
import { benchRoot, ensureCodebase } from './generate.mjs';
import { median, megabytes, millis, seconds, table } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const { values: options } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
    rounds: { type: 'string', default: '3' },
    'first-file-runs': { type: 'string', default: '5' },
  },
});
const rounds = Number(options.rounds);

function step(text) {
  console.log(`\n▸ ${text}`);
}

function lint(request) {
  const child = spawnSync(process.execPath, [path.join(here, 'lint-run.mjs'), JSON.stringify(request)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TIMING: '' },
  });
  if (child.status !== 0) throw new Error(`lint run failed (${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

step('npm run build');
const build = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The runs lint with a copy of dist/ taken now, so that a rebuild during the run (a watch, another
// terminal) cannot change the plugin under measurement.
const snapshot = path.join(benchRoot, 'plugin');
fs.rmSync(snapshot, { recursive: true, force: true });
fs.cpSync(path.join(repo, 'dist'), path.join(snapshot, 'dist'), { recursive: true });
fs.copyFileSync(path.join(repo, 'package.json'), path.join(snapshot, 'package.json'));
const { default: plugin } = await import(pathToFileURL(path.join(snapshot, 'dist', 'index.js')).href);
const git = (...args) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
const revision = `${git('rev-parse', '--short', 'HEAD').stdout.trim()}${git('diff', '--quiet', 'HEAD', '--', 'src').status === 0 ? '' : ' with uncommitted changes in src/'}`;
for (const name of ['recommended', 'all']) console.log(`race.configs.${name}: ${Object.keys(plugin.configs[name].rules).join(', ')}`);
console.log(`plugin built from ${revision}`);

step(`codebase (${options.files} files, seed ${options.seed})`);
const codebase = ensureCodebase({ files: Number(options.files), seed: Number(options.seed) });
console.log(`${codebase.root}: ${codebase.typescriptFiles} TypeScript files, ${codebase.typescriptLines} lines`);
const configs = writeConfigs(path.join(benchRoot, 'configs'), path.join(snapshot, 'dist', 'index.js'));
const request = (config, extra = {}) => ({ root: codebase.root, configFile: configs[config], ...extra });

step('warm-up (file system cache), not measured');
lint(request('baseline'));

const runs = Object.fromEntries(configNames.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  // Each round starts with the next configuration, so none always runs first or last.
  const order = configNames.map((_, i) => configNames[(i + round) % configNames.length]);
  for (const name of order) {
    const run = lint(request(name));
    runs[name].push(run);
    console.log(
      `round ${round + 1}/${rounds} ${name.padEnd(16)} ${seconds(run.lintMs)} wall, ${seconds(run.cpuMs)} CPU, ${megabytes(run.maxRssMb)}, ${run.findings} race findings, ${run.messages} messages`,
    );
  }
}

step('per-rule times (stats: true), race.configs.all');
const timed = lint(request('all', { stats: true }));

step(`first file of a cold process (${options['first-file-runs']} runs per configuration)`);
const firstFile = fs
  .readdirSync(path.join(codebase.root, 'src', 'modules'), { recursive: true })
  .filter((file) => file.endsWith('.service.ts'))
  .sort()
  .find((file) => fs.readFileSync(path.join(codebase.root, 'src', 'modules', file), 'utf8').includes('db/prisma'));
const firstRuns = Object.fromEntries(
  configNames.map((name) => [
    name,
    Array.from({ length: Number(options['first-file-runs']) }, () =>
      lint(request(name, { patterns: [path.join('src', 'modules', firstFile)], stats: true })),
    ),
  ]),
);

step('determinism: concurrency 2, and a cached second run');
const reference = runs.all.map((run) => run.fingerprint);
const concurrent = lint(request('all', { concurrency: 2 }));
const cacheLocation = path.join(benchRoot, 'cache', 'eslintcache');
fs.rmSync(path.dirname(cacheLocation), { recursive: true, force: true });
fs.mkdirSync(path.dirname(cacheLocation), { recursive: true });
const cacheFirst = lint(request('all', { cacheLocation }));
const cacheSecond = lint(request('all', { cacheLocation }));

// ---------------------------------------------------------------------------------------------
// Ratios are taken within each round, then their median: runs of one round are close in time and
// share the machine's load of the moment.
const pairedRatio = (name, measure, reference = 'baseline') =>
  median(runs[name].map((run, round) => measure(run) / measure(runs[reference][round])));
const summary = configNames.map((name) => ({
  name,
  lintMs: median(runs[name].map((run) => run.lintMs)),
  cpuMs: median(runs[name].map((run) => run.cpuMs)),
  rssMb: median(runs[name].map((run) => run.maxRssMb)),
  timeRatio: pairedRatio(name, (run) => run.lintMs),
  cpuRatio: pairedRatio(name, (run) => run.cpuMs),
  rssRatio: pairedRatio(name, (run) => run.maxRssMb),
  findings: runs[name][0].findings,
}));
const times = (value) => `${value.toFixed(3)}×`;
console.log(`\n## Lint time and peak memory: ${codebase.typescriptFiles} files, ${codebase.typescriptLines} lines, median of ${rounds} rounds\n`);
console.log(
  table(
    ['configuration', 'wall time', 'vs baseline', 'CPU time', 'vs baseline', 'peak RSS', 'vs baseline', 'race findings'],
    summary.map((row) => [row.name, seconds(row.lintMs), times(row.timeRatio), seconds(row.cpuMs), times(row.cpuRatio), megabytes(row.rssMb), times(row.rssRatio), row.findings]),
  ),
);

console.log(
  `\nsummaries across functions and files (all vs all-no-summaries): ${times(pairedRatio('all', (run) => run.lintMs, 'all-no-summaries'))} wall, ` +
    `${times(pairedRatio('all', (run) => run.cpuMs, 'all-no-summaries'))} CPU, ${times(pairedRatio('all', (run) => run.maxRssMb, 'all-no-summaries'))} peak RSS; ` +
    `findings ${runs['all-no-summaries'][0].findings} → ${runs.all[0].findings}`,
);

const ruleRows = Object.entries(timed.rules).sort((a, b) => b[1] - a[1]);
const ours = ruleRows.filter(([rule]) => rule.startsWith('race/'));
const theirs = ruleRows.filter(([rule]) => !rule.startsWith('race/'));
console.log(`\n## Per-rule time (stats: true, one run of race.configs.all; parsing took ${seconds(timed.parseMs)})\n`);
console.log(
  table(
    ['rule', 'total', 'per file'],
    [...ours, ...theirs.slice(0, 8)].map(([rule, ms]) => [rule, millis(ms), millis(ms / timed.files)]),
  ),
);

const first = Object.fromEntries(
  configNames.map((name) => {
    const list = firstRuns[name];
    const raceMs = list.map((run) => Object.entries(run.rules).reduce((sum, [rule, ms]) => sum + (rule.startsWith('race/') ? ms : 0), 0));
    return [name, { lintMs: median(list.map((run) => run.lintMs)), raceMs: median(raceMs), processMs: median(list.map((run) => run.processMs)) }];
  }),
);
const warmPerFile = median(runs.all.map((run) => run.lintMs)) / codebase.typescriptFiles;
console.log(`\n## First file of a cold process: ${firstFile}, median of ${options['first-file-runs']} runs\n`);
console.log(
  table(
    ['configuration', 'lint call', 'vs baseline', 'race rules in it', 'whole process'],
    configNames.map((name) => [name, millis(first[name].lintMs), `+${millis(first[name].lintMs - first.baseline.lintMs)}`, millis(first[name].raceMs), millis(first[name].processMs)]),
  ),
);
console.log(`(a warm file costs ${millis(warmPerFile)} on average with race.configs.all in the full run)`);

const same = (run) => run.fingerprint === reference[0];
const checks = [
  { name: 'every round of race.configs.all', ok: reference.every((fingerprint) => fingerprint === reference[0]) },
  { name: 'concurrency: 2', ok: same(concurrent), run: concurrent },
  { name: 'cache: true, first run', ok: same(cacheFirst), run: cacheFirst },
  { name: 'cache: true, second run (from the cache)', ok: same(cacheSecond), run: cacheSecond },
];
const deterministic = checks.every((check) => check.ok);
console.log(`\n## Determinism (fingerprint of every message, sorted: ${reference[0]})\n`);
console.log(table(['run', 'same results', 'wall time'], checks.map((check) => [check.name, check.ok ? 'yes' : 'NO', check.run ? seconds(check.run.lintMs) : '-'])));

const costliestTheirs = theirs[0];
const [, recommended, all] = summary;
const targets = [
  ['recommended adds at most 10% wall time', recommended.timeRatio <= 1.1, `wall ${times(recommended.timeRatio)}, CPU ${times(recommended.cpuRatio)}`],
  ['all adds at most 20% wall time', all.timeRatio <= 1.2, `wall ${times(all.timeRatio)}, CPU ${times(all.cpuRatio)}`],
  [
    `no race rule costs more than ${costliestTheirs[0]}`,
    ours.every(([, ms]) => ms <= costliestTheirs[1]),
    `${ours[0][0]} ${millis(ours[0][1])} vs ${millis(costliestTheirs[1])}`,
  ],
  ['peak memory at most 10% above the baseline', Math.max(recommended.rssRatio, all.rssRatio) <= 1.1, `${times(recommended.rssRatio)} / ${times(all.rssRatio)}`],
  ['identical results with concurrency 2 and with the cache', deterministic, deterministic ? 'identical' : 'different'],
];
console.log('\n## Targets\n');
console.log(table(['target', 'met', 'measured'], targets.map(([name, ok, measured]) => [name, ok ? 'yes' : 'no', measured])));

fs.mkdirSync(path.join(benchRoot, 'results'), { recursive: true });
fs.writeFileSync(
  path.join(benchRoot, 'results', 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), revision, options, codebase, runs, timed, firstFile, firstRuns, concurrent, cacheFirst, cacheSecond, summary, targets }, null, 2)}\n`,
);
if (!deterministic) process.exitCode = 1;
