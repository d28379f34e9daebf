import express from 'express';
import { coupons } from './routes/coupons.js';
import { customers } from './routes/customers.js';
import { exportsRouter } from './routes/exports.js';
import { giftCards } from './routes/gift-cards.js';
import { invoices } from './routes/invoices.js';
import { newsletter } from './routes/newsletter.js';
import { orders } from './routes/orders.js';
import { payments } from './routes/payments.js';
import { products } from './routes/products.js';
import { reviews } from './routes/reviews.js';
import { stripeWebhooks } from './routes/stripe-webhooks.js';
import { wishlist } from './routes/wishlist.js';

const app = express();
// Stripe signs the raw body: its routes parse their own, before the JSON parser runs.
app.use(stripeWebhooks);
app.use(express.json());
app.use(coupons, customers, exportsRouter, giftCards, invoices, newsletter, orders, payments, products, reviews, wishlist);

app.listen(Number(process.env.PORT ?? 3000));
