import express from 'express';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

const uploadsDir = process.env.UPLOADS_DIR ?? '/var/uploads';
export const router = express.Router();

// Two uploads of the same name both pass the check; the second silently replaces the first.
router.put('/files/:name', express.raw({ limit: '10mb' }), async (req, res) => {
  const target = path.join(uploadsDir, path.basename(req.params.name));
  if (existsSync(target)) {
    res.status(409).json({ error: 'exists' });
    return;
  }
  await writeFile(target, req.body); // expect: race/no-fs-toctou
  res.status(201).json({ name: req.params.name });
});

// The exclusive write lets the file system decide who was first.
router.post('/files/:name', express.raw({ limit: '10mb' }), async (req, res) => {
  const target = path.join(uploadsDir, path.basename(req.params.name));
  try {
    await writeFile(target, req.body, { flag: 'wx' }); // safe: race/no-fs-toctou
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === 'EEXIST') {
      res.status(409).json({ error: 'exists' });
      return;
    }
    throw error;
  }
  res.status(201).json({ name: req.params.name });
});

// Deleting twice at once: the second unlink throws ENOENT and the request fails with a 500.
router.delete('/avatars/:user', async (req, res) => {
  const file = path.join(uploadsDir, 'avatars', `${req.params.user}.png`);
  if (!existsSync(file)) {
    res.status(404).end();
    return;
  }
  await unlink(file); // expect: race/no-fs-toctou
  res.status(204).end();
});

// A forced rm needs no check at all.
router.delete('/thumbnails/:id', async (req, res) => {
  const file = path.join(uploadsDir, 'thumbs', `${req.params.id}.webp`);
  await rm(file, { force: true }); // safe: race/no-fs-toctou
  res.status(204).end();
});

// A per-user folder created on first upload.
router.post('/users/:id/files', express.raw(), async (req, res) => {
  const folder = path.join(uploadsDir, req.params.id);
  const info = await stat(folder).catch(() => null);
  if (!info) await mkdir(folder); // expect: race/no-fs-toctou
  await writeFile(path.join(folder, `${Date.now()}.bin`), req.body);
  res.status(201).end();
});

// The folder check and the write name different paths.
router.post('/users/:id/notes', express.text(), async (req, res) => {
  const folder = path.join(uploadsDir, req.params.id);
  if (!existsSync(folder)) await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'notes.txt'), req.body); // safe: race/no-fs-toctou
  res.status(204).end();
});
