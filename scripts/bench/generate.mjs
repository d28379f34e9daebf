// Writes the benchmark codebase: `node scripts/bench/generate.mjs [--files 2000] [--seed 7]`.
// It lives under .bench/ (ignored by git) and is rewritten only when missing or out of date.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planCodebase } from './codebase.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const benchRoot = path.resolve(here, '..', '..', '.bench');

/** A digest of the generator's sources, so that a changed template regenerates the codebase. */
function generatorVersion() {
  const templates = fs.readdirSync(path.join(here, 'templates')).sort().map((name) => path.join('templates', name));
  const sources = ['codebase.mjs', 'domain.mjs', 'random.mjs', ...templates].map((name) => fs.readFileSync(path.join(here, name), 'utf8'));
  let hash = 0;
  for (const char of sources.join('')) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(16);
}

/** The codebase's folder, generated first when missing or made by another generator version. */
export function ensureCodebase({ files = 2000, seed = 7 } = {}) {
  const root = path.join(benchRoot, `codebase-${files}-${seed}`);
  const manifestFile = path.join(root, '.generated.json');
  const version = generatorVersion();
  const existing = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : undefined;
  if (existing?.version === version) return { root, ...existing };
  fs.rmSync(root, { recursive: true, force: true });
  const planned = planCodebase({ files, seed });
  for (const file of planned) {
    fs.mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    fs.writeFileSync(path.join(root, file.path), file.text);
  }
  const typescript = planned.filter((file) => file.path.endsWith('.ts'));
  const manifest = {
    version,
    seed,
    typescriptFiles: typescript.length,
    typescriptLines: typescript.reduce((sum, file) => sum + file.text.split('\n').length - 1, 0),
    otherFiles: planned.length - typescript.length,
  };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { root, ...manifest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = (await import('node:util')).parseArgs({ options: { files: { type: 'string' }, seed: { type: 'string' } } });
  const codebase = ensureCodebase({ files: Number(values.files ?? 2000), seed: Number(values.seed ?? 7) });
  console.log(
    `${codebase.root}: ${codebase.typescriptFiles} TypeScript files, ${codebase.typescriptLines} lines, ${codebase.otherFiles} other files`,
  );
}
