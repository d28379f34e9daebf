import type { ActionFunctionArgs } from '@remix-run/node';
import db from '../db.server';
import { authenticate } from '../shopify.server';

// Deleting the shop's sessions twice leaves the same state.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session, topic } = await authenticate.webhook(request);
  console.log(`Received ${topic} webhook for ${shop}`);
  if (session) {
    await db.session.deleteMany({ where: { shop } }); // safe: race/require-webhook-idempotency
  }
  return new Response();
};
