import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Router } from 'express';
import { prisma } from '../db.js';

export const exportsRouter = Router();

const exportDir = process.env.EXPORT_DIR ?? 'exports';

async function ordersCsv(): Promise<string> {
  const orders = await prisma.order.findMany({ orderBy: { id: 'asc' } });
  return ['id,customerId,total,status', ...orders.map((o) => `${o.id},${o.customerId},${o.total},${o.status}`)].join('\n');
}

// RACE: two exports named alike both see no file and both write it; the later one replaces the
// earlier, and both admins are told theirs was created.
exportsRouter.post('/exports/:name', async (req, res) => {
  const file = path.join(exportDir, `${path.basename(req.params.name)}.csv`);
  if (existsSync(file)) {
    res.status(409).json({ error: 'export exists' });
    return;
  }
  await writeFile(file, await ordersCsv());
  res.status(201).json({ file: path.basename(file) });
});

// FIXED: the `wx` flag makes the file system decide: the second write fails with EEXIST.
exportsRouter.post('/v2/exports/:name', async (req, res) => {
  const file = path.join(exportDir, `${path.basename(req.params.name)}.csv`);
  try {
    await writeFile(file, await ordersCsv(), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    res.status(409).json({ error: 'export exists' });
    return;
  }
  res.status(201).json({ file: path.basename(file) });
});
