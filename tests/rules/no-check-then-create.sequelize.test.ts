import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

// Patron.email is unique (Patron.init); Stamp.code is not (sequelize.define).
const header = `import { Op, Transaction, UniqueConstraintError } from 'sequelize';
import { Patron, Stamp, sequelize } from './src/sequelize/models';
`;
const catchTest = "error instanceof Object && 'name' in error && error.name === 'SequelizeUniqueConstraintError'";

ruleTester.run('no-check-then-create (sequelize)', rule, {
  valid: [
    // findOrCreate checks and creates in one call
    header + `export async function stampFor(code: string) {
  const [stamp] = await Stamp.findOrCreate({ where: { code }, defaults: { amount: 1 } });
  return stamp;
}`,
    // bulkCreate that skips duplicates
    header + `export async function join(email: string) {
  const found = await Patron.findOne({ where: { email } });
  if (!found) await Patron.bulkCreate([{ email }], { ignoreDuplicates: true });
}`,
    // upsert
    header + `export async function join(email: string, name: string) {
  if (!(await Patron.findOne({ where: { email } }))) await Patron.upsert({ email, name });
}`,
    // unique e-mail and the unique violation handled
    header + `export async function join(email: string, name: string) {
  const found = await Patron.findOne({ where: { email } });
  if (found) return found;
  try {
    return await Patron.create({ email, name });
  } catch (error) {
    if (error instanceof UniqueConstraintError) return Patron.findOne({ where: { email } });
    throw error;
  }
}`,
    // a serializable transaction
    header + `export async function stamp(code: string) {
  await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (t) => {
    const taken = await Stamp.count({ where: { code }, transaction: t });
    if (taken === 0) await Stamp.create({ code, amount: 1 }, { transaction: t });
  });
}`,
    // an unmanaged serializable transaction
    header + `export async function stamp(code: string) {
  const t = await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE });
  const found = await Stamp.findOne({ where: { code }, transaction: t });
  if (!found) await Stamp.create({ code, amount: 1 }, { transaction: t });
  await t.commit();
}`,
    // a row lock on the patron serialises the patron's stamps
    header + `export async function stamp(patronId: number, code: string) {
  await sequelize.transaction(async (t) => {
    await Patron.findByPk(patronId, { lock: t.LOCK.UPDATE, transaction: t });
    const found = await Stamp.findOne({ where: { code, patronId }, transaction: t });
    if (!found) await Stamp.create({ code, patronId }, { transaction: t });
  });
}`,
    // a lock on the checked rows, where the dialect is unknown: given the benefit of the doubt
    {
      code: header + `export async function stamp(code: string) {
  await sequelize.transaction(async (t) => {
    const found = await Stamp.findOne({ where: { code }, lock: Transaction.LOCK.UPDATE, transaction: t });
    if (!found) await Stamp.create({ code, amount: 1 }, { transaction: t });
  });
}`,
      filename: fixtureFile('bare'),
    },
    // the check reads another model than the create writes
    header + `export async function stamp(email: string) {
  const patron = await Patron.findOne({ where: { email } });
  if (!patron) throw new Error('unknown patron');
  await Stamp.create({ code: email, amount: 1 });
}`,
    // the create does not depend on the check
    header + `export async function stamp(code: string) {
  const before = await Stamp.count({ where: { code } });
  await Stamp.create({ code, amount: 1 });
  return before;
}`,
    // an Op.or filter names no single key
    header + `export async function stamp(code: string, amount: number) {
  const found = await Stamp.findOne({ where: { [Op.or]: [{ code }, { amount }] } });
  if (!found) await Stamp.create({ code, amount });
}`,
    // in-memory and synchronous: no other request can run in between
    `export function remember(seen: Set<string>, code: string) {
  if (!seen.has(code)) seen.add(code);
}`,
    // TypeORM Active Record look-alike: \`create\` only builds the entity, \`save\` is not Sequelize's
    `import { Ticket } from './ticket';
export async function open(seat: string) {
  if (await Ticket.findOne({ where: { seat } })) return;
  const ticket = Ticket.create({ seat });
  await ticket.save();
}`,
    // the check throws when nothing is found: the save updates the instance it found
    header + `export async function top(code: string) {
  let stamp = await Stamp.findOne({ where: { code } });
  if (!stamp) throw new Error('unknown stamp');
  stamp.amount = 2;
  await stamp.save();
}`,
    // the fallback is another read: every path saves a loaded instance
    header + `export async function top(code: string) {
  let stamp = await Stamp.findOne({ where: { code } });
  if (!stamp) stamp = await Stamp.findByPk(1);
  if (stamp) await stamp.save();
}`,
    // the instance is built either way; the check only feeds a field of it
    header + `export async function log(code: string) {
  const found = await Stamp.findOne({ where: { code } });
  const stamp = Stamp.build({ code, amount: found ? 0 : 1 });
  await stamp.save();
}`,
    // the built instance never reaches the save
    header + `export async function top(code: string) {
  let stamp = await Stamp.findOne({ where: { code } });
  if (!stamp) {
    stamp = Stamp.build({ code });
    return stamp;
  }
  stamp.amount = 2;
  await stamp.save();
}`,
  ],
  invalid: [
    {
      // unique e-mail, violation not handled; the created record is returned
      code: header + `export async function join(email: string, name: string) {
  const existing = await Patron.findOne({ where: { email } });
  if (existing) throw new Error('already a patron');
  const patron = await Patron.create({ email, name });
  return patron.id;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 24,
          data: {
            race: 'Two concurrent calls can both run `Patron.findOne` (line 4) and find no Patron with this email before either runs `Patron.create` (line 6)',
            constraint: 'The unique constraint unique: true on Patron.email (src/sequelize/models.ts)',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`findOrCreate`' },
              output: header + `export async function join(email: string, name: string) {
  const existing = await Patron.findOne({ where: { email } });
  if (existing) throw new Error('already a patron');
  const patron = await Patron.findOrCreate({ where: { email }, defaults: { email, name } }).then(([record]) => record);
  return patron.id;
}`,
            },
          ],
        },
      ],
    },
    {
      // a count decides; the transaction runs at the default isolation level, and the option is kept
      code: header + `export async function stamp(code: string) {
  await sequelize.transaction(async (t) => {
    const taken = await Stamp.count({ where: { code, deletedAt: null }, transaction: t });
    if (taken > 0) return;
    await Stamp.create({ code, amount: 1 }, { transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 11,
          data: {
            race: 'Two concurrent calls can both run `Stamp.count` (line 5) and find no Stamp with this code before either runs `Stamp.create` (line 7)',
            schema: 'No unique constraint on Stamp (code) was found in src/sequelize/models.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`findOrCreate`, after adding a unique constraint on Stamp (code)' },
              output: header + `export async function stamp(code: string) {
  await sequelize.transaction(async (t) => {
    const taken = await Stamp.count({ where: { code, deletedAt: null }, transaction: t });
    if (taken > 0) return;
    await Stamp.findOrCreate({ where: { code, deletedAt: null }, defaults: { code, amount: 1 }, transaction: t });
  });
}`,
            },
            {
              messageId: 'catchConflict',
              data: {
                code: 'UniqueConstraintError / SequelizeUniqueConstraintError',
                requirement: ', after adding a unique constraint on Stamp (code)',
              },
              output: header + `export async function stamp(code: string) {
  await sequelize.transaction(async (t) => {
    const taken = await Stamp.count({ where: { code, deletedAt: null }, transaction: t });
    if (taken > 0) return;
    try {
      await Stamp.create({ code, amount: 1 }, { transaction: t });
    } catch (error) {
      if (!(${catchTest})) throw error;
      return;
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // sequelize-cli's \`db\` object, no Sequelize import: findAll shows \`db.Stamp\` is a model
      code: `const db = require('./models');
export async function stamp(code: string) {
  const found = await db.Stamp.findAll({ where: { code } });
  if (found.length === 0) {
    await db.Stamp.create({ code, amount: 1 });
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `const db = require('./models');
export async function stamp(code: string) {
  const found = await db.Stamp.findAll({ where: { code } });
  if (found.length === 0) {
    await db.Stamp.findOrCreate({ where: { code }, defaults: { code, amount: 1 } });
  }
}`,
            },
            {
              messageId: 'catchConflict',
              output: `const db = require('./models');
export async function stamp(code: string) {
  const found = await db.Stamp.findAll({ where: { code } });
  if (found.length === 0) {
    try {
      await db.Stamp.create({ code, amount: 1 });
    } catch (error) {
      if (!(${catchTest})) throw error;
      // Another request created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // an instance built, filled in and saved; the model reached through sequelize.models
      code: `import { sequelize } from './db';
export async function stamp(code: string) {
  const Stamps = sequelize.models.Stamp;
  if (await Stamps.findOne({ where: { code } })) return;
  const stamp = Stamps.build({ code });
  stamp.amount = 2;
  await stamp.save();
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import { sequelize } from './db';
export async function stamp(code: string) {
  const Stamps = sequelize.models.Stamp;
  if (await Stamps.findOne({ where: { code } })) return;
  const stamp = Stamps.build({ code });
  stamp.amount = 2;
  try {
    await stamp.save();
  } catch (error) {
    if (!(${catchTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a primary-key lookup is unique by itself; NestJS model injected as \`typeof Ticket\`
      code: `import { InjectModel } from '@nestjs/sequelize';
import { Ticket } from './ticket';
export class TicketService {
  constructor(@InjectModel(Ticket) private readonly tickets: typeof Ticket) {}
  async open(id: number, seat: string) {
    const ticket = await this.tickets.findByPk(id);
    if (!ticket) await this.tickets.create({ id, seat });
  }
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 7,
          column: 24,
          data: {
            race: 'Two concurrent calls can both run `this.tickets.findByPk` (line 6) and find no Ticket with this id before either runs `this.tickets.create` (line 7)',
            constraint: 'The unique key that `this.tickets.findByPk` relies on',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import { InjectModel } from '@nestjs/sequelize';
import { Ticket } from './ticket';
export class TicketService {
  constructor(@InjectModel(Ticket) private readonly tickets: typeof Ticket) {}
  async open(id: number, seat: string) {
    const ticket = await this.tickets.findByPk(id);
    if (!ticket) try {
      await this.tickets.create({ id, seat });
    } catch (error) {
      if (!(${catchTest})) throw error;
      // Another request created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // no schema anywhere: the message says so
      code: `import { Model } from 'sequelize';
class Seat extends Model {}
export async function reserve(row: string) {
  const taken = await Seat.findOne({ where: { row } });
  return taken ?? (await Seat.create({ row }));
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 26,
          data: {
            race: 'Two concurrent calls can both run `Seat.findOne` (line 4) and find no Seat with this row before either runs `Seat.create` (line 5)',
            schema:
              'No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate Seat (row).',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { Model } from 'sequelize';
class Seat extends Model {}
export async function reserve(row: string) {
  const taken = await Seat.findOne({ where: { row } });
  return taken ?? (await Seat.findOrCreate({ where: { row }, defaults: { row } }).then(([record]) => record));
}`,
            },
          ],
        },
      ],
    },
    {
      // find or build, then one save after the branch: the save inserts when the find came back
      // empty. No \`findOrCreate\` rewrite: where the stamp was found, the save updates it.
      code: header + `export async function top(code: string) {
  let stamp = await Stamp.findOne({ where: { code } });
  if (!stamp) stamp = Stamp.build({ code, amount: 0 });
  stamp.amount += 1;
  await stamp.save();
  return stamp;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `Stamp.findOne` (line 4) and find no Stamp with this code before either runs `stamp.save` (line 7)',
            schema: 'No unique constraint on Stamp (code) was found in src/sequelize/models.ts.',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              data: {
                code: 'UniqueConstraintError / SequelizeUniqueConstraintError',
                requirement: ', after adding a unique constraint on Stamp (code)',
              },
              output: header + `export async function top(code: string) {
  let stamp = await Stamp.findOne({ where: { code } });
  if (!stamp) stamp = Stamp.build({ code, amount: 0 });
  stamp.amount += 1;
  try {
    await stamp.save();
  } catch (error) {
    if (!(${catchTest})) throw error;
    // Another request created it first.
  }
  return stamp;
}`,
            },
          ],
        },
      ],
    },
    {
      // the same with \`??\` on the unique e-mail: the unique violation is not handled
      code: header + `export async function join(email: string, name: string) {
  const patron = (await Patron.findOne({ where: { email } })) ?? Patron.build({ email });
  patron.name = name;
  await patron.save();
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `Patron.findOne` (line 4) and find no Patron with this email before either runs `patron.save` (line 6)',
            constraint: 'The unique constraint unique: true on Patron.email (src/sequelize/models.ts)',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'UniqueConstraintError / SequelizeUniqueConstraintError', requirement: '' },
              output: header + `export async function join(email: string, name: string) {
  const patron = (await Patron.findOne({ where: { email } })) ?? Patron.build({ email });
  patron.name = name;
  try {
    await patron.save();
  } catch (error) {
    if (!(${catchTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
