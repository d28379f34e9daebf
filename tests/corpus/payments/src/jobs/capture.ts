import { stripe } from '../lib/stripe.js';

interface ShipmentEvent {
  orderId: string;
  paymentIntentId: string;
  amountToCapture: number;
}

/**
 * Captures the authorised payment once the order ships. The queue delivers at least once: a
 * redelivered message captures again.
 */
export async function onShipped(event: ShipmentEvent) {
  await stripe.paymentIntents.capture(event.paymentIntentId, { amount_to_capture: event.amountToCapture }); // expect: race/require-idempotency-key
}

/** The same job, keyed by the order it ships. */
export async function onShippedOnce(event: ShipmentEvent) {
  await stripe.paymentIntents.capture( // safe: race/require-idempotency-key
    event.paymentIntentId,
    { amount_to_capture: event.amountToCapture },
    { idempotencyKey: `capture-${event.orderId}` },
  );
}
