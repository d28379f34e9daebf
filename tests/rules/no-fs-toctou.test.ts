import rule from '../../src/rules/no-fs-toctou.js';
import { ruleTester } from '../rule-tester.js';

ruleTester.run('no-fs-toctou', rule, {
  valid: [
    {
      name: "cache fill: read where found, write where missing",
      code: `import fs from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
export async function cached(file: string, compute: () => Promise<string>) {
  if (fs.existsSync(file)) return readFile(file, 'utf8');
  const value = await compute();
  await writeFile(file, value);
  return value;
}`,
    },
    {
      name: "cache fill through try/catch",
      code: `import { access, readFile, writeFile } from 'node:fs/promises';
export async function load(file: string) {
  try {
    await access(file);
  } catch {
    await writeFile(file, '{}');
    return {};
  }
  return JSON.parse(await readFile(file, 'utf8'));
}`,
    },
    {
      name: "cache fill with if/else",
      code: `import fs from 'node:fs';
export function get(file: string) {
  let text;
  if (fs.existsSync(file)) text = fs.readFileSync(file, 'utf8');
  else fs.writeFileSync(file, (text = 'default'));
  return text;
}`,
    },
    {
      name: "exists then read",
      code: `import fs from 'node:fs';
export function load(p: string) {
  if (fs.existsSync(p)) return JSON.parse(fs.readFileSync(p, 'utf8'));
  return {};
}`,
    },
    {
      name: "access then readFile in try",
      code: `import { access, readFile } from 'node:fs/promises';
export async function load(p: string) {
  try {
    await access(p);
    return await readFile(p, 'utf8');
  } catch {
    return null;
  }
}`,
    },
    {
      name: "different paths",
      code: `import fs from 'node:fs';
import path from 'node:path';
export function save(dir: string, name: string, data: string) {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), data);
}`,
    },
    {
      name: "different variables",
      code: `import fs from 'node:fs';
export function copyIfMissing(a: string, b: string) {
  if (!fs.existsSync(a)) fs.writeFileSync(b, '');
}`,
    },
    {
      name: "exclusive write",
      code: `import fs from 'node:fs';
export function initConfig(p: string) {
  if (!fs.existsSync(p)) fs.writeFileSync(p, '{}', { flag: 'wx' });
}`,
    },
    {
      name: "exclusive open",
      code: `import { open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
export async function lock(p: string) {
  if (existsSync(p)) return null;
  return open(p, 'wx');
}`,
    },
    {
      name: "recursive mkdir",
      code: `import fs from 'node:fs';
export function ensure(dir: string) {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
}`,
    },
    {
      name: "forced rm",
      code: `import fs from 'node:fs';
export function clean(dir: string) {
  if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
}`,
    },
    {
      name: "fs-extra ensureDir and remove",
      code: `import fse from 'fs-extra';
export async function reset(dir: string) {
  if (await fse.pathExists(dir)) await fse.remove(dir);
  if (!(await fse.pathExists(dir))) await fse.ensureDir(dir);
}`,
    },
    {
      name: "copyFile with COPYFILE_EXCL",
      code: `import fs from 'node:fs';
export function install(src: string, dest: string) {
  if (!fs.existsSync(dest)) fs.copyFileSync(src, dest, fs.constants.COPYFILE_EXCL);
}`,
    },
    {
      name: "write not decided by the check",
      code: `import fs from 'node:fs';
export function save(p: string, data: string) {
  const existed = fs.existsSync(p);
  fs.writeFileSync(p, data);
  return existed;
}`,
    },
    {
      name: "config merge written either way",
      code: `import fs from 'node:fs';
export function setKey(p: string, key: string, value: string) {
  const config = fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : {};
  config[key] = value;
  fs.writeFileSync(p, JSON.stringify(config));
}`,
    },
    {
      name: "unlink with ENOENT handled",
      code: `import fs from 'node:fs';
export function clear(p: string) {
  if (fs.existsSync(p)) {
    try {
      fs.unlinkSync(p);
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
    }
  }
}`,
    },
    {
      name: "mkdir with EEXIST handled",
      code: `import fs from 'node:fs';
export async function ensure(dir: string) {
  if (!fs.existsSync(dir)) {
    await fs.promises.mkdir(dir).catch((error) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}`,
    },
    {
      name: "not the fs module",
      code: `const store = { existsSync: (p: string) => p.length > 0, writeFileSync: (_p: string, _d: string) => undefined };
export function save(p: string) {
  if (!store.existsSync(p)) store.writeFileSync(p, 'x');
}`,
    },
    {
      name: "a local function named like fs",
      code: `import { readFileSync } from 'node:fs';
function existsSync(p: string) { return p === 'x'; }
function writeFileSync(p: string, d: string) { return p + d; }
export function save(p: string) {
  if (!existsSync(p)) writeFileSync(p, readFileSync('a', 'utf8'));
}`,
    },
    {
      name: "memfs volume",
      code: `import { Volume } from 'memfs';
const vol = Volume.fromJSON({});
export function save(p: string) {
  if (!vol.existsSync(p)) vol.writeFileSync(p, 'x');
}`,
    },
    {
      name: "variable reassigned between",
      code: `import fs from 'node:fs';
export function save(dir: string, name: string) {
  let target = dir;
  if (!fs.existsSync(target)) {
    target = dir + '/' + name;
    fs.writeFileSync(target, '');
  }
}`,
    },
    {
      name: "write in a callback of another call",
      code: `import fs from 'node:fs';
export function each(files: string[], p: string) {
  if (!fs.existsSync(p)) files.forEach((f) => console.log(f));
  fs.writeFileSync(p, files.join());
}`,
    },
    {
      name: "stat then read the directory",
      code: `import { stat, readdir } from 'node:fs/promises';
export async function list(dir: string) {
  const s = await stat(dir);
  if (s.isDirectory()) return readdir(dir);
  return [];
}`,
    },
    {
      name: "exists then read stream",
      code: `import fs from 'node:fs';
export function serve(p: string, res: NodeJS.WritableStream) {
  if (!fs.existsSync(p)) return false;
  fs.createReadStream(p).pipe(res);
  return true;
}`,
    },
    {
      name: "write before the check",
      code: `import fs from 'node:fs';
export function save(p: string) {
  fs.writeFileSync(p, 'x');
  if (fs.existsSync(p)) console.log('saved');
}`,
    },
    {
      name: "different helper variable inside the callee",
      code: `import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
const root = '/srv';
async function exists(name: string) {
  try { await access(path.join(root, name)); return true; } catch { return false; }
}
export async function init(name: string) {
  if (!(await exists(name))) await writeFile(path.join(root, 'other', name), '');
}`,
    },
    {
      name: "dynamic and odd input",
      code: `import fs from 'node:fs';
export function odd(args: string[]) {
  if (!fs.existsSync(...(args as [string]))) fs.writeFileSync(...(args as [string, string]));
  if (!fs.existsSync()) fs.writeFileSync();
  fs['existsSync'](args[0]) && fs[args[1]](args[0]);
}`,
    },
    {
      name: "open for reading",
      code: `import fs from 'node:fs';
export function readHead(p: string) {
  if (!fs.existsSync(p)) return null;
  const fd = fs.openSync(p, 'r');
  return fd;
}`,
    },
    {
      name: "promise then guarded by nothing",
      code: `import fsp from 'node:fs/promises';
export function check(p: string) {
  return fsp.access(p).then(() => fsp.readFile(p));
}`,
    },
  ],
  invalid: [
    {
      name: "read in the same branch as the write is no cache fill",
      code: `import fs from 'node:fs';
export function bump(file: string) {
  if (fs.existsSync(file)) {
    const n = Number(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, String(n + 1));
  }
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 5,
          column: 5,
          suggestions: [],
        },
      ],
    },
    {
      name: "exists-then-write (sync, default import)",
      code: `import fs from 'node:fs';

export function initConfig(configPath: string) {
  if (!fs.existsSync(configPath)) {
    fs.writeFileSync(configPath, JSON.stringify({ theme: 'light' }), 'utf8');
  }
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 5,
          column: 5,
          data: {
            path: '`configPath`',
            check: 'fs.existsSync',
            checkLine: '4',
            write: 'fs.writeFileSync',
            writeLine: '5',
            found: 'found it missing',
          },
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import fs from 'node:fs';

export function initConfig(configPath: string) {
  if (!fs.existsSync(configPath)) {
    try {
      fs.writeFileSync(configPath, JSON.stringify({ theme: 'light' }), { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "early exit then write (fs/promises named import)",
      code: `import { access, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

export async function saveUpload(target: string, body: Buffer) {
  if (existsSync(target)) return { status: 409 };
  await writeFile(target, body);
  return { status: 201 };
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import { access, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

export async function saveUpload(target: string, body: Buffer) {
  if (existsSync(target)) return { status: 409 };
  try {
    await writeFile(target, body, { flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
    return { status: 409 };
  }
  return { status: 201 };
}`,
            },
          ],
        },
      ],
    },
    {
      name: "access in try, catch creates",
      code: `import { access, writeFile } from 'fs/promises';

export async function seed(file: string) {
  try {
    await access(file);
  } catch {
    await writeFile(file, '{}');
  }
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import { access, writeFile } from 'fs/promises';

export async function seed(file: string) {
  try {
    await access(file);
  } catch {
    try {
      await writeFile(file, '{}', { flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "try returns when the check passes, write after it",
      code: `import * as fsp from 'node:fs/promises';

export async function createLock(lockPath: string) {
  try {
    await fsp.access(lockPath);
    return false;
  } catch {}
  await fsp.writeFile(lockPath, String(process.pid));
  return true;
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import * as fsp from 'node:fs/promises';

export async function createLock(lockPath: string) {
  try {
    await fsp.access(lockPath);
    return false;
  } catch {}
  try {
    await fsp.writeFile(lockPath, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
    // Another process created it first.
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    {
      name: "exists-then-mkdir",
      code: `import fs from 'fs';

export function ensureCacheDir(dir: string) {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir);
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'useAtomicForm',
              output: `import fs from 'fs';

export function ensureCacheDir(dir: string) {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
  }
}`,
            },
            {
              messageId: 'catchError',
              output: `import fs from 'fs';

export function ensureCacheDir(dir: string) {
  if (!fs.existsSync(dir)) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "exists-then-mkdir with an early exit (promises)",
      code: `import { promises as fsp, existsSync } from 'fs';

export async function ensureUploads(dir: string) {
  if (existsSync(dir)) return;
  await fsp.mkdir(dir, { mode: 0o755 });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicForm',
              output: `import { promises as fsp, existsSync } from 'fs';

export async function ensureUploads(dir: string) {
  if (existsSync(dir)) return;
  await fsp.mkdir(dir, { mode: 0o755, recursive: true });
}`,
            },
            {
              messageId: 'catchError',
              output: `import { promises as fsp, existsSync } from 'fs';

export async function ensureUploads(dir: string) {
  if (existsSync(dir)) return;
  try {
    await fsp.mkdir(dir, { mode: 0o755 });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "exists-then-unlink",
      code: `const fs = require('fs');

function clearPid(pidFile) {
  if (fs.existsSync(pidFile)) fs.unlinkSync(pidFile);
}`,
      errors: [
        {
          messageId: 'checkThenRemove',
          line: 4,
          column: 31,
          suggestions: [
            {
              messageId: 'useAtomicForm',
              output: `const fs = require('fs');

function clearPid(pidFile) {
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile, { force: true });
}`,
            },
            {
              messageId: 'catchError',
              output: `const fs = require('fs');

function clearPid(pidFile) {
  if (fs.existsSync(pidFile)) {
    try {
      fs.unlinkSync(pidFile);
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
      // Another process removed it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "exists-then-unlink with an early exit",
      code: `import fs from 'node:fs';

export async function removeAvatar(file: string) {
  if (!fs.existsSync(file)) return;
  await fs.promises.unlink(file);
}`,
      errors: [
        {
          messageId: 'checkThenRemove',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicForm',
              output: `import fs from 'node:fs';

export async function removeAvatar(file: string) {
  if (!fs.existsSync(file)) return;
  await fs.promises.rm(file, { force: true });
}`,
            },
            {
              messageId: 'catchError',
              output: `import fs from 'node:fs';

export async function removeAvatar(file: string) {
  if (!fs.existsSync(file)) return;
  try {
    await fs.promises.unlink(file);
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "stat with catch, then write when missing",
      code: `import { stat, writeFile } from 'node:fs/promises';

export async function touch(file: string) {
  const stats = await stat(file).catch(() => null);
  if (!stats) await writeFile(file, '');
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 5,
          column: 21,
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import { stat, writeFile } from 'node:fs/promises';

export async function touch(file: string) {
  const stats = await stat(file).catch(() => null);
  if (!stats) {
    try {
      await writeFile(file, '', { flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "stat then unlink of old files",
      code: `import { stat, unlink } from 'node:fs/promises';

export async function expire(file: string, cutoff: number) {
  const stats = await stat(file);
  if (stats.mtimeMs < cutoff) await unlink(file);
}`,
      errors: [
        {
          messageId: 'checkThenRemove',
          line: 5,
          column: 37,
          suggestions: [
            {
              messageId: 'catchError',
              output: `import { stat, unlink } from 'node:fs/promises';

export async function expire(file: string, cutoff: number) {
  const stats = await stat(file);
  if (stats.mtimeMs < cutoff) {
    try {
      await unlink(file);
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
      // Another process removed it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "lstat symlink check then write",
      code: `import { lstatSync, writeFileSync } from 'node:fs';

export function writeReport(out: string, text: string) {
  const stats = lstatSync(out, { throwIfNoEntry: false });
  if (stats?.isSymbolicLink()) throw new Error('refusing to follow a link');
  writeFileSync(out, text);
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: "local initialised to the path",
      code: `import fs from 'node:fs';
import path from 'node:path';

export function writeMeta(dir: string, id: string, meta: object) {
  const file = path.join(dir, id + '.json');
  if (!fs.existsSync(path.join(dir, id + '.json'))) {
    fs.writeFileSync(file, JSON.stringify(meta));
  }
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import fs from 'node:fs';
import path from 'node:path';

export function writeMeta(dir: string, id: string, meta: object) {
  const file = path.join(dir, id + '.json');
  if (!fs.existsSync(path.join(dir, id + '.json'))) {
    try {
      fs.writeFileSync(file, JSON.stringify(meta), { flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "rename source checked",
      code: `import fs from 'node:fs';

export function rotate(log: string) {
  if (fs.existsSync(log)) {
    fs.renameSync(log, log + '.1');
  }
}`,
      errors: [
        {
          messageId: 'checkThenRemove',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'catchError',
              output: `import fs from 'node:fs';

export function rotate(log: string) {
  if (fs.existsSync(log)) {
    try {
      fs.renameSync(log, log + '.1');
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
      // Another process removed it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "rename destination checked",
      code: `import fs from 'node:fs';

export function publish(tmp: string, dest: string) {
  if (!fs.existsSync(dest)) fs.renameSync(tmp, dest);
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 4,
          column: 29,
          suggestions: [],
        },
      ],
    },
    {
      name: "stat callback decides the write",
      code: `const fs = require('fs');

function upload(target, data, cb) {
  fs.stat(target, (err) => {
    if (err) return fs.writeFile(target, data, cb);
    cb(new Error('exists'));
  });
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 5,
          column: 21,
          suggestions: [],
        },
      ],
    },
    {
      name: "exists callback decides the mkdir",
      code: `const fs = require('fs');

function ensure(dir, cb) {
  fs.exists(dir, (exists) => {
    if (!exists) fs.mkdir(dir, cb);
    else cb();
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      name: "access().catch(write)",
      code: `import fsp from 'node:fs/promises';

export function seed(file: string) {
  return fsp.access(file).catch(() => fsp.writeFile(file, '[]'));
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 4,
          column: 39,
          suggestions: [],
        },
      ],
    },
    {
      name: "fs-extra pathExists then remove-less unlink",
      code: `import fse from 'fs-extra';

export async function dropCache(file: string) {
  if (await fse.pathExists(file)) {
    await fse.unlink(file);
  }
}`,
      errors: [
        {
          messageId: 'checkThenRemove',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicForm',
              output: `import fse from 'fs-extra';

export async function dropCache(file: string) {
  if (await fse.pathExists(file)) {
    await fse.rm(file, { force: true });
  }
}`,
            },
            {
              messageId: 'catchError',
              output: `import fse from 'fs-extra';

export async function dropCache(file: string) {
  if (await fse.pathExists(file)) {
    try {
      await fse.unlink(file);
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
      // Another process removed it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "fs-extra pathExists then writeJson",
      code: `import { pathExists, writeJson } from 'fs-extra';

export async function saveSettings(file: string, settings: object) {
  if (!(await pathExists(file))) {
    await writeJson(file, settings, { spaces: 2 });
  }
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'writeExclusively',
              output: `import { pathExists, writeJson } from 'fs-extra';

export async function saveSettings(file: string, settings: object) {
  if (!(await pathExists(file))) {
    try {
      await writeJson(file, settings, { spaces: 2, flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "check through a helper in the same file",
      code: `import { access, writeFile } from 'node:fs/promises';

async function fileExists(p: string) {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

export async function init(file: string) {
  if (!(await fileExists(file))) await writeFile(file, 'created');
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 13,
          column: 40,
          suggestions: [],
        },
      ],
    },
    {
      name: "exists then chmod",
      code: `import fs from 'node:fs';

export function lockDown(file: string) {
  if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
}`,
      errors: [
        {
          messageId: 'checkThenUpdate',
          line: 4,
          column: 28,
          suggestions: [
            {
              messageId: 'catchError',
              output: `import fs from 'node:fs';

export function lockDown(file: string) {
  if (fs.existsSync(file)) {
    try {
      fs.chmodSync(file, 0o600);
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
      // Another process removed it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "exists then appendFile",
      code: `import fs from 'node:fs';

export function log(file: string, line: string) {
  if (fs.existsSync(file)) fs.appendFileSync(file, line + '\\n');
}`,
      errors: [
        {
          messageId: 'checkThenUpdate',
          line: 4,
          column: 28,
          suggestions: [],
        },
      ],
    },
    {
      name: "ternary on the check",
      code: `import fs from 'node:fs';

export function ensureFile(file: string) {
  return fs.existsSync(file) ? 'kept' : fs.writeFileSync(file, '');
}`,
      errors: [
        {
          messageId: 'checkThenOverwrite',
          line: 4,
          column: 41,
          suggestions: [],
        },
      ],
    },
    {
      name: "require() inline and rm without force",
      code: `export function clean(out) {
  if (require('fs').existsSync(out)) require('fs').rmSync(out, { recursive: true });
}`,
      errors: [
        {
          messageId: 'checkThenRemove',
          line: 2,
          column: 38,
          suggestions: [
            {
              messageId: 'useAtomicForm',
              output: `export function clean(out) {
  if (require('fs').existsSync(out)) require('fs').rmSync(out, { recursive: true, force: true });
}`,
            },
            {
              messageId: 'catchError',
              output: `export function clean(out) {
  if (require('fs').existsSync(out)) {
    try {
      require('fs').rmSync(out, { recursive: true });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
      // Another process removed it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
  ],

});
