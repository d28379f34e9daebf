import fs from 'node:fs';
import path from 'node:path';

const defaults = { outDir: 'dist', strict: true };

// `mytool init`: two terminals running it at once both see no config and both write one.
export function initProject(root: string) {
  const configFile = path.join(root, 'mytool.config.json');
  if (fs.existsSync(configFile)) {
    console.log('Already initialised.');
    return;
  }
  fs.writeFileSync(configFile, JSON.stringify(defaults, null, 2)); // expect: race/no-fs-toctou
  console.log(`Created ${configFile}`);
}

// A project folder made only when missing: the second process fails with EEXIST.
export function scaffold(root: string, name: string) {
  const dir = path.join(root, name);
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir); // expect: race/no-fs-toctou
  }
  fs.writeFileSync(path.join(dir, 'README.md'), `# ${name}\n`);
}

// Same check, but the recursive mkdir succeeds whoever gets there first.
export function ensureOutDir(root: string) {
  const out = path.join(root, defaults.outDir);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(out, { recursive: true }); // safe: race/no-fs-toctou
  }
  return out;
}

// Exclusive create: the losing process gets EEXIST and reports it.
export function initExclusive(root: string) {
  const configFile = path.join(root, 'mytool.config.json');
  try {
    fs.writeFileSync(configFile, JSON.stringify(defaults), { flag: 'wx' }); // safe: race/no-fs-toctou
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === 'EEXIST') return false;
    throw error;
  }
  return true;
}

// Reading after an existence check: at worst a clean ENOENT.
export function readConfig(root: string) {
  const configFile = path.join(root, 'mytool.config.json');
  if (!fs.existsSync(configFile)) return defaults;
  return JSON.parse(fs.readFileSync(configFile, 'utf8')); // safe: race/no-fs-toctou
}
