import Stripe from 'stripe';

let client: Stripe | undefined;

/** One client per serverless instance, made on first use. */
export function getStripe(): Stripe {
  client ??= new Stripe(process.env.STRIPE_SECRET_KEY ?? '');
  return client;
}
