import { Schema, model } from 'mongoose';

const accountSchema = new Schema(
  {
    ownerId: { type: Schema.Types.ObjectId, ref: 'User', required: true, unique: true },
    displayName: String,
    credits: { type: Number, default: 0, min: 0 },
    exportsRun: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export const Account = model('Account', accountSchema);
