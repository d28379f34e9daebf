import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate, StaleWrite } from './types.js';
import {
  chainOf,
  chainText,
  isChainEnd,
  isFunction,
  memberName,
  objectFields,
  originOf,
  property,
  propertyKey,
  resolveObject,
  rowFields,
  staticString,
  unwrap,
  type ChainLink,
} from '../utils/ast.js';
import { appendLink, textWithEdits } from '../utils/fixes.js';
import { dialectFor } from '../analysis/context.js';
import { amountText, checkedWrite, linkBefore, quote } from './rewrites.js';
import {
  columnName,
  conditionFilter,
  conflictTarget,
  isolationOf,
  lookupOperators,
  serializableOption,
  sqlConflictMarkers,
  sqlConflictTest,
  tableAndAlias,
  writeFilterOperators,
} from './sql-builders.js';

/** Builder methods a Knex query chain can end with: the calls recognised, so each query counts once. */
const chainEnds = [
  'where', 'andWhere', 'orWhere', 'whereIn', 'whereNot', 'whereNull', 'whereNotNull', 'first', 'select', 'column',
  'columns', 'pluck', 'count', 'countDistinct', 'limit', 'offset', 'orderBy', 'forUpdate', 'forShare',
  'forNoKeyUpdate', 'forKeyShare', 'skipLocked', 'noWait', 'transacting', 'timeout', 'returning', 'insert',
  'ignore', 'merge', 'update', 'increment', 'decrement', 'del', 'delete', 'from', 'into', 'table',
];
const builderMethods = new Set([...chainEnds, 'onConflict', 'join', 'leftJoin', 'innerJoin', 'distinct']);
const tableLinks = new Set(['from', 'into', 'table']);
const whereLinks = new Set(['where', 'andWhere', 'orWhere']);
const lockLinks = new Set(['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare']);
/** Links only Knex has among the query builders called with table names (Supabase, Drizzle, Kysely). */
const knexOnlyLinks = new Set(['first', 'where', 'andWhere', 'orWhere', 'into', 'del', 'increment', 'decrement', 'pluck', ...lockLinks]);
/** Links that change a column relative to itself: `increment('views', 1)`. */
const counterLinks = new Set(['increment', 'decrement']);
/** Local modules that conventionally export the Knex instance: `./db`, `@/lib/knex`, `../database/index`. */
const knexModule = /^(?:\.|\/|~|#|@\/|src\/).*?(?:(?:^|\/)(?:db|database|connection)(?:\/index)?(?:\.[cm]?[jt]s)?$|knex)/i;

interface Query {
  readonly chain: ReturnType<typeof chainOf>;
  readonly client: TSESTree.Node;
  /** The query starts with `<client>('<table>')`, Knex's own shape. */
  readonly tableCall: boolean;
  /** The query has Knex's shape: a table call, or a link no similar builder has. */
  readonly knexShape: boolean;
  /** The table and its alias. */
  readonly tables: readonly string[];
  readonly links: ReadonlyMap<string, ChainLink>;
}

function tableOf(node: TSESTree.Node | undefined): string[] | undefined {
  const text = staticString(node);
  if (text !== undefined) return tableAndAlias(text);
  // `knex({ i: 'invitations' })` aliases a table.
  const object = node?.type === AST_NODE_TYPES.ObjectExpression ? node : undefined;
  const [only] = object?.properties ?? [];
  const table = only?.type === AST_NODE_TYPES.Property ? staticString(only.value) : undefined;
  return table !== undefined && only?.type === AST_NODE_TYPES.Property && !only.computed && only.key.type === AST_NODE_TYPES.Identifier
    ? [table, only.key.name]
    : undefined;
}

function queryOf(call: TSESTree.CallExpression): Query | undefined {
  const chain = chainOf(call);
  const [first] = chain.links;
  if (!first || chain.links.length < 2) return undefined;
  const links = new Map(chain.links.map((link) => [link.name, link]));
  const startTable = builderMethods.has(first.name) ? undefined : tableOf(first.call.arguments[0]);
  if (startTable && first.call.arguments.length === 1) {
    return { chain, client: first.call.callee, tableCall: true, knexShape: true, tables: startTable, links };
  }
  if (!builderMethods.has(first.name) || first.call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const tableLink = chain.links.find((link) => tableLinks.has(link.name));
  const tables = tableLink && tableOf(tableLink.call.arguments[0]);
  const knexShape = chain.links.some((link) => knexOnlyLinks.has(link.name));
  return tables ? { chain, client: chain.root, tableCall: false, knexShape, tables, links } : undefined;
}

/**
 * Evidence that `client` is a Knex instance or transaction: the file uses Knex, the client is
 * created by `knex()`, typed `Knex`, or is the `trx` of a transaction. A name imported from a local
 * `db`/`knex` module counts when the query has Knex's shape (`knexShape`).
 */
function isKnexClient(client: TSESTree.Node, knexShape: boolean, file: FileFacts): boolean {
  if (file.imports('knex')) return true;
  const origin = originOf(client, file.sourceCode);
  if (origin.importSource !== undefined) return knexShape && knexModule.test(origin.importSource);
  if (origin.parameterOf) return knexShape && isTransactionCallback(origin.parameterOf, file);
  const init = origin.init && unwrap(origin.init);
  if (init?.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.MemberExpression) {
    return knexShape && memberName(init.callee) === 'transaction' && isKnexClient(init.callee.object, true, file);
  }
  // `require('knex')({ client: 'pg' })`
  if (init?.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.CallExpression) {
    const factory = init.callee;
    if (factory.callee.type === AST_NODE_TYPES.Identifier && factory.callee.name === 'require') return staticString(factory.arguments[0]) === 'knex';
  }
  return /\bKnex\b/.test(file.typeText(client) ?? '');
}

function isTransactionCallback(fn: TSESTree.Node, file: FileFacts): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
  const callee = call.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    memberName(callee) === 'transaction' &&
    isKnexClient(callee.object, true, file)
  );
}

