import { Schema, model } from 'mongoose';

const webhookEventSchema = new Schema({
  eventId: { type: String, required: true, unique: true },
  type: { type: String, required: true },
  receivedAt: { type: Date, default: Date.now },
});

export const WebhookEvent = model('WebhookEvent', webhookEventSchema);
