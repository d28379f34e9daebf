import { Queue } from 'bullmq';
import { prisma } from '../db';
import { sleep } from '../lib/sleep';

const thumbnails = new Queue('thumbnails');

// The worker may not have picked the job up yet, let alone written the thumbnail URL.
export async function uploadImage(url: string) {
  const image = await prisma.image.create({ data: { url } });
  await thumbnails.add('resize', { imageId: image.id });
  await sleep(2000); // expect: race/no-sleep-synchronization
  return prisma.image.findUnique({ where: { id: image.id } });
}

// The same guess in a timer: the callback reads the image two seconds after the job was queued.
export async function uploadAndNotify(url: string, notify: (thumbnail: string | null) => void) {
  const image = await prisma.image.create({ data: { url } });
  await thumbnails.add('resize', { imageId: image.id });
  setTimeout(async () => { // expect: race/no-sleep-synchronization
    const done = await prisma.image.findUnique({ where: { id: image.id } });
    notify(done?.thumbnailUrl ?? null);
  }, 2000);
}

// Waiting for the job itself: the queue reports completion.
export async function uploadAndWait(url: string) {
  const image = await prisma.image.create({ data: { url } });
  const job = await thumbnails.add('resize', { imageId: image.id });
  await job.waitUntilFinished(thumbnails.events);
  return prisma.image.findUnique({ where: { id: image.id } }); // safe: race/no-sleep-synchronization
}

// Polling by recursion with a counter: each round queues the job again and checks the image.
export async function ensureThumbnail(imageId: number, attempt = 0): Promise<string> {
  await thumbnails.add('resize', { imageId });
  await sleep(1000); // safe: race/no-sleep-synchronization
  const image = await prisma.image.findUnique({ where: { id: imageId } });
  if (image?.thumbnailUrl) return image.thumbnailUrl;
  if (attempt >= 3) throw new Error('no thumbnail');
  return ensureThumbnail(imageId, attempt + 1);
}
