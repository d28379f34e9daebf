import { Router } from 'express';
import { redis } from '../redis.js';

export const giftCards = Router();

// RACE: two requests redeeming the same card both see no claim and both write one;
// each goes on to credit the customer.
giftCards.post('/gift-cards/:code/redeem', async (req, res) => {
  const key = `gift-card:${req.params.code}:claimed-by`;
  const claimedBy = await redis.get(key);
  if (claimedBy) {
    res.status(409).json({ error: 'already redeemed' });
    return;
  }
  await redis.set(key, String(req.body.customerId));
  res.json({ credited: true });
});

// FIXED: SET … NX claims the card atomically; only the request that wrote the key goes on.
giftCards.post('/v2/gift-cards/:code/redeem', async (req, res) => {
  const key = `gift-card:${req.params.code}:claimed-by`;
  const claimed = await redis.set(key, String(req.body.customerId), 'NX');
  if (claimed !== 'OK') {
    res.status(409).json({ error: 'already redeemed' });
    return;
  }
  res.json({ credited: true });
});
