import { describe, expect, it } from 'vitest';
import { prisma } from '../db';
import { cancelOrder } from '../services/orders';
import { sleep } from '../lib/sleep';

// Tests wait for fixtures on purpose: the rule leaves test code alone.
describe('cancelOrder', () => {
  it('writes an audit row', async () => {
    void cancelOrder(1, 1);
    await sleep(500); // safe: race/no-sleep-synchronization
    expect(await prisma.auditLog.count({ where: { userId: 1 } })).toBeGreaterThan(0);
  });
});
