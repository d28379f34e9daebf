import rule from '../../src/rules/no-check-then-create.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

// Customer.email is unique (`unique: true`), Promo.code is not: tests/fixtures/project/src/mongoose/models.ts
const models = "import { Customer, Promo } from './src/mongoose/models.js';\n";
const duplicateKey = "error instanceof Object && 'code' in error && error.code === 11000";

ruleTester.run('no-check-then-create (mongoose)', rule, {
  valid: [
    // findOneAndUpdate with upsert is the atomic form
    models + `export async function register(email: string) {
  const existing = await Customer.findOne({ email });
  if (existing) return existing;
  return Customer.findOneAndUpdate({ email }, { $setOnInsert: { email } }, { upsert: true, returnDocument: 'after' });
}`,
    // unique index on Customer.email and the duplicate-key error handled
    models + `export async function register(email: string) {
  const existing = await Customer.findOne({ email });
  if (existing) return existing;
  try {
    return await Customer.create({ email });
  } catch (error) {
    if (${duplicateKey}) return Customer.findOne({ email });
    throw error;
  }
}`,
    // … or handled in a chained catch
    models + `export async function register(email: string) {
  if (await Customer.exists({ email })) return null;
  return Customer.create({ email }).catch((error: { message: string }) => {
    if (error.message.includes('E11000')) return null;
    throw error;
  });
}`,
    // the check reads another model than the create writes
    models + `export async function grant(code: string, email: string) {
  const customer = await Customer.findOne({ email });
  if (!customer) throw new Error('no customer');
  return Promo.create({ code, discount: 5 });
}`,
    // the create does not depend on the check
    models + `export async function log(code: string) {
  const before = await Promo.countDocuments({ code });
  await Promo.create({ code });
  return before;
}`,
    // save() on a loaded document updates it, and a document built but not saved writes nothing
    models + `export async function use(code: string) {
  const promo = await Promo.findOne({ code });
  if (promo) {
    promo.uses = 1;
    await promo.save();
  }
  if (!promo) return new Promo({ code });
  return promo;
}`,
    // an atomic $inc after the check is not a create
    models + `export async function bump(code: string) {
  const promo = await Promo.findOne({ code });
  if (promo) await Promo.updateOne({ code }, { $inc: { uses: 1 } });
}`,
    // in-memory collections and globals are not models
    `import mongoose from 'mongoose';
export function remember(list: { code: string }[], code: string) {
  if (!list.find((item) => item.code === code)) list.push(Object.create({ code }));
  return mongoose;
}`,
    // model-shaped calls on what is not known as a Mongoose model: a SQL table (accounts, with an
    // \`id\` primary key, not \`_id\`) and a parameter of unknown type
    `import { Account } from './models.js';
export async function register(email: string) {
  const existing = await Account.findOne({ email });
  if (existing) return existing;
  return Account.create({ email });
}`,
    `export async function register(accounts: { findOne(f: object): unknown; create(d: object): unknown }, email: string) {
  const existing = await accounts.findOne({ email });
  if (!existing) await accounts.create({ email });
}`,
    // an operator filter names no key to compare with the create
    models + `export async function createPromo(code: string) {
  const existing = await Promo.findOne({ $or: [{ code }, { alias: code }] });
  if (!existing) await Promo.create({ code });
}`,
    // the check throws when nothing is found: the save updates the document it found
    models + `export async function use(code: string) {
  let promo = await Promo.findOne({ code });
  if (!promo) throw new Error('unknown promo');
  promo.uses += 1;
  await promo.save();
}`,
    // the fallback is another read: every path saves a loaded document
    models + `export async function use(code: string) {
  let promo = await Promo.findOne({ code });
  if (!promo) promo = await Promo.findOne({ code: 'default' }).orFail();
  promo.uses += 1;
  await promo.save();
}`,
    // the document is built either way; the check only feeds a field of it
    models + `export async function log(code: string) {
  const existing = await Promo.findOne({ code });
  const promo = new Promo({ code, discount: existing ? 0 : 10 });
  await promo.save();
}`,
    // find-or-build in memory: a per-process map is not shared state
    `export async function touch(cache: Map<string, { code: string; uses: number }>, code: string) {
  let entry = cache.get(code);
  if (!entry) entry = { code, uses: 0 };
  entry.uses += 1;
  await Promise.resolve();
  cache.set(code, entry);
}`,
  ],
  invalid: [
    {
      code: models + `export async function createPromo(code: string) {
  const existing = await Promo.findOne({ code });
  if (existing) throw new Error('taken');
  return Promo.create({ code, discount: 10 });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 10,
          data: {
            race: 'Two concurrent calls can both run `Promo.findOne` (line 3) and find no Promo with this code before either runs `Promo.create` (line 5)',
            schema: 'No unique constraint on Promo (code) was found in src/mongoose/models.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`findOneAndUpdate` with `$setOnInsert` and `upsert: true`, backed by a unique index on Promo (code)' },
              output: models + `export async function createPromo(code: string) {
  const existing = await Promo.findOne({ code });
  if (existing) throw new Error('taken');
  return Promo.findOneAndUpdate({ code }, { $setOnInsert: { code, discount: 10 } }, { upsert: true, returnDocument: 'after' });
}`,
            },
            {
              messageId: 'catchConflict',
              output: models + `export async function createPromo(code: string) {
  const existing = await Promo.findOne({ code });
  if (existing) throw new Error('taken');
  try {
    return await Promo.create({ code, discount: 10 });
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // the unique index stops the duplicate, but the loser gets an unhandled E11000
      code: models + `export async function register(email: string) {
  if (await Customer.exists({ email })) return null;
  return Customer.create({ email, name: 'x' });
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 4,
          column: 10,
          data: {
            race: 'Two concurrent calls can both run `Customer.exists` (line 3) and find no Customer with this email before either runs `Customer.create` (line 4)',
            constraint: 'The unique constraint unique: true on Customer.email (src/mongoose/models.ts)',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`findOneAndUpdate` with `$setOnInsert` and `upsert: true`' },
              output: models + `export async function register(email: string) {
  if (await Customer.exists({ email })) return null;
  return Customer.findOneAndUpdate({ email }, { $setOnInsert: { email, name: 'x' } }, { upsert: true, returnDocument: 'after' });
}`,
            },
            {
              messageId: 'catchConflict',
              output: models + `export async function register(email: string) {
  if (await Customer.exists({ email })) return null;
  try {
    return await Customer.create({ email, name: 'x' });
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    return null;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // new Model(doc).save() inserts
      code: models + `export async function createPromo(code: string) {
  if ((await Promo.countDocuments({ code })) > 0) throw new Error('taken');
  await new Promo({ code, discount: 10 }).save();
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: models + `export async function createPromo(code: string) {
  if ((await Promo.countDocuments({ code })) > 0) throw new Error('taken');
  await Promo.findOneAndUpdate({ code }, { $setOnInsert: { code, discount: 10 } }, { upsert: true, returnDocument: 'after' });
}`,
            },
            {
              messageId: 'catchConflict',
              output: models + `export async function createPromo(code: string) {
  if ((await Promo.countDocuments({ code })) > 0) throw new Error('taken');
  try {
    await new Promo({ code, discount: 10 }).save();
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a document built, filled in and saved later; the query helpers after findOne are read through
      code: models + `export async function createPromo(code: string, discount: number) {
  const existing = await Promo.findOne({ code }).lean().exec();
  if (existing) throw new Error('taken');
  const promo = new Promo({ code });
  promo.discount = discount;
  await promo.save();
  return promo;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `Promo.findOne` (line 3) and find no Promo with this code before either runs `promo.save` (line 7)',
            schema: 'No unique constraint on Promo (code) was found in src/mongoose/models.ts.',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: models + `export async function createPromo(code: string, discount: number) {
  const existing = await Promo.findOne({ code }).lean().exec();
  if (existing) throw new Error('taken');
  const promo = new Promo({ code });
  promo.discount = discount;
  try {
    await promo.save();
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    throw new Error('taken');
  }
  return promo;
}`,
            },
          ],
        },
      ],
    },
    {
      // a MongoDB transaction reads a snapshot: both transactions see no promo and both insert
      code: `import mongoose from 'mongoose';
${models}export async function createPromo(code: string) {
  const session = await mongoose.startSession();
  await session.withTransaction(async () => {
    const existing = await Promo.findOne({ code }).session(session);
    if (existing) throw new Error('taken');
    await Promo.create([{ code, discount: 10 }], { session });
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import mongoose from 'mongoose';
${models}export async function createPromo(code: string) {
  const session = await mongoose.startSession();
  await session.withTransaction(async () => {
    const existing = await Promo.findOne({ code }).session(session);
    if (existing) throw new Error('taken');
    try {
      await Promo.create([{ code, discount: 10 }], { session });
    } catch (error) {
      if (!(${duplicateKey})) throw error;
      throw new Error('taken');
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // connection.transaction() is a snapshot too; findById relies on the unique _id
      code: `import mongoose from 'mongoose';
${models}export async function register(email: string) {
  await mongoose.connection.transaction(async (session) => {
    const existing = await Customer.findById(email).session(session);
    if (!existing) await Customer.create([{ _id: email, email }], { session });
  });
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 26,
          data: {
            race: 'Two concurrent calls can both run `Customer.findById` (line 5) and find no Customer with this _id before either runs `Customer.create` (line 6)',
            constraint: 'The unique constraint _id on Customer (src/mongoose/models.ts)',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import mongoose from 'mongoose';
${models}export async function register(email: string) {
  await mongoose.connection.transaction(async (session) => {
    const existing = await Customer.findById(email).session(session);
    if (!existing) try {
      await Customer.create([{ _id: email, email }], { session });
    } catch (error) {
      if (!(${duplicateKey})) throw error;
      // Another request created it first.
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // NestJS: a model injected with @InjectModel; the create's options are kept
      code: `import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
export class PromoService {
  constructor(@InjectModel('Promo') private readonly promoModel: Model<{ code: string }>) {}
  async create(code: string) {
    const existing = await this.promoModel.findOne({ code });
    if (existing) throw new Error('taken');
    return this.promoModel.create({ code }, { validateBeforeSave: true });
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 12,
          data: {
            race: 'Two concurrent calls can both run `this.promoModel.findOne` (line 6) and find no promo with this code before either runs `this.promoModel.create` (line 8)',
            schema: 'No unique constraint on Promo (code) was found in src/mongoose/models.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
export class PromoService {
  constructor(@InjectModel('Promo') private readonly promoModel: Model<{ code: string }>) {}
  async create(code: string) {
    const existing = await this.promoModel.findOne({ code });
    if (existing) throw new Error('taken');
    return this.promoModel.findOneAndUpdate({ code }, { $setOnInsert: { code } }, { validateBeforeSave: true, upsert: true, returnDocument: 'after' });
  }
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
export class PromoService {
  constructor(@InjectModel('Promo') private readonly promoModel: Model<{ code: string }>) {}
  async create(code: string) {
    const existing = await this.promoModel.findOne({ code });
    if (existing) throw new Error('taken');
    try {
      return await this.promoModel.create({ code }, { validateBeforeSave: true });
    } catch (error) {
      if (!(${duplicateKey})) throw error;
      throw new Error('taken');
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a model defined beside its use; insertMany with ordered: false still inserts
      code: `import { Schema, model } from 'mongoose';
const Invite = model('Invite', new Schema({ token: String, email: String }));
export async function invite(token: string, email: string) {
  const found = await Invite.find({ token, status: { $in: ['open', 'sent'] } });
  if (found.length === 0) await Invite.insertMany([{ token, email }], { ordered: false });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 33,
          data: {
            race: 'Two concurrent calls can both run `Invite.find` (line 4) and find no Invite with this token before either runs `Invite.insertMany` (line 5)',
            schema: 'No unique constraint on Invite (token) was found in file.ts.',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import { Schema, model } from 'mongoose';
const Invite = model('Invite', new Schema({ token: String, email: String }));
export async function invite(token: string, email: string) {
  const found = await Invite.find({ token, status: { $in: ['open', 'sent'] } });
  if (found.length === 0) try {
    await Invite.insertMany([{ token, email }], { ordered: false });
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // find or build, then one save after the branch: the save inserts when the find came back
      // empty. No \`findOneAndUpdate\` rewrite: where the promo was found, the save updates it.
      code: models + `export async function touch(code: string) {
  let promo = await Promo.findOne({ code });
  if (!promo) promo = new Promo({ code, discount: 10 });
  promo.uses += 1;
  await promo.save();
  return promo;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `Promo.findOne` (line 3) and find no Promo with this code before either runs `promo.save` (line 6)',
            schema: 'No unique constraint on Promo (code) was found in src/mongoose/models.ts.',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: '11000 / E11000', requirement: ', after adding a unique constraint on Promo (code)' },
              output: models + `export async function touch(code: string) {
  let promo = await Promo.findOne({ code });
  if (!promo) promo = new Promo({ code, discount: 10 });
  promo.uses += 1;
  try {
    await promo.save();
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    // Another request created it first.
  }
  return promo;
}`,
            },
          ],
        },
      ],
    },
    {
      // the same with \`??\` on the unique e-mail: the duplicate-key error is not handled
      code: models + `export async function visit(email: string) {
  const customer = (await Customer.findOne({ email })) ?? new Customer({ email });
  customer.visits = (customer.visits ?? 0) + 1;
  await customer.save();
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 5,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `Customer.findOne` (line 3) and find no Customer with this email before either runs `customer.save` (line 5)',
            constraint: 'The unique constraint unique: true on Customer.email (src/mongoose/models.ts)',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: '11000 / E11000', requirement: '' },
              output: models + `export async function visit(email: string) {
  const customer = (await Customer.findOne({ email })) ?? new Customer({ email });
  customer.visits = (customer.visits ?? 0) + 1;
  try {
    await customer.save();
  } catch (error) {
    if (!(${duplicateKey})) throw error;
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

// A model known only by its type: no mongoose import, no schema declares `vouchers`.
const typedModel = `interface Model<T> {
  findOne(filter: Partial<T>): Promise<T | null>;
  create(doc: T): Promise<T>;
}
declare const vouchers: Model<{ code: string }>;
export async function issue(code: string) {
  const existing = await vouchers.findOne({ code });
  if (existing) throw new Error('taken');
  return vouchers.create({ code });
}`;

ruleTester.run('no-check-then-create (mongoose, untyped)', rule, { valid: [typedModel], invalid: [] });

typedRuleTester.run('no-check-then-create (mongoose, typed)', rule, {
  valid: [],
  invalid: [
    {
      code: typedModel,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 10,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: typedModel.replace(
                'vouchers.create({ code })',
                "vouchers.findOneAndUpdate({ code }, { $setOnInsert: { code } }, { upsert: true, returnDocument: 'after' })",
              ),
            },
            {
              messageId: 'catchConflict',
              output: typedModel.replace(
                '  return vouchers.create({ code });',
                `  try {
    return await vouchers.create({ code });
  } catch (error) {
    if (!(${duplicateKey})) throw error;
    throw new Error('taken');
  }`,
              ),
            },
          ],
        },
      ],
    },
  ],
});
