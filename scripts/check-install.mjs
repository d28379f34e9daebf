// Installs the packed plugin as a user would, beside ESLint 9 and then ESLint 10 with
// typescript-eslint 8, and checks that the README's config finds a race in an ES module project
// and in a CommonJS one, that npm keeps one copy of ESLint and of each @typescript-eslint package,
// and prints what the plugin adds to node_modules, package by package.
// Usage: node scripts/check-install.mjs [--keep] [--tarball file.tgz]   (needs the npm registry;
// --tarball checks a tarball packed elsewhere, a release or an older commit, instead of this tree)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const given = process.argv.includes('--tarball') ? path.resolve(process.argv[process.argv.indexOf('--tarball') + 1] ?? '') : undefined;
const eslintMajors = ['9', '10'];
const shared = ['eslint', '@typescript-eslint/parser', '@typescript-eslint/utils', '@typescript-eslint/typescript-estree', '@typescript-eslint/types'];

const racy = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'install', 'tags.ts'), 'utf8');
const esmConfig = `import race from 'eslint-plugin-race';

export default [race.configs.recommended];
`;
const cjsConfig = `const race = require('eslint-plugin-race');

module.exports = [race.configs.recommended];
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'race-install-'));
const failures = [];
try {
  const tarball = given ?? pack();
  for (const major of eslintMajors) checkWith(major, tarball);
} finally {
  if (keep) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
if (failures.length > 0) {
  for (const failure of failures) console.error(`check:install: ${failure}`);
  process.exitCode = 1;
} else {
  console.log('check:install: every check passed');
}

/** The plugin as npm publishes it, built from this tree. */
function pack() {
  run('npm', ['run', 'build', '--silent'], root);
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
  console.log(`packed ${packed.filename}: ${mb(packed.size)} compressed, ${mb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
  return path.join(work, packed.filename);
}

function checkWith(major, tarball) {
  const label = `eslint@${major}`;
  for (const type of ['module', 'commonjs']) {
    const project = path.join(work, `eslint${major}-${type}`);
    write(project, {
      'package.json': JSON.stringify({ name: `consumer-${type}`, version: '1.0.0', private: true, type }, null, 2),
      'src/tags.ts': racy,
      // The README's config: an eslint.config.mjs works in both; a CommonJS project may also keep eslint.config.js.
      ...(type === 'module' ? { 'eslint.config.mjs': esmConfig } : { 'eslint.config.js': cjsConfig }),
    });
    npmInstall(project, [`eslint@${major}`, 'typescript-eslint@8', 'typescript@6.0']);
    const before = packages(project);
    npmInstall(project, [tarball]);
    const after = packages(project);
    const lint = spawnSync(path.join(project, 'node_modules', '.bin', 'eslint'), ['src'], { cwd: project, encoding: 'utf8' });
    const context = `${label}, ${type}`;
    if (lint.status !== 1 || !lint.stdout.includes('race/no-check-then-create')) {
      failures.push(`${context}: eslint src should report race/no-check-then-create and exit 1; exit ${lint.status}\n${lint.stdout}${lint.stderr}`);
    }
    for (const name of shared) {
      const copies = run('npm', ['ls', name, '--all', '--parseable'], project, true).split('\n').filter((line) => line.trim() !== '');
      const distinct = new Set(copies);
      if (distinct.size > 1) failures.push(`${context}: ${distinct.size} copies of ${name}: ${[...distinct].join(', ')}`);
    }
    if (type === 'module') report(label, before, after);
  }
}

/** What installing the plugin added, largest first, with the total. */
function report(label, before, after) {
  const added = [...after].filter(([dir]) => !before.has(dir)).map(([dir, size]) => ({ dir, size }));
  added.sort((a, b) => b.size - a.size);
  const total = sum(after) - sum(before);
  console.log(`\nbeside ${label} and typescript-eslint@8: node_modules ${mb(sum(before))} -> ${mb(sum(after))}, the plugin adds ${mb(total)}`);
  for (const { dir, size } of added) console.log(`  ${mb(size).padStart(9)}  ${dir}`);
}

/** Each installed package folder (relative to the project) and its size in bytes. */
function packages(project) {
  const found = new Map();
  const visit = (modules) => {
    let entries;
    try {
      entries = fs.readdirSync(modules, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === '.bin' || entry.name === '.cache') continue;
      const full = path.join(modules, entry.name);
      if (entry.name.startsWith('@')) {
        visit(full);
        continue;
      }
      found.set(path.relative(project, full), sizeOf(full, true));
      visit(path.join(full, 'node_modules'));
    }
  };
  visit(path.join(project, 'node_modules'));
  return found;
}

/** Bytes under a folder; a package's own nested node_modules are counted as packages of their own. */
function sizeOf(dir, top) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' && top) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(full, false);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

function npmInstall(project, specs) {
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', ...specs], project);
}

function write(dir, files) {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

function run(command, args, cwd, allowFailure = false) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (allowFailure && typeof error.stdout === 'string') return error.stdout;
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${error.stderr ?? error.message}`);
  }
}

function sum(sizes) {
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