/**
 * `where({ email })`, `where('email', email)`, `where('email', '=', email)`; for a write also
 * `where('stock', '>=', qty)`, a condition on the row (`operators`).
 */
function whereKeys(link: ChainLink, tables: readonly string[], operators: ReadonlySet<string>, file: FileFacts): Field[] {
  const args = link.call.arguments;
  const [first, second, third] = args;
  if (args.length === 1) {
    if (!resolveObject(first, file.sourceCode)) return [];
    return objectFields(first, file.sourceCode).fields.map((field) => ({ ...field, name: columnName(field.name, tables) }));
  }
  const column = staticString(first);
  if (column === undefined) return [];
  const value = args.length === 2 ? second : operators.has(staticString(second)?.toLowerCase() ?? '') ? third : undefined;
  return value ? [{ name: columnName(column, tables), value }] : [];
}

/**
 * The columns of `insert(row)`, `insert([row, …])`, `update(row)`, `update('column', value)`, and
 * of `increment('column', amount)`, `decrement({ column: amount })`, each valued by its amount.
 */
function writtenFields(query: Query, file: FileFacts): { fields: Field[]; opaque: TSESTree.Node[] } {
  const links = query.chain.links.filter((link) => link.name === 'insert' || link.name === 'update' || counterLinks.has(link.name));
  const written = links.map((link) => {
    const [first, second] = link.call.arguments;
    const column = staticString(first);
    if (column === undefined) return rowFields(first, file.sourceCode);
    // `increment('views')` changes the column by one.
    const named = second !== undefined || counterLinks.has(link.name);
    return { fields: named ? [{ name: column, value: second }] : [], opaque: [] };
  });
  return { fields: written.flatMap((part) => part.fields), opaque: written.flatMap((part) => part.opaque) };
}

