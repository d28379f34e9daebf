import { Router } from 'express';
import { AppDataSource } from '../data-source';
import { Tag } from '../entities/Tag';

export const router = Router();
const tags = AppDataSource.getRepository(Tag);

// Find-or-create: the unique name index turns the lost race into an unhandled 500.
router.post('/tags', async (req, res) => {
  const name = String(req.body.name).trim().toLowerCase();
  let tag = await tags.findOneBy({ name });
  if (!tag) {
    tag = tags.create({ name });
    await tags.save(tag); // expect: race/no-check-then-create
  }
  res.json(tag);
});

// The same find-or-create with the save after the branch: the guard decides what the
// variable holds, not whether the save runs; the save inserts when the find came back empty.
router.post('/tags/touch', async (req, res) => {
  const name = String(req.body.name);
  let tag = await tags.findOneBy({ name });
  if (!tag) tag = tags.create({ name, uses: 0 });
  tag.uses += 1;
  await tags.save(tag); // expect: race/no-check-then-create
  res.json(tag);
});

// The lookup only feeds the response; the insert runs either way.
router.post('/tags/import', async (req, res) => {
  const name = String(req.body.name);
  const before = await tags.countBy({ name });
  await tags.insert({ name }); // safe: race/no-check-then-create
  res.json({ before });
});

// A per-process memo of names seen: not shared state.
const seen = new Set<string>();
router.get('/tags/:name/seen', (req, res) => {
  const name = req.params.name;
  const known = seen.has(name);
  if (!known) seen.add(name); // safe: race/no-check-then-create
  res.json({ known });
});
