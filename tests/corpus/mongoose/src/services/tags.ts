import mongoose, { Types } from 'mongoose';
import { Tag } from '../models/tag';

// Find-or-create on a collection without a unique index: concurrent posts duplicate the tag.
export async function ensureTag(workspaceId: Types.ObjectId, name: string) {
  let tag = await Tag.findOne({ workspaceId, name });
  if (!tag) tag = await Tag.create({ workspaceId, name }); // expect: race/no-check-then-create
  return tag;
}

// A MongoDB transaction reads a snapshot: two transactions both miss the tag and both insert it.
export async function ensureTags(workspaceId: Types.ObjectId, names: string[]) {
  const session = await mongoose.startSession();
  await session.withTransaction(async () => {
    for (const name of names) {
      const found = await Tag.findOne({ workspaceId, name }).session(session);
      if (!found) await Tag.create([{ workspaceId, name }], { session }); // expect: race/no-check-then-create
    }
  });
  await session.endSession();
}

// Counting uses with an upsert and $inc: one atomic statement.
export async function recordUse(workspaceId: Types.ObjectId, name: string) {
  const tag = await Tag.findOne({ workspaceId, name }).lean();
  if (!tag) {
    await Tag.updateOne({ workspaceId, name }, { $inc: { uses: 1 } }, { upsert: true }); // safe: race/no-check-then-create
  }
}

// Find or build, then save once: the save inserts when the find came back empty.
export async function touchTag(workspaceId: Types.ObjectId, name: string) {
  let tag = await Tag.findOne({ workspaceId, name });
  if (!tag) tag = new Tag({ workspaceId, name });
  tag.uses += 1;
  await tag.save(); // expect: race/no-check-then-create
  return tag;
}

// The check happens outside the transaction callback that inserts.
export async function importTag(workspaceId: Types.ObjectId, name: string) {
  if (await Tag.exists({ workspaceId, name })) return;
  await mongoose.connection.transaction(async (session) => {
    await Tag.create([{ workspaceId, name }], { session }); // expect: race/no-check-then-create
  });
}

// A request-local cache: not shared state.
export function rememberTag(seen: Map<string, Types.ObjectId>, name: string, id: Types.ObjectId) {
  if (!seen.has(name)) seen.set(name, id); // safe: race/no-check-then-create
}
