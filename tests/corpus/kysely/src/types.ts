import type { Generated } from 'kysely';

export interface DB {
  person: { id: Generated<number>; email: string; first_name: string };
  pet: { id: Generated<number>; owner_id: number; name: string; species: string };
  tag: { id: Generated<number>; name: string };
  follow: { follower_id: number; followee_id: number };
  vote: { id: Generated<number>; post_id: number; voter_id: number; value: number };
  post: { id: Generated<number>; author_id: number; score: number };
  account: { id: Generated<number>; owner_id: number; balance: number; updated_at: Generated<Date> };
  ticket_pool: { id: Generated<number>; event_id: number; remaining: number };
  wiki_page: { id: Generated<number>; title: string; body: string; revision: number; views: number };
}
