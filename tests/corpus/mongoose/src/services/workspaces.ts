import { Types } from 'mongoose';
import { Workspace } from '../models/workspace';
import { User } from '../models/user';

export class SlugTakenError extends Error {}

// Two sign-ups with the same company name both get the slug: there is no unique index on it.
export async function createWorkspace(ownerId: string, name: string) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  if (await Workspace.exists({ slug })) throw new SlugTakenError(slug);
  return Workspace.create({ slug, name, ownerId: new Types.ObjectId(ownerId) }); // expect: race/no-check-then-create
}

// Upsert keyed on the slug: one statement finds or inserts.
export async function ensureWorkspace(ownerId: string, slug: string, name: string) {
  const found = await Workspace.findOne({ slug }).lean();
  if (found) return found;
  return Workspace.findOneAndUpdate( // safe: race/no-check-then-create
    { slug },
    { $setOnInsert: { slug, name, ownerId: new Types.ObjectId(ownerId) } },
    { upsert: true, new: true },
  );
}

// Checks the owner, then creates the workspace: the check is not about the same record.
export async function createForOwner(ownerEmail: string, slug: string) {
  const owner = await User.findOne({ email: ownerEmail });
  if (!owner) throw new Error('unknown owner');
  return Workspace.create({ slug, name: slug, ownerId: owner._id }); // safe: race/no-check-then-create
}

// Built in memory only: nothing is written until the caller decides.
export async function draftWorkspace(slug: string) {
  const taken = await Workspace.countDocuments({ slug });
  if (taken > 0) return null;
  return new Workspace({ slug, name: slug }); // safe: race/no-check-then-create
}
