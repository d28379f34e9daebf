import mongoose, { Schema } from 'mongoose';

// The slug is looked up on every request but was never given a unique index.
const workspaceSchema = new Schema(
  {
    slug: { type: String, required: true, index: true },
    name: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    plan: { type: String, enum: ['free', 'team'], default: 'free' },
  },
  { timestamps: true },
);

export const Workspace = mongoose.models.Workspace || mongoose.model('Workspace', workspaceSchema);
