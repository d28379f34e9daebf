import { Schema, model } from 'mongoose';

const tagSchema = new Schema({
  workspaceId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  uses: { type: Number, default: 0 },
});

export const Tag = model('Tag', tagSchema);
