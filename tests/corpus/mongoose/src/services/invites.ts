import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { Invite } from '../models/invite';

// (workspaceId, email) is unique: the second concurrent invite throws E11000 out of this function.
export async function inviteMember(workspaceId: string, email: string) {
  const pending = await Invite.findOne({ workspaceId: new Types.ObjectId(workspaceId), email });
  if (pending) return pending;
  const invite = new Invite({ workspaceId: new Types.ObjectId(workspaceId), email });
  invite.token = randomBytes(24).toString('hex');
  await invite.save(); // expect: race/no-check-then-create
  return invite;
}

// Accepting loads the invite and saves it back: an update, not a create.
export async function acceptInvite(token: string) {
  const invite = await Invite.findOne({ token });
  if (!invite || invite.acceptedAt) throw new Error('invalid invite');
  invite.acceptedAt = new Date();
  await invite.save(); // safe: race/no-check-then-create
  return invite;
}

// Resending re-creates the invite when it is missing; the catch turns a lost race into a no-op.
export async function resendInvite(workspaceId: Types.ObjectId, email: string) {
  const pending = await Invite.findOne({ workspaceId, email });
  if (pending) return pending;
  return Invite.create({ workspaceId, email, token: randomBytes(24).toString('hex') }).catch((error: unknown) => { // safe: race/no-check-then-create
    if (error instanceof Error && error.message.includes('E11000')) return Invite.findOne({ workspaceId, email });
    throw error;
  });
}
