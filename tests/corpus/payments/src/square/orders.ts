import { v4 as uuid } from 'uuid';
import { SquareClient, SquareEnvironment } from 'square';

const square = new SquareClient({
  token: process.env.SQUARE_ACCESS_TOKEN,
  environment: SquareEnvironment.Production,
});

interface Cart {
  id: string;
  locationId: string;
  lines: { name: string; quantity: string; amount: bigint }[];
}

export async function placeOrder(cart: Cart) {
  const { order } = await square.orders.create({ // expect: race/require-idempotency-key
    order: {
      locationId: cart.locationId,
      referenceId: cart.id,
      lineItems: cart.lines.map((line) => ({
        name: line.name,
        quantity: line.quantity,
        basePriceMoney: { amount: line.amount, currency: 'USD' },
      })),
    },
  });
  return order;
}

export async function payOrder(cart: Cart, orderId: string, sourceId: string, amount: bigint) {
  const idempotencyKey = uuid();
  const { payment } = await square.payments.create({
    sourceId,
    orderId,
    idempotencyKey, // expect: race/require-idempotency-key
    amountMoney: { amount, currency: 'USD' },
    referenceId: cart.id,
  });
  return payment;
}

export async function payOrderOnce(orderId: string, sourceId: string, amount: bigint) {
  const { payment } = await square.payments.create({ // safe: race/require-idempotency-key
    sourceId,
    orderId,
    idempotencyKey: `payment-${orderId}`,
    amountMoney: { amount, currency: 'USD' },
  });
  return payment;
}

export async function recentPayments(locationId: string) {
  return square.payments.list({ locationId, limit: 20 }); // safe: race/require-idempotency-key
}