/** `update({ uses: knex.raw('uses + ?', [1]) })` computes the column from itself in the database. */
function isSelfRelative(field: Field, file: FileFacts): boolean {
  const value = field.value && unwrap(field.value);
  if (value?.type !== AST_NODE_TYPES.CallExpression || value.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (memberName(value.callee) !== 'raw') return false;
  const column = field.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b${column}\\b`).test(file.sourceCode.getText(value));
}

function kindOf(query: Query, data: Field[], file: FileFacts): AccessKind {
  const has = (name: string): boolean => query.links.has(name);
  if (has('insert')) return has('onConflict') && (has('ignore') || has('merge')) ? 'upsert' : 'create';
  if ([...counterLinks].some(has)) return 'atomic-update';
  if (has('update')) return data.some((field) => isSelfRelative(field, file)) ? 'atomic-update' : 'update';
  if (has('del') || has('delete')) return 'delete';
  return has('count') || has('countDistinct') ? 'exists' : 'read';
}

export const knex: Adapter = {
  library: 'knex',
  transactionHandles: ['Knex.Transaction'],
  callNames: new Set([...chainEnds, 'transaction']),
  conflictMarkers: sqlConflictMarkers,
  conflictTest: sqlConflictTest,

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || !isChainEnd(call)) return undefined;
    const query = queryOf(call);
    if (!query || !isKnexClient(query.client, query.knexShape, file)) return undefined;
    const written = writtenFields(query, file);
    const kind = kindOf(query, written.fields, file);
    const operators = kind === 'update' || kind === 'atomic-update' ? writeFilterOperators : lookupOperators;
    const keys = query.chain.links
      .filter((link) => whereLinks.has(link.name))
      .flatMap((link) => whereKeys(link, query.tables, operators, file));
    const label = chainText(query.chain, file.sourceCode, (link) => link === query.chain.links[0] ? query.tableCall : tableLinks.has(link.name));
    return {
      kind,
      library: 'knex',
      resource: query.tables[0],
      keys,
      data: written.fields,
      opaqueData: written.opaque,
      node: call,
      label,
      ...([...lockLinks].some((name) => query.links.has(name)) ? { locks: true } : {}),
    } satisfies Access;
  },

  transaction(call, file) {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'transaction') return undefined;
    const known = isKnexClient(call.callee.object, false, file);
    const [first, second] = call.arguments;
    if (first && isFunction(first)) {
      const trx = file.sourceCode.getDeclaredVariables(first).find((v) => v.defs.some((d) => d.name === first.params[0]));
      if (!known && !calledWithTable(trx)) return undefined;
      return { callback: first, library: 'knex', isolation: isolationOf(property(resolveObject(second, file.sourceCode), 'isolationLevel')) };
    }
    const opened = openedTransaction(call, file.sourceCode);
    if (!opened || (!known && !calledWithTable(opened.trx))) return undefined;
    if (!usesOnlyTransaction(opened.block, opened.statement, call.callee.object, file.sourceCode)) return undefined;
    const isolation = isolationOf(property(resolveObject(first, file.sourceCode), 'isolationLevel'));
    return { callback: opened.block, library: 'knex', isolation };
  },

  atomicCreate(check, create, file) {
    return create.node.type === AST_NODE_TYPES.CallExpression ? onConflictIgnore(check, create, create.node, file) : undefined;
  },

  atomicUpdate(stale, file) {
    const write = writeOf(stale);
    const counters = write && counterText(stale, write.link, file);
    return counters === undefined || !write ? undefined : { form: `\`.${counters}\``, edits: [{ range: write.range, text: counters }] };
  },

  conditionalUpdate(stale, file) {
    const write = writeOf(stale);
    if (!write || write.returnsRows || (stale.changes.length === 0 && stale.write.kind !== 'atomic-update')) return undefined;
    const counters = stale.changes.length > 0 ? counterText(stale, write.link, file) : file.sourceCode.text.slice(...write.range);
    if (counters === undefined) return undefined;
    const filter = conditionFilter(stale.condition, file);
    const call = textWithEdits(stale.write.node, [{ range: write.range, text: `${filter}.${counters}` }], file.sourceCode);
    const edit = checkedWrite(stale.write, 'count', call, 'count === 0', stale.condition, file);
    const changes = stale.changes.length > 0 ? ` and \`.${counters}\`` : '';
    return edit && { form: `\`.${filter}\`${changes}, exiting when it changes no row`, edits: [edit] };
  },

  lockRead(read, file) {
    const edit = dialectFor(read, file) === 'sqlite' ? undefined : linkBefore(read.node, 'forUpdate()');
    return edit && { form: '`.forUpdate()`', edits: [edit] };
  },

  serializable(scope, file) {
    return serializableOption(scope, file);
  },
};

