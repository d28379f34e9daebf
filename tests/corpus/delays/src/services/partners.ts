import axios from 'axios';
import { sleep } from '../lib/sleep';

const partner = axios.create({ baseURL: 'https://partner.example.com' });
const RATE_LIMIT_MS = 1100;

// The partner provisions the account asynchronously after answering 202.
export async function provision(accountId: string) {
  await axios.post('https://partner.example.com/accounts', { accountId });
  await sleep(5000); // expect: race/no-sleep-synchronization
  const { data } = await partner.get(`/accounts/${accountId}`);
  return data;
}

// Two calls spaced out for the partner's rate limit, not waiting for either to land.
export async function syncTwice(accountId: string) {
  await partner.post(`/accounts/${accountId}/sync`);
  await sleep(RATE_LIMIT_MS); // safe: race/no-sleep-synchronization
  await partner.post(`/accounts/${accountId}/sync-usage`);
}

// Only a log line before the pause: nothing was started that the pause could be waiting for.
export async function warmUp(accountId: string) {
  console.info(`warming ${accountId}`);
  await sleep(1000); // safe: race/no-sleep-synchronization
  return partner.get(`/accounts/${accountId}`);
}
