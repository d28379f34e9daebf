import type { Knex } from 'knex';

export class WaitlistRepository {
  constructor(private readonly db: Knex) {}

  findEntry(eventId: number, email: string) {
    return this.db('waitlist_entries').where({ event_id: eventId, email }).first();
  }

  async addEntry(eventId: number, email: string): Promise<void> {
    await this.db('waitlist_entries').insert({ event_id: eventId, email });
  }
}
