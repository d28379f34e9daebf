import type { Case } from '../cases.js';

const models = `import {
  DataTypes,
  Model,
  Sequelize,
  Transaction,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');

export class Player extends Model<InferAttributes<Player>, InferCreationAttributes<Player>> {
  declare id: CreationOptional<number>;
  declare credits: number;
  declare level: number;
}

Player.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    credits: { type: DataTypes.INTEGER, allowNull: false },
    level: { type: DataTypes.INTEGER, allowNull: false },
  },
  { sequelize },
);

export class Post extends Model<InferAttributes<Post>, InferCreationAttributes<Post>> {
  declare id: CreationOptional<number>;
  declare views: number;
}

Post.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    views: { type: DataTypes.INTEGER, allowNull: false },
  },
  { sequelize },
);

`;

export const cases: readonly Case[] = [
  {
    name: 'sequelize-rmw-save',
    rule: 'no-read-modify-write',
    code: `${models}
export async function spend(id: number, cost: number): Promise<Player> {
  const player = await Player.findByPk(id);
  if (!player) throw new Error('No such player');
  player.credits -= cost;
  return player.save();
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'sequelize-rmw-managed-transaction',
    rule: 'no-read-modify-write',
    code: `${models}
export async function spend(id: number, cost: number): Promise<void> {
  await sequelize.transaction(async (t) => {
    const player = await Player.findByPk(id, { transaction: t });
    if (!player) throw new Error('No such player');
    player.credits -= cost;
    await player.save({ transaction: t });
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'sequelize-rmw-instance-update',
    rule: 'no-read-modify-write',
    code: `${models}
export async function view(id: number): Promise<Post | null> {
  const post = await Post.findOne({ where: { id } });
  if (!post) return null;
  return post.update({ views: post.views + 1 });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'sequelize-rmw-read-outside-transaction',
    rule: 'no-read-modify-write',
    code: `${models}
export async function spend(id: number, cost: number): Promise<void> {
  await sequelize.transaction(async (t) => {
    const player = await Player.findOne({ where: { id } });
    if (!player) throw new Error('No such player');
    await Player.update({ credits: player.credits - cost }, { where: { id }, transaction: t });
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'sequelize-rmw-unmanaged-two-counters',
    rule: 'no-read-modify-write',
    code: `${models}
export async function buyLevel(id: number, cost: number): Promise<void> {
  const t = await sequelize.transaction();
  try {
    const player = await Player.findByPk(id, { transaction: t, rejectOnEmpty: true });
    player.credits -= cost;
    player.level += 1;
    await player.save({ transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead'],
  },
  {
    name: 'sequelize-rmw-stale-guard-read-committed',
    rule: 'no-read-modify-write',
    code: `${models}
export async function spend(id: number, cost: number): Promise<boolean> {
  return sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, async (transaction) => {
    const player = await Player.findByPk(id, { transaction });
    if (!player || player.credits < cost) return false;
    await player.decrement('credits', { by: cost, transaction });
    return true;
  });
}
`,
    report: 'staleGuard',
    suggestions: ['lockRead', 'useSerializable'],
  },
];
