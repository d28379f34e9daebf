import type { Knex } from 'knex';

export class ProjectRepository {
  constructor(private readonly knex: Knex) {}

  findBySlug(ownerId: number, slug: string) {
    return this.knex('projects').where({ owner_id: ownerId, slug }).first();
  }

  create(ownerId: number, slug: string) {
    return this.knex('projects').insert({ owner_id: ownerId, slug }).returning('*');
  }
}

// The check and the insert live in repository methods: the same race, one call away.
export async function forkProject(repo: ProjectRepository, ownerId: number, slug: string) {
  const existing = await repo.findBySlug(ownerId, slug);
  if (existing) throw new Error('slug taken');
  return repo.create(ownerId, slug); // expect: race/no-check-then-create
}
