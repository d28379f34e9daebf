import type { ActionFunctionArgs } from '@remix-run/node';
import { authenticate } from '../shopify.server';

// Each delivery of orders/create books the order in the ERP again: Shopify retries for 48 hours.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticate.webhook(request);
  await fetch(`${process.env.ERP_URL}/sales-orders`, { // expect: race/require-webhook-idempotency
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ shop, number: payload.order_number, lines: payload.line_items }),
  });
  return new Response();
};