/**
 * The write link of a stale Knex write (`update`, `increment`, `decrement`), the range from its
 * name to its end, and whether the query returns rows rather than the count of changed rows.
 */
function writeOf(stale: StaleWrite): { link: ChainLink; range: [number, number]; returnsRows: boolean } | undefined {
  const call = stale.write.node;
  const query = stale.write.library === 'knex' && call.type === AST_NODE_TYPES.CallExpression ? queryOf(call) : undefined;
  const link = query?.chain.links.findLast((found) => found.name === 'update' || counterLinks.has(found.name));
  if (!query || link?.call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return { link, range: [link.call.callee.property.range[0], link.call.range[1]], returnsRows: query.links.has('returning') };
}

/**
 * `update({ balance: w.balance + amount, note })` as `update({ note }).increment('balance', amount)`:
 * each relative change as Knex's counter, the other fields left to `update`.
 */
function counterText(stale: StaleWrite, link: ChainLink, file: FileFacts): string | undefined {
  const [first, second, ...rest] = link.call.arguments;
  if (link.name !== 'update' || stale.changes.length === 0 || rest.length > 0) return undefined;
  const changed = new Set(stale.changes.map((change) => change.field));
  const counters = stale.changes.map(
    (change) => `${change.operator === '+' ? 'increment' : 'decrement'}(${quote(change.field)}, ${amountText(change, file)})`,
  );
  // `update('balance', value)` writes the one column the change is.
  if (staticString(first) !== undefined && second) return counters.join('.');
  if (first?.type !== AST_NODE_TYPES.ObjectExpression || second) return undefined;
  const kept = first.properties.filter((prop) => prop.type !== AST_NODE_TYPES.Property || !changed.has(propertyKey(prop) ?? ''));
  const update = kept.length > 0 ? [`update({ ${kept.map((prop) => file.sourceCode.getText(prop)).join(', ')} })`] : [];
  return [...update, ...counters].join('.');
}

/** `trx('invitations')`: only a Knex transaction or instance is called with a table name. */
function calledWithTable(variable: TSESLint.Scope.Variable | undefined): boolean {
  return (variable?.references ?? []).some((reference) => {
    const parent = reference.identifier.parent;
    return parent.type === AST_NODE_TYPES.CallExpression && parent.callee === reference.identifier && staticString(parent.arguments[0]) !== undefined;
  });
}

/** `const trx = await knex.transaction(config)` as a statement of a block. */
function openedTransaction(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { trx: TSESLint.Scope.Variable | undefined; statement: TSESTree.Statement; block: TSESTree.BlockStatement } | undefined {
  const declarator = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : undefined;
  const statement = declarator?.parent;
  const block = statement?.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || statement?.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  return { trx: sourceCode.getDeclaredVariables(declarator)[0], statement, block };
}

/**
 * The rest of the block runs in the opened transaction only when nothing is awaited before it
 * and the block does not go on to use the client outside the transaction.
 */
function usesOnlyTransaction(
  block: TSESTree.BlockStatement,
  statement: TSESTree.Statement,
  client: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const index = block.body.indexOf(statement);
  const text = (s: TSESTree.Statement): string => sourceCode.getText(s);
  const clientText = sourceCode.getText(client);
  return (
    !block.body.slice(0, index).some((s) => /\bawait\b/.test(text(s))) &&
    !block.body.slice(index + 1).some((s) => text(s).includes(`${clientText}(`) || text(s).includes(`${clientText}.`))
  );
}

/** `knex('t').insert(row)` → `knex('t').insert(row).onConflict(['email']).ignore()`. */
function onConflictIgnore(check: Access, create: Access, call: TSESTree.CallExpression, file: FileFacts): AtomicCreate | undefined {
  const query = queryOf(call);
  const insert = query?.links.get('insert');
  if (!query || !insert || query.links.has('onConflict') || check.keys.length === 0) return undefined;
  const { columns, note } = conflictTarget(check, create, file);
  const link = `.onConflict([${columns.map(quote).join(', ')}]).ignore()`;
  return {
    form: `INSERT … ON CONFLICT DO NOTHING with \`${link}\`${note}`,
    node: insert.call,
    text: appendLink(insert.call, link, file.sourceCode),
  };
}
