import * as subscribers from './subscribers.dao';

// Imports the export of the previous provider while the signup form stays open: an address
// that signs up during the import is checked by both and inserted by both.
export async function importSubscribers(listId: number, emails: string[]) {
  let imported = 0;
  for (const email of emails) {
    const existing = await subscribers.findSubscriber(listId, email);
    if (existing) continue;
    await subscribers.insertSubscriber(listId, email); // expect: race/no-check-then-create
    imported += 1;
  }
  return imported;
}
