import { Schema, model } from 'mongoose';

const inviteSchema = new Schema({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  email: { type: String, required: true },
  token: { type: String, required: true },
  acceptedAt: Date,
});
inviteSchema.index({ workspaceId: 1, email: 1 }, { unique: true });

export const Invite = model('Invite', inviteSchema);
