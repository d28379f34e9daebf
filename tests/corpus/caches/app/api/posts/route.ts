import { Redis } from '@upstash/redis';
import { waitUntil } from '@vercel/functions';
import { NextResponse } from 'next/server';
import { getLatestPosts, getPopularPosts, type PostSummary } from '@/lib/posts';

const redis = Redis.fromEnv();

// On Vercel the function can be frozen as soon as it has answered: the fill may never land.
export async function GET() {
  const cached = await redis.get<PostSummary[]>('posts:latest');
  if (cached) return NextResponse.json(cached);

  const posts = await getLatestPosts(20);
  redis.set('posts:latest', posts, { ex: 60 }); // expect: race/no-unawaited-cache-fill
  return NextResponse.json(posts);
}

// Handed to the platform, which keeps the function alive until the write is done.
export async function POST() {
  const cached = await redis.get<PostSummary[]>('posts:popular');
  if (cached) return NextResponse.json(cached);

  const posts = await getPopularPosts(20);
  waitUntil(redis.set('posts:popular', posts, { ex: 300 })); // safe: race/no-unawaited-cache-fill
  return NextResponse.json(posts);
}
