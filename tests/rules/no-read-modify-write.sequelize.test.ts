import rule from '../../src/rules/no-read-modify-write.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

// Player and Post are models with an `id` primary key (src/sequelize/ledger.ts).
const header = `import { Op, Transaction } from 'sequelize';
import { Player, Post, sequelize } from './src/sequelize/ledger';
`;
const withoutTransaction = `import { Player, sequelize } from './src/sequelize/ledger';
`;
const required = `const { Player, sequelize } = require('./src/sequelize/ledger');
`;

ruleTester.run('no-read-modify-write (sequelize)', rule, {
  valid: [
    // atomic increment, nothing read
    header + `export async function like(id: number) {
  await Post.increment('likes', { where: { id } });
}`,
    // the read only checks existence; the instance increments in the database
    header + `export async function view(id: number) {
  const post = await Post.findByPk(id);
  if (!post) return null;
  return post.increment('views');
}`,
    // literal SQL computes the new value
    header + `export async function like(id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  await post.update({ likes: sequelize.literal('likes + 1') });
}`,
    // permission check; the written value comes from the input
    header + `export async function retitle(id: number, userId: number, title: string) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  if (post.get('authorId') !== userId) throw new Error('forbidden');
  post.title = title;
  await post.save();
}`,
    // a row lock taken with the read, inside the transaction
    header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!player || player.credits < cost) throw new Error('not enough credits');
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}`,
    // `lock: true` is FOR UPDATE too
    header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (transaction) => {
    const player = await Player.findOne({ where: { id }, transaction, lock: true });
    if (!player) return;
    await player.update({ credits: player.credits - cost }, { transaction });
  });
}`,
    // SERIALIZABLE: the second transaction fails to commit
    header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    if (!player) return;
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}`,
    // an unmanaged SERIALIZABLE transaction
    header + `export async function spend(id: number, cost: number) {
  const t = await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE });
  const player = await Player.findByPk(id, { transaction: t, rejectOnEmpty: true });
  await Player.update({ credits: player.credits - cost }, { where: { id }, transaction: t });
  await t.commit();
}`,
    // conditional update: the stale value is in the WHERE and the count is checked
    header + `export async function spend(id: number, cost: number) {
  const player = await Player.findByPk(id, { rejectOnEmpty: true });
  const [count] = await Player.update({ credits: player.credits - cost }, { where: { id, credits: player.credits } });
  return count > 0;
}`,
    // optimistic version check, count checked
    header + `export async function levelUp(id: number) {
  const player = await Player.findByPk(id, { rejectOnEmpty: true });
  const [count] = await Player.update(
    { level: player.level + 1, version: player.version + 1 },
    { where: { id, version: player.version } },
  );
  if (count === 0) throw new Error('changed meanwhile, retry');
}`,
    // conditional decrement with the guard in the WHERE
    header + `export async function spend(id: number, cost: number) {
  const player = await Player.findByPk(id, { rejectOnEmpty: true });
  if (player.credits < cost) throw new Error('not enough credits');
  const [, count] = await Player.decrement('credits', { by: cost, where: { id, credits: { [Op.gte]: cost } } });
  if (!count) throw new Error('not enough credits');
}`,
    // another record: read one player, credit another
    header + `export async function gift(fromId: number, toId: number) {
  const from = await Player.findByPk(fromId, { rejectOnEmpty: true });
  await Player.update({ credits: from.credits + 10 }, { where: { id: toId } });
}`,
    // an in-memory score board is not shared state
    header + `const scores = new Map<number, { best: number }>();
