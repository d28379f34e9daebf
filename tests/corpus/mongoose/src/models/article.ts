import { Schema, model } from 'mongoose';

const articleSchema = new Schema({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  title: { type: String, required: true },
  body: { type: String, default: '' },
  tags: { type: [String], default: [] },
});

export const Article = model('Article', articleSchema);
