import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';
import { Queue } from 'bullmq';
import { createServer } from 'node:http';
import { prisma } from '../../lib/db';

const builds = new Queue('builds', { connection: { host: 'localhost' } });
export const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });

// githubId is unique: a redelivered installation.created fails instead of adding a second row.
webhooks.on('installation.created', async ({ payload }) => {
  await prisma.installation.create({ data: { githubId: payload.installation.id, account: payload.installation.account!.login } }); // safe: race/require-webhook-idempotency
});

// A redelivered push queues a second build of the same commit.
webhooks.on('push', async ({ payload }) => {
  await builds.add('build', { repo: payload.repository.full_name, sha: payload.after }); // expect: race/require-webhook-idempotency
});

// The delivery id is the job id: BullMQ ignores a job whose id it already has.
webhooks.on('pull_request.opened', async ({ id, payload }) => {
  await builds.add('preview', { repo: payload.repository.full_name, pr: payload.pull_request.number }, { jobId: id }); // safe: race/require-webhook-idempotency
});

webhooks.onError((error) => {
  console.error(`webhook ${error.event?.id} failed`, error);
});

createServer(createNodeMiddleware(webhooks, { path: '/api/github/webhooks' })).listen(3000);
