import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Isolation } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, CallLike, Rewrite, StaleWrite } from './types.js';
import type { Comparison } from '../analysis/changes.js';
import { isFunction, isTrue, memberName, objectFields, property, resolveObject } from '../utils/ast.js';
import type { Field } from '../analysis/access.js';
import { amountText, checkedWrite, quote, valueEdit } from './rewrites.js';
import { addProperty, setOptionAfter, textWithEdits } from '../utils/fixes.js';

const methodKinds: Readonly<Record<string, AccessKind>> = {
  findFirst: 'read',
  findFirstOrThrow: 'read',
  findUnique: 'read',
  findUniqueOrThrow: 'read',
  findMany: 'read',
  count: 'exists',
  create: 'create',
  createMany: 'create',
  createManyAndReturn: 'create',
  upsert: 'upsert',
  update: 'update',
  updateMany: 'update',
  delete: 'delete',
  deleteMany: 'delete',
};
/** Methods no other supported library has: seeing one is evidence enough. */
const prismaOnly = new Set(['findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'createManyAndReturn']);
const atomicOperators = new Set(['increment', 'decrement', 'multiply', 'divide', 'push']);
/** Single-record writes throw `P2025` when their filter matches nothing. */
const singleRecordWrites = new Set(['update', 'delete']);
const filterOperators: Readonly<Record<Comparison, string>> = { '>=': 'gte', '>': 'gt', '<=': 'lte', '<': 'lt' };
const isolationLevels: Readonly<Record<string, Isolation>> = {
  Serializable: 'serializable',
  RepeatableRead: 'repeatable-read',
  ReadCommitted: 'read-committed',
  ReadUncommitted: 'read-uncommitted',
  Snapshot: 'repeatable-read',
};

/** `<client>.<model>.<method>(args)`, the shape of every Prisma model query. */
function modelCall(call: CallLike): { client: TSESTree.Node; model: string; method: string } | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return;
  const method = memberName(call.callee);
  const delegate = call.callee.object;
  if (method === undefined || delegate.type !== AST_NODE_TYPES.MemberExpression || delegate.computed) return;
  const model = memberName(delegate);
  // `db.query.users.findFirst` is Drizzle's relational API, not a Prisma model named `users`.
  const client = delegate.object;
  if (model === undefined || (client.type === AST_NODE_TYPES.MemberExpression && memberName(client) === 'query')) {
    return undefined;
  }
  return { client, model, method };
}

function isPrismaClient(client: TSESTree.Node, model: string, method: string, file: FileFacts): boolean {
  if (prismaOnly.has(method) || file.imports('@prisma/client') || file.imports('.prisma/client')) return true;
  const type = file.typeText(client);
  if (type !== undefined) return /Prisma|TransactionClient/.test(type);
  return file.schema().sourcesOf(model).some((source) => source.endsWith('.prisma'));
}

/** Where filters flatten compound keys: `{ orgId_email: { orgId, email } }` names both fields. */
function whereFields(where: TSESTree.Node | undefined, file: FileFacts): Field[] {
  const { fields } = objectFields(where, file.sourceCode);
  return fields.flatMap((field) => {
    if (['AND', 'OR', 'NOT'].includes(field.name)) return [];
    const inner = field.value && resolveObject(field.value, file.sourceCode);
    const innerFields = inner ? objectFields(inner, file.sourceCode).fields : [];
    const compound = innerFields.length > 1 && innerFields.map((f) => f.name).join('_') === field.name;
    return compound ? innerFields : [field];
  });
}

function isAtomicData(data: TSESTree.ObjectExpression | undefined): boolean {
  return (data?.properties ?? []).some((prop) => {
    if (prop.type !== AST_NODE_TYPES.Property || prop.value.type !== AST_NODE_TYPES.ObjectExpression) return false;
    return prop.value.properties.some(
      (inner) =>
        inner.type === AST_NODE_TYPES.Property &&
        inner.key.type === AST_NODE_TYPES.Identifier &&
        atomicOperators.has(inner.key.name),
    );
  });
}

export const prisma: Adapter = {
  library: 'prisma',
  transactionHandles: ['TransactionClient'],
  callNames: new Set([...Object.keys(methodKinds), '$transaction']),
  conflictMarkers: ['P2002'],
  conflictTest: (error) => `${error} instanceof Object && 'code' in ${error} && ${error}.code === 'P2002'`,

  access(call, file) {
    const shape = modelCall(call);
    if (!shape || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
    let kind = methodKinds[shape.method];
    if (kind === undefined || !isPrismaClient(shape.client, shape.model, shape.method, file)) return undefined;
    const args = resolveObject(call.arguments[0], file.sourceCode);
    if (!args && kind !== 'read' && kind !== 'exists') return undefined;
    const dataNode = property(args, kind === 'upsert' ? 'create' : 'data');
    const data = objectFields(dataNode, file.sourceCode);
    if (kind === 'create') {
      if (!dataNode) return undefined;
      // `createMany({ data, skipDuplicates: true })` inserts only what is missing: an atomic form.
      if (isTrue(property(args, 'skipDuplicates'))) kind = 'upsert';
    }
    if (kind === 'update' && isAtomicData(resolveObject(dataNode, file.sourceCode))) kind = 'atomic-update';
    return {
      kind,
      library: 'prisma',
      resource: shape.model,
      keys: whereFields(property(args, 'where'), file),
      data: data.fields,
      opaqueData: data.opaque,
      node: call,
      label: file.sourceCode.getText(call.callee),
      ...(shape.method.startsWith('findUnique') ? { keysAreUnique: true } : {}),
      ...(singleRecordWrites.has(shape.method) ? { failsWithoutMatch: true } : {}),
    } satisfies Access;
  },

  transaction(call, file) {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== '$transaction') return;
    const [callback, options] = call.arguments;
    if (!callback || !isFunction(callback)) return undefined;
    const level = property(resolveObject(options, file.sourceCode), 'isolationLevel');
    // `'Serializable'` or `Prisma.TransactionIsolationLevel.Serializable`
    const name = level && file.sourceCode.getText(level).replace(/['"`]/g, '').split('.').pop();
    return { callback, library: 'prisma', isolation: (name ? isolationLevels[name] : undefined) ?? 'unknown' };
  },

  atomicUpdate(stale, file) {
    const data = updateData(stale, file);
    return data && { form: changeForms(stale), edits: atomicEdits(stale, file) };
  },

  conditionalUpdate(stale, file) {
    const { condition } = stale;
    const update = updateData(stale, file);
    const args = update?.call.arguments[0];
    const where = property(resolveObject(args, file.sourceCode), 'where');
    if (!update || !args || where?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const filter = `${condition.field}: { ${filterOperators[condition.operator]}: ${file.sourceCode.getText(condition.value)} }`;
    const edits = [addProperty(where, filter, file.sourceCode), ...atomicEdits(stale, file)];
    const call = `${file.sourceCode.getText(update.call.callee).replace(/\.update$/, '.updateMany')}(${textWithEdits(args, edits, file.sourceCode)})`;
    const edit = checkedWrite(stale.write, '{ count }', call, 'count === 0', condition, file);
    const changes = stale.changes.length > 0 ? ` and ${changeForms(stale)}` : '';
    return edit && { form: `\`updateMany\` with \`${filter}\` in its filter${changes}, exiting when it changes no row`, edits: [edit] };
  },

  serializable(scope, file) {
    const level = "isolationLevel: 'Serializable'";
    const edit = setOptionAfter(scope.callback, 'isolationLevel', level, file.sourceCode);
    return edit && { form: `\`${level}\``, edits: [edit] };
  },

  atomicCreate(check, create, file) {
    if (check.library !== 'prisma' || check.node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    if (create.node.type !== AST_NODE_TYPES.CallExpression || create.node.callee.type !== AST_NODE_TYPES.MemberExpression) {
      return undefined;
    }
    const where = property(resolveObject(check.node.arguments[0], file.sourceCode), 'where');
    const data = property(resolveObject(create.node.arguments[0], file.sourceCode), 'data');
    if (!where || !data || memberName(create.node.callee) !== 'create') return undefined;
    const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
    return {
      form: 'upsert',
      node: create.node,
      text: `${text(create.node.callee.object)}.upsert({ where: ${text(where)}, update: {}, create: ${text(data)} })`,
    };
  },

  /** `createMany` with `skipDuplicates` inserts with `ON CONFLICT DO NOTHING` and counts what it inserted. */
  claim(near, key, record, file) {
    const shape = near.library === 'prisma' ? modelCall(near.node as CallLike) : undefined;
    const { resource, field } = record ?? { resource: 'processedWebhook', field: 'id' };
    // Prisma has no `skipDuplicates` on these engines.
    if (!shape || ['sqlite', 'sqlserver', 'mongodb'].includes(file.schema().dialectOf(resource) ?? '')) return undefined;
    const name = /^[A-Za-z_$][\w$]*$/.test(field) ? field : quote(field);
    const model = resource.charAt(0).toLowerCase() + resource.slice(1);
    // The row an insert of the key already writes, with every column it needs.
    const like = record?.like?.node.type === AST_NODE_TYPES.CallExpression ? property(resolveObject(record.like.node.arguments[0], file.sourceCode), 'data') : undefined;
    if (record?.like && !like) return undefined;
    const row = like ? file.sourceCode.getText(like) : `{ ${name === key ? name : `${name}: ${key}`} }`;
    return {
      form: `\`${model}.createMany\` with \`skipDuplicates\``,
      taken: `(await ${file.sourceCode.getText(shape.client)}.${model}.createMany({ data: [${row}], skipDuplicates: true })).count === 0`,
      resource,
    };
  },
};

/** The Prisma `update`/`updateMany` call a stale write is, with its `data` object. */
function updateData(stale: StaleWrite, file: FileFacts): { call: TSESTree.CallExpression; data: TSESTree.ObjectExpression } | undefined {
  const call = stale.write.node;
  if (call.type !== AST_NODE_TYPES.CallExpression || stale.write.library !== 'prisma') return undefined;
  const data = resolveObject(property(resolveObject(call.arguments[0], file.sourceCode), 'data'), file.sourceCode);
  return data && call.callee.type === AST_NODE_TYPES.MemberExpression && /^update(Many)?$/.test(memberName(call.callee) ?? '')
    ? { call, data }
    : undefined;
}

/** Each relative change written as Prisma's `{ increment: … }` or `{ decrement: … }`. */
function atomicEdits(stale: StaleWrite, file: FileFacts): Rewrite['edits'] {
  return stale.changes.flatMap((change) => {
    const field = stale.write.data.find((written) => written.name === change.field);
    const edit = field && valueEdit(field, `{ ${change.operator === '+' ? 'increment' : 'decrement'}: ${amountText(change, file)} }`);
    return edit ? [edit] : [];
  });
}

const changeForms = (stale: StaleWrite): string =>
  stale.changes.map((change) => `\`${change.field}: { ${change.operator === '+' ? 'increment' : 'decrement'} }\``).join(', ');
