import { CheckoutAPI, Client, Types } from '@adyen/api-library';
import { v4 as uuid } from 'uuid';

const client = new Client({ apiKey: process.env.ADYEN_API_KEY ?? '', environment: 'TEST' });
const checkout = new CheckoutAPI(client);
const merchantAccount = process.env.ADYEN_MERCHANT_ACCOUNT ?? '';

export async function pay(reference: string, paymentMethod: Types.checkout.CheckoutPaymentMethod, value: number) {
  return checkout.PaymentsApi.payments( // safe: race/require-idempotency-key
    { amount: { currency: 'EUR', value }, reference, paymentMethod, merchantAccount, returnUrl: 'https://shop.example/return' },
    { idempotencyKey: `payment-${reference}` },
  );
}

export async function payWithoutKey(reference: string, paymentMethod: Types.checkout.CheckoutPaymentMethod, value: number) {
  return checkout.PaymentsApi.payments({ amount: { currency: 'EUR', value }, reference, paymentMethod, merchantAccount, returnUrl: 'https://shop.example/return' }); // expect: race/require-idempotency-key
}

export async function refund(pspReference: string, value: number) {
  return checkout.ModificationsApi.refundCapturedPayment(
    pspReference,
    { amount: { currency: 'EUR', value }, merchantAccount },
    { idempotencyKey: uuid() }, // expect: race/require-idempotency-key
  );
}

export async function paymentMethods(countryCode: string) {
  return checkout.PaymentsApi.paymentMethods({ merchantAccount, countryCode }); // safe: race/require-idempotency-key
}