export async function record(id: number, score: number) {
  const player = await Player.findByPk(id, { rejectOnEmpty: true });
  const entry = scores.get(player.id) ?? { best: 0 };
  entry.best = Math.max(entry.best, score);
  scores.set(player.id, entry);
}`,
    // request-scoped session state
    header + `export async function countVisit(req: { session: { views: number; save(): Promise<void> } }, id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  req.session.views += 1;
  await req.session.save();
  return post;
}`,
  ],
  invalid: [
    {
      // instance mutate and save
      code: header + `export async function spend(id: number, cost: number) {
  const player = await Player.findByPk(id);
  if (!player) throw new Error('no player');
  player.credits -= cost;
  await player.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function spend(id: number, cost: number) {
  const player = await Player.findByPk(id);
  if (!player) throw new Error('no player');
  player.credits -= cost;
  await player.decrement('credits', { by: cost });
}` },
          ],
        },
      ],
    },
    {
      // instance update computed from the read
      code: header + `export async function view(id: number) {
  const post = await Post.findByPk(id);
  if (!post) return;
  await post.update({ views: post.views + 1 });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function view(id: number) {
  const post = await Post.findByPk(id);
  if (!post) return;
  await post.increment('views');
}` },
          ],
        },
      ],
    },
    {
      // static update computed from the read
      code: header + `export async function like(id: number) {
  const post = await Post.findOne({ where: { id } });
  if (!post) return;
  await Post.update({ likes: post.likes + 1 }, { where: { id } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function like(id: number) {
  const post = await Post.findOne({ where: { id } });
  if (!post) return;
  await Post.increment('likes', { where: { id } });
}` },
          ],
        },
      ],
    },
    {
      // set() then save()
      code: header + `export async function view(id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  post.set('views', post.views + 2);
  return post.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 10,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function view(id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  post.set('views', post.views + 2);
  return post.increment('views', { by: 2 });
}` },
          ],
        },
      ],
    },
    {
      // oversell: an atomic decrement decided by a stale check
      code: header + `export async function spend(id: number, cost: number) {
  const player = await Player.findByPk(id, { rejectOnEmpty: true });
  if (player.credits < cost) throw new Error('not enough credits');
  await player.decrement('credits', { by: cost });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a managed transaction at the default level
      code: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    if (!player) throw new Error('no player');
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    if (!player) throw new Error('no player');
    player.credits -= cost;
    await player.decrement('credits', { by: cost, transaction: t });
  });
}` },
            { messageId: 'lockRead', output: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!player) throw new Error('no player');
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    if (!player) throw new Error('no player');
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}` },
          ],
        },
      ],
    },
    {
      // the read is not given the transaction: the lock passes it too
      code: header + `export async function spend(id: number, cost: number) {
  return sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id);
    if (!player) throw new Error('no player');
    await player.update({ credits: player.credits - cost }, { transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function spend(id: number, cost: number) {
  return sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id);
    if (!player) throw new Error('no player');
    await player.decrement('credits', { by: cost, transaction: t });
  });
}` },
            { messageId: 'lockRead', output: header + `export async function spend(id: number, cost: number) {
  return sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!player) throw new Error('no player');
    await player.update({ credits: player.credits - cost }, { transaction: t });
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function spend(id: number, cost: number) {
  return sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (t) => {
    const player = await Player.findByPk(id);
    if (!player) throw new Error('no player');
    await player.update({ credits: player.credits - cost }, { transaction: t });
  });
}` },
          ],
        },
      ],
    },
    {
      // READ COMMITTED and a stale check: the level is replaced
      code: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, async (transaction) => {
    const player = await Player.findByPk(id, { transaction });
    if (!player || player.credits < cost) return;
    await player.decrement('credits', { by: cost, transaction });
  });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 11,
          suggestions: [
            { messageId: 'lockRead', output: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, async (transaction) => {
    const player = await Player.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!player || player.credits < cost) return;
    await player.decrement('credits', { by: cost, transaction });
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function spend(id: number, cost: number) {
  await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (transaction) => {
    const player = await Player.findByPk(id, { transaction });
    if (!player || player.credits < cost) return;
    await player.decrement('credits', { by: cost, transaction });
  });
}` },
          ],
        },
      ],
    },
    {
      // an unmanaged transaction and two counters: one increment
      code: header + `export async function buyLevel(id: number, cost: number) {
  const t = await sequelize.transaction();
  const player = await Player.findByPk(id, { transaction: t });
  if (!player) throw new Error('no player');
  player.credits -= cost;
  player.level += 1;
  await player.save({ transaction: t });
  await t.commit();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function buyLevel(id: number, cost: number) {
  const t = await sequelize.transaction();
  const player = await Player.findByPk(id, { transaction: t });
  if (!player) throw new Error('no player');
  player.credits -= cost;
  player.level += 1;
  await player.increment({ credits: -cost, level: 1 }, { transaction: t });
  await t.commit();
}` },
            { messageId: 'lockRead', output: header + `export async function buyLevel(id: number, cost: number) {
  const t = await sequelize.transaction();
  const player = await Player.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!player) throw new Error('no player');
  player.credits -= cost;
  player.level += 1;
  await player.save({ transaction: t });
  await t.commit();
}` },
          ],
        },
      ],
    },
    {
      // without Transaction imported, a TypeScript file gets no isolation level it would reject
      code: withoutTransaction + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, rejectOnEmpty: true });
    await Player.update({ credits: player.credits - cost }, { where: { id }, transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: withoutTransaction + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, rejectOnEmpty: true });
    await Player.decrement('credits', { by: cost, where: { id }, transaction: t });
  });
}` },
            { messageId: 'lockRead', output: withoutTransaction + `export async function spend(id: number, cost: number) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, rejectOnEmpty: true, lock: t.LOCK.UPDATE });
    await Player.update({ credits: player.credits - cost }, { where: { id }, transaction: t });
  });
}` },
          ],
        },
      ],
    },
    {
      // JavaScript takes the level by its name
      code: required + `async function spend(id, cost) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}
module.exports = { spend };`,
      filename: fixtureFile('project', 'routes.js'),
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: required + `async function spend(id, cost) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    player.credits -= cost;
    await player.decrement('credits', { by: cost, transaction: t });
  });
}
module.exports = { spend };` },
            { messageId: 'lockRead', output: required + `async function spend(id, cost) {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}
module.exports = { spend };` },
            { messageId: 'useSerializable', output: required + `async function spend(id, cost) {
  await sequelize.transaction({ isolationLevel: 'SERIALIZABLE' }, async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}
module.exports = { spend };` },
          ],
        },
      ],
    },
    {
      // the static update result is used: it stays an update
      code: header + `export async function like(id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  const [count] = await Post.update({ likes: post.likes + 1 }, { where: { id } });
  return count;
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 25,
          suggestions: [],
        },
      ],
    },
    {
      // the save also writes a field from the input
      code: header + `export async function rename(id: number, title: string) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  post.title = title;
  post.views += 1;
  await post.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // array append
      code: header + `export async function tag(id: number, label: string) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  await post.update({ tags: [...post.tags, label] });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // conditional update whose count nobody checks
      code: header + `export async function spend(id: number, cost: number) {
  const player = await Player.findByPk(id, { rejectOnEmpty: true });
  await Player.update({ credits: player.credits - cost }, { where: { id, credits: player.credits } });
}`,
      errors: [
        {
          messageId: 'uncheckedConditional',
          line: 5,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // an attribute read through get(), written back computed
      code: header + `export async function like(id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  await Post.update({ likes: post.get('likes') + 1 }, { where: { id } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function like(id: number) {
  const post = await Post.findByPk(id, { rejectOnEmpty: true });
  await Post.increment('likes', { where: { id } });
}` },
          ],
        },
      ],
    },
  ],
});
