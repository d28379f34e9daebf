import { loadStripe } from '@stripe/stripe-js';

/** Browser code: Stripe.js confirms with the client secret the server made, under the server's key. */
export async function confirm(clientSecret: string, returnUrl: string) {
  const stripe = await loadStripe(import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY);
  if (!stripe) throw new Error('Stripe.js failed to load');
  return stripe.confirmPayment({ clientSecret, confirmParams: { return_url: returnUrl } }); // safe: race/require-idempotency-key
}
