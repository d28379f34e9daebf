import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

// Customer (email, name, visits) and Promo (code, uses) come from tests/fixtures/project/src/mongoose/models.ts.
const models =
  "import { Schema, model } from 'mongoose';\n" +
  "import { Customer, Promo } from './src/mongoose/models.js';\n" +
  "const Article = model('Article', new Schema({ title: String, body: String, tags: [String], authorId: String, draft: Object }));\n";

ruleTester.run('no-read-modify-write (mongoose)', rule, {
  valid: [
    // an atomic $inc needs no read
    models + `export async function visit(id: string) {
  await Customer.updateOne({ _id: id }, { $inc: { visits: 1 } });
}`,
    // findOneAndUpdate applies the change and returns the document in one statement
    models + `export async function visit(email: string) {
  const customer = await Customer.findOneAndUpdate({ email }, { $inc: { visits: 1 } }, { returnDocument: 'after' });
  return customer?.visits;
}`,
    // the read checks permission; the written value comes from the input, and save writes only the modified path
    models + `export async function rename(id: string, userId: string, input: { title: string }) {
  const article = await Article.findById(id);
  if (!article || article.authorId !== userId) throw new Error('forbidden');
  article.title = input.title;
  await article.save();
}`,
    // the read checks existence; $set writes the input
    models + `export async function rename(id: string, name: string) {
  const customer = await Customer.findById(id).lean();
  if (!customer) throw new Error('missing');
  await Customer.updateOne({ _id: id }, { $set: { name } });
}`,
    // the guard is in the filter and the null result is checked
    models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id);
  if (!promo || promo.uses < qty) throw new Error('used up');
  const updated = await Promo.findOneAndUpdate({ _id: id, uses: { $gte: qty } }, { $inc: { uses: -qty } });
  if (!updated) throw new Error('used up');
}`,
    // the guard is in the filter and matchedCount is checked
    models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id).orFail();
  if (promo.uses < qty) throw new Error('used up');
  const { matchedCount } = await Promo.updateOne({ _id: id, uses: { $gte: qty } }, { $inc: { uses: -qty } });
  if (matchedCount === 0) throw new Error('used up');
}`,
    // an optimistic version check on __v, with the result checked
    models + `export async function bump(id: string) {
  const customer = await Customer.findById(id).lean();
  if (!customer) return;
  const result = await Customer.updateOne({ _id: id, __v: customer.__v }, { $set: { visits: customer.visits + 1 }, $inc: { __v: 1 } });
  if (result.matchedCount === 0) throw new Error('changed meanwhile');
}`,
    // an optimistic version check on __v that throws with orFail()
    models + `export async function bump(id: string) {
  const customer = await Customer.findById(id).lean().orFail();
  await Customer.updateOne({ _id: id, __v: customer.__v }, { $set: { visits: customer.visits + 1 }, $inc: { __v: 1 } }).orFail();
}`,
    // a MongoDB transaction reads a snapshot and aborts on a write conflict
    models + `import mongoose from 'mongoose';
export async function spend(id: string, cost: number) {
  const session = await mongoose.startSession();
  await session.withTransaction(async () => {
    const customer = await Customer.findById(id).session(session).orFail();
    customer.visits -= cost;
    await customer.save();
  });
  await session.endSession();
}`,
    // Connection#transaction does the same
    models + `import mongoose from 'mongoose';
export async function spend(id: string, cost: number) {
  await mongoose.connection.transaction(async (session) => {
    const customer = await Customer.findById(id).session(session).orFail();
    await Customer.updateOne({ _id: id }, { $set: { visits: customer.visits - cost } }, { session });
  });
}`,
    // $addToSet applied twice adds the tag once: the check it repeats cannot go stale
    models + `export async function tag(id: string, tag: string) {
  const article = await Article.findById(id).orFail();
  if (article.tags.includes(tag)) return;
  await Article.updateOne({ _id: id }, { $addToSet: { tags: tag } });
}`,
    // a field computed from another field
    models + `export async function reslug(id: string) {
  const article = await Article.findById(id).orFail();
  article.body = article.title.toLowerCase();
  await article.save();
}`,
    // a status transition writes a constant
    models + `export async function close(id: string) {
  const article = await Article.findById(id).orFail();
  if (article.body === 'closed') throw new Error('already closed');
  article.body = 'closed';
  await article.save();
}`,
    // the document read is not the one written
    models + `export async function copyVisits(fromId: string, toId: string) {
  const from = await Customer.findById(fromId).orFail();
  await Customer.updateOne({ _id: toId }, { $set: { visits: from.visits } });
}`,
    // request-scoped and in-memory state
    models + `export async function count(req: { session: { views: number } }, carts: Map<string, { total: number }>, id: string) {
  const cart = carts.get(id);
  if (cart) cart.total += 1;
  req.session.views = req.session.views + 1;
  return Customer.findById(id);
}`,
  ],
  invalid: [
    {
      // mutate and save: the later save writes a balance computed from a stale read
      code: models + `export async function spend(id: string, cost: number) {
  const customer = await Customer.findById(id);
  if (!customer) throw new Error('missing');
  customer.visits -= cost;
  await customer.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: models + `export async function spend(id: string, cost: number) {
  const customer = await Customer.findById(id);
  if (!customer) throw new Error('missing');
  customer.visits -= cost;
  await Customer.updateOne({ _id: customer._id }, { $inc: { visits: -cost } });
}`,
            },
          ],
        },
      ],
    },
    {
      // other fields assigned before the save keep their values in $set
      code: models + `export async function visit(id: string, name: string) {
  const customer = await Customer.findById(id).orFail();
  customer.visits++;
  customer.name = name;
  await customer.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: models + `export async function visit(id: string, name: string) {
  const customer = await Customer.findById(id).orFail();
  customer.visits++;
  customer.name = name;
  await Customer.updateOne({ _id: customer._id }, { $inc: { visits: 1 }, $set: { name: customer.name } });
}`,
            },
          ],
        },
      ],
    },
    {
      // doc.set() assigns as an assignment does
      code: models + `export async function visit(email: string, times: number) {
  const customer = await Customer.findOne({ email }).orFail();
  customer.set('visits', customer.visits + times);
  await customer.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: models + `export async function visit(email: string, times: number) {
  const customer = await Customer.findOne({ email }).orFail();
  customer.set('visits', customer.visits + times);
  await Customer.updateOne({ _id: customer._id }, { $inc: { visits: times } });
}`,
            },
          ],
        },
      ],
    },
    {
      // the document is passed on before the save: the rewrite could drop a change, so none is offered
      code: models + `export async function visit(id: string, audit: (doc: unknown) => void) {
  const customer = await Customer.findById(id).orFail();
  customer.visits += 1;
  audit(customer);
  await customer.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // the oversell: a guard on the stale read lets the save through
      code: models + `export async function redeem(code: string, qty: number) {
  const promo = await Promo.findOne({ code });
  if (!promo) throw new Error('unknown promo');
  if (promo.uses < qty) throw new Error('used up');
  promo.uses -= qty;
  await promo.save();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: models + `export async function redeem(code: string, qty: number) {
  const promo = await Promo.findOne({ code });
  if (!promo) throw new Error('unknown promo');
  if (promo.uses < qty) throw new Error('used up');
  promo.uses -= qty;
  const { matchedCount } = await Promo.updateOne({ _id: promo._id, uses: { $gte: qty } }, { $inc: { uses: -qty } });
  if (matchedCount === 0) throw new Error('used up');
}`,
            },
          ],
        },
      ],
    },
    {
      // $set of a value computed from the read
      code: models + `export async function visit(email: string, times: number) {
  const customer = await Customer.findOne({ email }).orFail();
  await Customer.updateOne({ email }, { $set: { name: 'regular', visits: customer.visits + times } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: models + `export async function visit(email: string, times: number) {
  const customer = await Customer.findOne({ email }).orFail();
  await Customer.updateOne({ email }, { $set: { name: 'regular' }, $inc: { visits: times } });
}`,
            },
          ],
        },
      ],
    },
    {
      // a top-level field is a $set too; the change joins the $inc already there
      code: models + `export async function visit(id: string) {
  const customer = await Customer.findById(id).orFail();
  await Customer.findOneAndUpdate({ _id: customer._id }, { visits: customer.visits + 1, $inc: { __v: 1 } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: models + `export async function visit(id: string) {
  const customer = await Customer.findById(id).orFail();
  await Customer.findOneAndUpdate({ _id: customer._id }, { $inc: { __v: 1, visits: 1 } });
}`,
            },
          ],
        },
      ],
    },
    {
      // the array read, appended to and written back
      code: models + `export async function tag(id: string, tag: string) {
  const article = await Article.findById(id).orFail();
  await Article.updateOne({ _id: id }, { $set: { tags: [...article.tags, tag] } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a stale guard decides an atomic $inc
      code: models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id).orFail();
  if (promo.uses < qty) throw new Error('used up');
  await Promo.updateOne({ _id: id }, { $inc: { uses: -qty } });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id).orFail();
  if (promo.uses < qty) throw new Error('used up');
  const { matchedCount } = await Promo.updateOne({ _id: id, uses: { $gte: qty } }, { $inc: { uses: -qty } });
  if (matchedCount === 0) throw new Error('used up');
}`,
            },
          ],
        },
      ],
    },
    {
      // findByIdAndUpdate becomes findOneAndUpdate to take the condition
      code: models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id).orFail();
  if (qty > promo.uses) {
    throw new Error('used up');
  }
  await Promo.findByIdAndUpdate(id, { $set: { uses: promo.uses - qty } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id).orFail();
  if (qty > promo.uses) {
    throw new Error('used up');
  }
  const updated = await Promo.findOneAndUpdate({ _id: id, uses: { $gte: qty } }, { $inc: { uses: -qty } });
  if (!updated) {
    throw new Error('used up');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a version filter whose result nobody checks
      code: models + `export async function rename(id: string, name: string) {
  const customer = await Customer.findById(id).lean().orFail();
  await Customer.updateOne({ _id: id, __v: customer.__v }, { $set: { name, visits: customer.visits + 1 }, $inc: { __v: 1 } });
}`,
      errors: [
        {
          messageId: 'uncheckedConditional',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a condition in the filter whose result nobody checks
      code: models + `export async function redeem(id: string, qty: number) {
  const promo = await Promo.findById(id).orFail();
  if (promo.uses < qty) throw new Error('used up');
  await Promo.updateOne({ _id: id, uses: { $gte: qty } }, { $inc: { uses: -qty } });
}`,
      errors: [
        {
          messageId: 'uncheckedConditional',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a merge of the stored object
      code: models + `export async function autosave(id: string, field: string, value: string) {
  const article = await Article.findById(id).lean().orFail();
  await Article.updateOne({ _id: id }, { $set: { draft: { ...article.draft, [field]: value } } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // $push after a check of the array: two calls both pass it and push the tag twice
      code: models + `export async function tag(id: string, tag: string) {
  const article = await Article.findById(id).orFail();
  if (article.tags.includes(tag)) return;
  await Article.updateOne({ _id: id }, { $push: { tags: tag } });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a NestJS service: the model is an injected property
      code: models + `import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
export class CustomerService {
  constructor(@InjectModel('Customer') private readonly customerModel: Model<{ visits: number }>) {}
  async visit(id: string) {
    const customer = await this.customerModel.findById(id).orFail();
    customer.visits += 1;
    await customer.save();
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 11,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: models + `import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
export class CustomerService {
  constructor(@InjectModel('Customer') private readonly customerModel: Model<{ visits: number }>) {}
  async visit(id: string) {
    const customer = await this.customerModel.findById(id).orFail();
    customer.visits += 1;
    await this.customerModel.updateOne({ _id: customer._id }, { $inc: { visits: 1 } });
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
