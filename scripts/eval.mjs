// Precision and recall of every rule on the labelled corpus in tests/corpus/.
// A case is a line with `// expect: race/<rule>` (the rule must report there) or
// `// safe: race/<rule>` (a look-alike it must not report). Reports on unlabelled lines count
// as false positives. Each folder of tests/corpus/ is a small project of one library.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import plugin from '../dist/index.js';

const threshold = 0.9;
// Corpora held to the threshold on their own as well as within their rule's totals: the races
// whose check, act, lock or transaction lives in another function or file.
const gatedCorpora = new Set(['layers']);
const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'corpus');
const labelPattern = /\/\/\s*(expect|safe):\s*race\/([\w-]+)/g;
const sourceFile = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

// A file that starts with this comment is read by the rules (as a callee) but not linted itself.
const skipMarker = '// eval: skip';

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && sourceFile.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`))
    .filter((file) => !fs.readFileSync(file, 'utf8').startsWith(skipMarker));
}

function labelsOf(file) {
  const labels = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((text, index) => {
    for (const [, kind, rule] of text.matchAll(labelPattern)) labels.push({ kind, rule, line: index + 1 });
  });
  return labels;
}

const tally = new Map();
const count = (key) => {
  if (!tally.has(key)) tally.set(key, { tp: 0, fp: 0, fn: 0, tn: 0, cases: 0, misses: [], noise: [] });
  return tally.get(key);
};
let fatal = 0;

for (const library of fs.readdirSync(corpus).sort()) {
  const root = path.join(corpus, library);
  if (!fs.statSync(root).isDirectory()) continue;
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.all, { settings: { race: { root } } }],
  });
  const files = filesUnder(root);
  if (files.length === 0) continue;
  for (const result of await eslint.lintFiles(files)) {
    const where = path.relative(corpus, result.filePath);
    for (const message of result.messages.filter((m) => m.fatal || !m.ruleId)) {
      fatal += 1;
      console.error(`fatal: ${where}:${message.line} ${message.message}`);
    }
    const reported = new Set(result.messages.filter((m) => m.ruleId).map((m) => `${m.ruleId}:${m.line}`));
    const labels = labelsOf(result.filePath);
    const expected = new Set(labels.filter((l) => l.kind === 'expect').map((l) => `race/${l.rule}:${l.line}`));
    for (const label of labels) {
      const hit = reported.has(`race/${label.rule}:${label.line}`);
      for (const key of [label.rule, `${label.rule} [${library}]`]) {
        const t = count(key);
        t.cases += 1;
        if (label.kind === 'expect') {
          if (hit) t.tp += 1;
          else {
            t.fn += 1;
            t.misses.push(`${where}:${label.line}`);
          }
        } else if (!hit) t.tn += 1;
      }
    }
    for (const message of result.messages) {
      if (!message.ruleId || expected.has(`${message.ruleId}:${message.line}`)) continue;
      const rule = message.ruleId.replace(/^race\//, '');
      for (const key of [rule, `${rule} [${library}]`]) {
        const t = count(key);
        t.fp += 1;
        t.noise.push(`${where}:${message.line}`);
      }
    }
  }
}

const ratio = (a, b) => (b === 0 ? 1 : a / b);
let failed = fatal > 0;
console.log('rule [corpus]                          cases  safe   TP  FP  FN  precision  recall');
for (const [key, t] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
  const precision = ratio(t.tp, t.tp + t.fp);
  const recall = ratio(t.tp, t.tp + t.fn);
  const isRule = !key.includes('[');
  const gated = isRule || gatedCorpora.has(key.slice(key.indexOf('[') + 1, -1));
  if (gated && (precision < threshold || recall < threshold)) failed = true;
  console.log(
    `${key.padEnd(38)} ${String(t.cases).padStart(5)} ${String(t.cases - t.tp - t.fn).padStart(5)} ` +
      `${String(t.tp).padStart(4)} ${String(t.fp).padStart(3)} ${String(t.fn).padStart(3)} ` +
      `${precision.toFixed(2).padStart(10)} ${recall.toFixed(2).padStart(7)}`,
  );
  if (isRule) {
    for (const miss of t.misses) console.log(`    known miss: ${miss}`);
    for (const noise of t.noise) console.log(`    false positive: ${noise}`);
  }
}
if (tally.size === 0) {
  console.error('no labelled cases found in tests/corpus');
  failed = true;
}
console.log(failed ? `eval: FAILED (threshold ${threshold}${fatal ? `, ${fatal} fatal messages` : ''})` : 'eval: ok');
process.exitCode = failed ? 1 : 0;
