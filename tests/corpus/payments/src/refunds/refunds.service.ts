import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { prisma } from '../lib/db.js';

export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

interface RefundRequest {
  id: string;
  orderId: string;
  paymentIntentId: string;
  amount: number;
}

@Injectable()
export class RefundsService {
  constructor(@Inject(STRIPE_CLIENT) private readonly stripe: Stripe) {}

  /** Support agents click "Refund"; a double click refunds twice. */
  async refundOrder(orderId: string, paymentIntentId: string, amount: number) {
    const refund = await this.stripe.refunds.create({ payment_intent: paymentIntentId, amount }); // expect: race/require-idempotency-key
    await prisma.refundLog.create({ data: { orderId, refundId: refund.id, amount } });
    return refund;
  }

  /** Each refund request is stored first; its id keys the provider call. */
  async processRequest(request: RefundRequest) {
    const options: Stripe.RequestOptions = { idempotencyKey: `refund-request-${request.id}` };
    return this.stripe.refunds.create({ payment_intent: request.paymentIntentId, amount: request.amount }, options); // safe: race/require-idempotency-key
  }

  /** Connected-account refunds take the caller's options, which carry the key. */
  async refundOnAccount(request: RefundRequest, account: string, options: Stripe.RequestOptions) {
    return this.stripe.refunds.create( // safe: race/require-idempotency-key
      { payment_intent: request.paymentIntentId, amount: request.amount },
      { ...options, stripeAccount: account },
    );
  }

  /** Credit notes refund part of a paid invoice. */
  async creditInvoice(invoiceId: string, amount: number, reason: Stripe.CreditNoteCreateParams.Reason) {
    return this.stripe.creditNotes.create({ invoice: invoiceId, amount, reason }); // expect: race/require-idempotency-key
  }
}
