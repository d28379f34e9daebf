import { Injectable } from '@nestjs/common';
import { slugify } from '@/shared/text';
import { TagsRepository } from './tags.repository';

@Injectable()
export class TagsService {
  constructor(private readonly tags: TagsRepository) {}

  // Tag slugs are unique, and the repository turns a lost race into a read of the winner's tag.
  async ensureTag(name: string) {
    const slug = slugify(name);
    const existing = await this.tags.findBySlug(slug);
    if (existing) return existing;
    return this.tags.createOrGet(slug, name); // safe: race/no-check-then-create
  }

  // The composite key absorbs a concurrent attach of the same tag (skipDuplicates).
  async tagPost(postId: number, tagIds: number[]) {
    const current = await this.tags.tagIdsOf(postId);
    const missing = tagIds.filter((id) => !current.some((row) => row.tagId === id));
    if (missing.length === 0) return;
    await this.tags.attach(postId, missing); // safe: race/no-check-then-create
  }
}
