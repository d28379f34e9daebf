import { Router } from 'express';
import { wishlistRepository } from '../repositories/wishlists.js';

export const wishlist = Router();

// RACE: the check and the insert live in the repository, but race all the same: two taps on
// "save" both find nothing, and the second insert fails on the unique key with a 500.
wishlist.post('/customers/:customerId/wishlist', async (req, res) => {
  const customerId = Number(req.params.customerId);
  const productId = Number(req.body.productId);
  const existing = await wishlistRepository.find(customerId, productId);
  if (existing) {
    res.json(existing);
    return;
  }
  res.status(201).json(await wishlistRepository.add(customerId, productId));
});

// FIXED: one upsert on the unique key.
wishlist.post('/v2/customers/:customerId/wishlist', async (req, res) => {
  const customerId = Number(req.params.customerId);
  const productId = Number(req.body.productId);
  res.json(await wishlistRepository.save(customerId, productId));
});
