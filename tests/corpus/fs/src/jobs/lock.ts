import fs from 'node:fs';
import fsp from 'node:fs/promises';

// A pid file as a lock: two schedulers both see none and both think they hold it.
export function acquire(pidFile: string): boolean {
  if (fs.existsSync(pidFile)) return false;
  fs.writeFileSync(pidFile, String(process.pid)); // expect: race/no-fs-toctou
  return true;
}

// The exclusive open is the lock: only one process can create the file.
export async function acquireExclusive(pidFile: string) {
  if (fs.existsSync(pidFile)) return null;
  return fsp.open(pidFile, 'wx'); // safe: race/no-fs-toctou
}

export function release(pidFile: string) {
  if (fs.existsSync(pidFile)) fs.unlinkSync(pidFile); // expect: race/no-fs-toctou
}

// Rotating a log that another process may rotate at the same moment.
export function rotate(log: string) {
  if (fs.existsSync(log)) {
    fs.renameSync(log, `${log}.${Date.now()}`); // expect: race/no-fs-toctou
  }
}

// Callback style: the mkdir runs only when the check found nothing.
export function ensureSpool(dir: string, done: (error?: Error | null) => void) {
  fs.stat(dir, (error) => {
    if (!error) return done();
    fs.mkdir(dir, (mkdirError) => done(mkdirError)); // expect: race/no-fs-toctou
  });
}

// Appending to a log only while it exists: a rotation in between makes the append recreate it.
export function appendIfPresent(log: string, line: string) {
  if (fs.existsSync(log)) fs.appendFileSync(log, `${line}\n`); // expect: race/no-fs-toctou
}

// Logging whether the file was there, then writing either way.
export function heartbeat(file: string) {
  const existed = fs.existsSync(file);
  fs.writeFileSync(file, new Date().toISOString()); // safe: race/no-fs-toctou
  return existed;
}
