import { findSubscriber, insertSubscriber } from '@/newsletter/subscribers.dao';

// The form is submitted twice (or from two tabs): both requests find no subscriber.
export async function subscribe(listId: number, rawEmail: string) {
  const email = rawEmail.trim().toLowerCase();
  if (await findSubscriber(listId, email)) return { subscribed: false };
  await insertSubscriber(listId, email); // expect: race/no-check-then-create
  return { subscribed: true };
}
