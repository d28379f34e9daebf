import rule from '../../src/rules/no-sleep-synchronization.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

const header = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const saveUser = `async function saveUser(id: number) {
  await prisma.user.update({ where: { id }, data: { email: 'x' } });
}
`;

ruleTester.run('no-sleep-synchronization', rule, {
  valid: [
    // polling-loop
    header + `import { sleep } from './lib/sleep';
export async function waitForUser(id: number, queue: { add(name: string, data: unknown): Promise<unknown> }) {
  await queue.add('create', { id });
  for (let i = 0; i < 10; i++) {
    const user = await prisma.user.findUnique({ where: { id } });
    if (user) return user;
    await sleep(500);
  }
  throw new Error('timed out');
}`,
    // while-poll
    header + `export async function waitForUser(id: number) {
  void fetch('https://api.example.com/users', { method: 'POST' });
  while (!(await prisma.user.findUnique({ where: { id } }))) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}`,
    // do-while
    header + `import { setTimeout as sleep } from 'node:timers/promises';
export async function drain(events: { emit(name: string): boolean }) {
  let left = 0;
  do {
    events.emit('drain');
    await sleep(100);
    left = await prisma.user.count();
  } while (left > 0);
}`,
    // retry-in-catch
    header + `import delay from 'delay';
export async function notify(id: number) {
  try {
    await fetch('https://hooks.example.com/' + id, { method: 'POST' });
  } catch {
    await delay(1000);
    await fetch('https://hooks.example.com/' + id, { method: 'POST' });
  }
}`,
    // recursion-with-counter
    header + `import { sleep } from './lib/sleep';
export async function deliver(id: number, attempt = 0): Promise<void> {
  await fetch('https://hooks.example.com/' + id, { method: 'POST' });
  await sleep(1000);
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user && attempt < 3) return deliver(id, attempt + 1);
}`,
    // method-recursion
    header + `import { sleep } from './lib/sleep';
export class Sync {
  async push(id: number, attempt = 0): Promise<void> {
    await fetch('https://hooks.example.com/' + id, { method: 'POST' });
    await sleep(500);
    if (!(await prisma.user.findUnique({ where: { id } })) && attempt < 3) await this.push(id, attempt + 1);
  }
}`,
    // backoff
    header + `import { sleep } from './lib/sleep';
export async function pause(attempt: number, id: number) {
  await prisma.user.update({ where: { id }, data: { email: 'x' } });
  await sleep(2 ** attempt * 100);
  return prisma.user.findUnique({ where: { id } });
}`,
    // rate-limit-name
    `import axios from 'axios';
import { sleep } from './lib/sleep';
const RATE_LIMIT_MS = 1100;
export async function syncTwice(id: string) {
  await axios.post('https://partner.example.com/sync/' + id);
  await sleep(RATE_LIMIT_MS);
  await axios.post('https://partner.example.com/usage/' + id);
}`,
    // nothing-before
    header + `import { sleep } from './lib/sleep';
export async function slow(id: number) {
  console.log('waiting');
  await sleep(100);
  return prisma.user.findUnique({ where: { id } });
}`,
    // nothing-after
    header + `import { sleep } from './lib/sleep';
export async function rename(id: number, queue: { add(name: string, data: unknown): Promise<unknown> }) {
  await queue.add('rename', { id });
  await sleep(100);
  console.log('queued');
}`,
    // shutdown
    `import { sleep } from './lib/sleep';
export async function shutdown(server: { close(): void }) {
  server.close();
  await sleep(5000);
  process.exit(0);
}`,
    // timeout-race
    header + `import { sleep } from './lib/sleep';
export async function load(id: number) {
  const user = prisma.user.findUnique({ where: { id } });
  return Promise.race([user, sleep(2000).then(() => null)]);
}`,
    // kept-timer
    header + `export function remind(id: number, events: { emit(name: string, id: number): boolean }) {
  events.emit('scheduled', id);
  const timer = setTimeout(() => {
    void prisma.user.findUnique({ where: { id } });
  }, 60000);
  return () => clearTimeout(timer);
}`,
    // set-add-is-not-a-queue
    `import { sleep } from './lib/sleep';
export async function remember(seen: Set<string>, id: string) {
  seen.add(id);
  await sleep(100);
  await fetch('https://api.example.com/items/' + id);
}`,
    // response-send
    header + `import { sleep } from './lib/sleep';
export async function handler(req: { params: { id: string } }, res: { send(body: string): void }) {
  res.send('ok');
  await sleep(100);
  await prisma.user.findUnique({ where: { id: Number(req.params.id) } });
}`,
    // unrelated-wait-helper
    header + `import { wait } from './conditions';
export async function run(id: number, events: { emit(name: string, id: number): boolean }) {
  events.emit('changed', id);
  await wait(() => true);
  return prisma.user.findUnique({ where: { id } });
}`,
    // sleep-helper-itself
    `export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export function later<T>(value: T, ms: number) {
  return new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
}`,
    // debounce
    header + `import { debounce } from 'lodash-es';
import { sleep } from './lib/sleep';
export const flush = debounce(async (id: number, events: { emit(name: string): boolean }) => {
  events.emit('flush');
  await sleep(100);
  await prisma.user.findUnique({ where: { id } });
}, 500);`,
    // animation-frame
    `import { sleep } from './lib/sleep';
export async function animate(events: { emit(name: string): boolean }) {
  events.emit('start');
  await sleep(16);
  requestAnimationFrame(() => undefined);
  await fetch('/api/frame');
}`,
    // test-file-name
    {
      code: header + saveUser + `import { sleep } from './lib/sleep';
export async function check(id: number) {
  void saveUser(id);
  await sleep(100);
  return prisma.user.findUnique({ where: { id } });
}`,
      filename: fixtureFile('project', 'src/users.test.ts'),
    },
    // test-folder
    {
      code: header + saveUser + `import { sleep } from '../lib/sleep';
export async function check(id: number) {
  void saveUser(id);
  await sleep(100);
  return prisma.user.findUnique({ where: { id } });
}`,
      filename: fixtureFile('project', 'e2e/users.ts'),
    },
    // test-framework-import
    header + saveUser + `import { it } from 'vitest';
import { sleep } from './lib/sleep';
it('saves', async () => {
  void saveUser(1);
  await sleep(100);
  await prisma.user.findUnique({ where: { id: 1 } });
});`,
    // tsx-component
    {
      code: `import { sleep } from './lib/sleep';
export function Button({ id }: { id: number }) {
  const onClick = async () => {
    void fetch('/api/users/' + id, { method: 'POST' });
    await sleep(300);
    await fetch('/api/users/' + id);
  };
  return <button onClick={onClick}>save</button>;
}`,
      filename: fixtureFile('project', 'react.tsx'),
    },
    // odd-forms
    header + `export async function odd(id: number, events: { emit(name: string): boolean }, ms: number) {
  events.emit('x');
  await new Promise(setTimeout);
  await new Promise((...args: [() => void]) => setTimeout(args[0], ms));
  await new Promise((resolve) => { setTimeout(resolve, ms); console.log('extra'); });
  await new (Promise as any)((resolve: () => void) => setTimeout(resolve, ms));
  await globalThis['set' + 'Timeout'];
  await (events as any)[Symbol.iterator]?.();
  setTimeout('console.log(1)', ms);
  return prisma.user.findUnique({ where: { id } });
}`,
    // promise-resolved-later
    header + `export function later(id: number, events: { emit(name: string): boolean }) {
  events.emit('x');
  return new Promise((resolve) => setTimeout(() => resolve(prisma.user.findUnique({ where: { id } })), 100));
}`,
  ],
  invalid: [
    {
      // void-promise
      code: header + saveUser + `export async function rename(id: number) {
  void saveUser(id);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInstead',
              output: header + saveUser + `export async function rename(id: number) {
  await saveUser(id);
  return prisma.user.findUnique({ where: { id } });
}`,
            },
          ],
        },
      ],
    },
    {
      // variable-promise
      code: "import { setTimeout as sleep } from 'node:timers/promises';\n" + header + `export async function rename(id: number) {
  const saving = prisma.user.update({ where: { id }, data: { email: 'x' } });
  await sleep(500);
  const user = await prisma.user.findUnique({ where: { id } });
  await saving;
  return user;
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInstead',
              output: "import { setTimeout as sleep } from 'node:timers/promises';\n" + header + `export async function rename(id: number) {
  const saving = prisma.user.update({ where: { id }, data: { email: 'x' } });
  await saving;
  const user = await prisma.user.findUnique({ where: { id } });
  await saving;
  return user;
}`,
            },
          ],
        },
      ],
    },
    {
      // unawaited-write-statement
      code: "import delay from 'delay';\n" + header + `export async function touch(id: number) {
  prisma.user.update({ where: { id }, data: { email: 'a@b.c' } });
  await delay(1000);
  await fetch('https://hooks.example.com/users/' + id);
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInstead',
              output: "import delay from 'delay';\n" + header + `export async function touch(id: number) {
  await prisma.user.update({ where: { id }, data: { email: 'a@b.c' } });
  await fetch('https://hooks.example.com/users/' + id);
}`,
            },
          ],
        },
      ],
    },
    {
      // catch-chain, local arrow sleep
      code: header + `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
` + saveUser + `export async function run(id: number) {
  saveUser(id).catch(console.error);
  await sleep(200);
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInstead',
              output: header + `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
` + saveUser + `export async function run(id: number) {
  await saveUser(id).catch(console.error);
  return prisma.user.findUnique({ where: { id } });
}`,
            },
          ],
        },
      ],
    },
    {
      // same-line
      code: header + saveUser + `export async function run(id: number) {
  void saveUser(id); await new Promise((r) => setTimeout(r, 100));
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 7,
          column: 22,
          suggestions: [
            {
              messageId: 'awaitInstead',
              output: header + saveUser + `export async function run(id: number) {
  await saveUser(id);
  return prisma.user.findUnique({ where: { id } });
}`,
            },
          ],
        },
      ],
    },
    {
      // promise-preferred-over-message
      code: header + saveUser + `export async function run(id: number, events: { emit(name: string, id: number): boolean }) {
  const saving = saveUser(id);
  events.emit('saving', id);
  await new Promise((r) => setTimeout(r, 100));
  const user = await prisma.user.findUnique({ where: { id } });
  await saving;
  return user;
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInstead',
              output: header + saveUser + `export async function run(id: number, events: { emit(name: string, id: number): boolean }) {
  const saving = saveUser(id);
  events.emit('saving', id);
  await saving;
  const user = await prisma.user.findUnique({ where: { id } });
  await saving;
  return user;
}`,
            },
          ],
        },
      ],
    },
    {
      // promise-out-of-scope: reported, no suggestion
      code: header + saveUser + `export async function run(id: number, force: boolean) {
  if (force) {
    const saving = saveUser(id);
    saving.catch(console.error);
  }
  await Bun.sleep(100);
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [{ messageId: 'fixedDelay', line: 11, column: 3, suggestions: [] }],
    },
    {
      // queue-message
      code: header + `import { Queue } from 'bullmq';
const thumbnails = new Queue('thumbnails');
export async function upload(id: number) {
  await thumbnails.add('resize', { id });
  await Bun.sleep(2000);
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [{ messageId: 'fixedDelay', line: 7, column: 3, suggestions: [] }],
    },
    {
      // scheduler-wait
      code: header + `import { scheduler } from 'node:timers/promises';
export async function run(bus: { publish(topic: string, id: number): Promise<void> }, id: number) {
  await bus.publish('user.changed', id);
  await scheduler.wait(100);
  await prisma.user.update({ where: { id }, data: { email: 'x' } });
}`,
      errors: [{ messageId: 'fixedDelay', line: 6, column: 3, suggestions: [] }],
    },
    {
      // write-sets-off
      code: "import { setTimeout } from 'node:timers/promises';\n" + header + `export async function run(email: string) {
  const user = await prisma.user.create({ data: { email } });
  await setTimeout(1000);
  await fetch('https://search.example.com/users?q=' + user.email);
}`,
      errors: [{ messageId: 'fixedDelay', line: 6, column: 3, suggestions: [] }],
    },
    {
      // outgoing-request
      code: `import axios from 'axios';
import { sleep } from './utils';
const api = axios.create({ baseURL: 'https://api.example.com' });
export async function provision(id: string) {
  await fetch('https://api.example.com/accounts', { method: 'POST', body: id });
  await sleep(3000);
  return api.get('/accounts/' + id);
}`,
      errors: [{ messageId: 'fixedDelay', line: 6, column: 3, suggestions: [] }],
    },
    {
      // child-process
      code: `import { spawn } from 'node:child_process';
import { sleep } from './utils';
export async function boot() {
  const child = spawn('node', ['server.js']);
  await sleep(3000);
  const response = await fetch('http://localhost:3000/health');
  return { child, ok: response.ok };
}`,
      errors: [{ messageId: 'fixedDelay', line: 5, column: 3, suggestions: [] }],
    },
    {
      // delayed-callback
      code: header + `export async function run(queue: { add(name: string, data: unknown): Promise<unknown> }, id: number) {
  await queue.add('resize', { id });
  setTimeout(async () => {
    await prisma.user.findUnique({ where: { id } });
  }, 2000);
}`,
      errors: [{ messageId: 'delayedCallback', line: 5, column: 3, suggestions: [] }],
    },
    {
      // promisified-timer
      code: "import { promisify } from 'node:util';\n" + header + `const sleep = promisify(setTimeout);
export async function run(id: number, emitter: { emit(name: string, id: number): boolean }) {
  emitter.emit('changed', id);
  await sleep(50);
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [{ messageId: 'fixedDelay', line: 7, column: 3, suggestions: [] }],
    },
    {
      // local-function-with-resolve-called
      code: header + `function wait(ms: number) {
  return new Promise<void>((resolve) => {
    setTimeout(() => resolve(), ms);
  });
}
export async function run(id: number, jobs: { enqueue(id: number): void }) {
  jobs.enqueue(id);
  await wait(500);
  return prisma.user.findUnique({ where: { id } });
}`,
      errors: [{ messageId: 'fixedDelay', line: 10, column: 3, suggestions: [] }],
    },
    {
      // top-level-script
      code: "import { sleep } from './lib/sleep';\n" + header + `await prisma.user.deleteMany({ where: { email: { endsWith: '@test.dev' } } });
await sleep(2000);
await fetch('https://search.example.com/reindex', { method: 'POST' });`,
      errors: [{ messageId: 'fixedDelay', line: 5, column: 1, suggestions: [] }],
    },
    {
      // commonjs-require
      code: "const { setTimeout: sleep } = require('node:timers/promises');\n" + header + `async function run(id, producer) {
  await producer.send({ topic: 'user', messages: [{ value: String(id) }] });
  await sleep(1000);
  return prisma.user.findUnique({ where: { id } });
}
module.exports = { run };`,
      errors: [{ messageId: 'fixedDelay', line: 6, column: 3, suggestions: [] }],
    },
    {
      // class-method
      code: header + `import { sleep } from '@/lib/sleep';
export class UserService {
  constructor(private readonly events: { emit(name: string, id: number): boolean }) {}
  async rename(id: number, email: string) {
    await prisma.user.update({ where: { id }, data: { email } });
    this.events.emit('user.renamed', id);
    await sleep(250);
    return prisma.user.findUnique({ where: { id } });
  }
}`,
      errors: [{ messageId: 'fixedDelay', line: 9, column: 5, suggestions: [] }],
    },
  ],
});
