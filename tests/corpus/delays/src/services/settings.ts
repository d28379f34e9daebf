import { createClient } from 'redis';
import { prisma } from '../db';
import { sleep } from '../lib/sleep';

const pubsub = createClient();

function debounce<T extends unknown[]>(fn: (...args: T) => Promise<void>, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: T) => {
    clearTimeout(timer);
    timer = setTimeout(() => void fn(...args), ms);
  };
}

// Other instances drop their cached copy when they get the message; 50 ms is a guess.
export async function setFeatureFlag(key: string, value: string) {
  await prisma.setting.update({ where: { key }, data: { value } });
  await pubsub.publish('settings.invalidate', key);
  await sleep(50); // expect: race/no-sleep-synchronization
  return fetch(`http://localhost:3000/internal/settings/${key}`);
}

// A debounced flush: the pause coalesces bursts of edits, it waits for nothing.
export const flushSettings = debounce(async (key: string, value: string) => {
  await pubsub.publish('settings.changed', key);
  await sleep(100); // safe: race/no-sleep-synchronization
  await prisma.setting.update({ where: { key }, data: { value } });
}, 500);

// The audit write is started and the count waits on a fixed pause.
export async function auditedRead(key: string, userId: number) {
  void prisma.auditLog.create({ data: { userId, action: `read:${key}` } });
  await sleep(100); // expect: race/no-sleep-synchronization
  return prisma.auditLog.count({ where: { userId } });
}
