import { Schema, model } from 'mongoose';

export interface Comment {
  postId: string;
  text: string;
  flagged: boolean;
  seenAt?: Date;
}

export const commentSchema = new Schema<Comment>({
  postId: { type: String, required: true, index: true },
  text: { type: String, required: true },
  flagged: { type: Boolean, default: false },
  seenAt: Date,
});

export const CommentModel = model<Comment>('Comment', commentSchema);

export interface Upload {
  owner: string;
  filename: string;
  size: number;
}

export const Upload = model<Upload>('Upload', new Schema<Upload>({ owner: String, filename: String, size: Number }));
