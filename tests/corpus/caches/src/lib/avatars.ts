import { LRUCache } from 'lru-cache';

declare function downloadAvatar(userId: string): Promise<Buffer>;
declare function renderThumbnail(key: string): Promise<Buffer>;

const avatars = new LRUCache<string, Buffer>({ max: 200, ttl: 10 * 60_000 });

// The fill is synchronous: nothing is left running once the download is awaited.
export async function avatar(userId: string): Promise<Buffer> {
  const hit = avatars.get(userId);
  if (hit) return hit;
  const image = await downloadAvatar(userId);
  avatars.set(userId, image); // safe: race/no-unawaited-cache-fill
  return image;
}

// The promise chain that fills is returned: the caller waits for it and sees its failure.
export function avatarLater(userId: string): Promise<Buffer> {
  const hit = avatars.get(`later:${userId}`);
  if (hit) return Promise.resolve(hit);
  return downloadAvatar(userId).then((image) => {
    avatars.set(`later:${userId}`, image); // safe: race/no-unawaited-cache-fill
    return image;
  });
}

// Read-through: lru-cache runs one fetchMethod per key for concurrent callers.
const thumbnails = new LRUCache<string, Buffer>({ max: 500, fetchMethod: (key) => renderThumbnail(key) });

export function thumbnail(key: string) {
  return thumbnails.fetch(key); // safe: race/no-unawaited-cache-fill
}
