import db from '@/lib/knex';

interface CounterRow {
  path: string;
  views: number;
}

const counters = {
  get(path: string): Promise<CounterRow | undefined> {
    return db<CounterRow>('page_counters').where({ path }).first();
  },

  async set(path: string, views: number): Promise<void> {
    await db('page_counters').where({ path }).update({ views });
  },

  async increment(path: string, by = 1): Promise<void> {
    await db('page_counters').where({ path }).increment('views', by);
  },
};

export default counters;
