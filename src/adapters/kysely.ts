import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field } from '../analysis/access.js';
import type { RelativeChange } from '../analysis/changes.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate, Rewrite, StaleWrite } from './types.js';
import {
  chainOf,
  chainText,
  firstParameterName,
  isChainEnd,
  isFunction,
  memberName,
  objectFields,
  resolveObject,
  rowFields,
  staticString,
  unwrap,
  type ChainLink,
} from '../utils/ast.js';
import { appendLink, isNameFree, textWithEdits } from '../utils/fixes.js';
import { dialectFor } from '../analysis/context.js';
import { amountText, checkedWrite, linkBefore, quote, valueEdit } from './rewrites.js';
import {
  columnName,
  conditionFilter,
  conflictTarget,
  isolationOf,
  lookupOperators,
  sqlConflictMarkers,
  sqlConflictTest,
  tableAndAlias,
  writeFilterOperators,
} from './sql-builders.js';

const executes = ['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow'];
/** The methods that start a Kysely query: no other library has them, so they are evidence enough. */
const builderKinds: Readonly<Record<string, AccessKind>> = {
  selectFrom: 'read',
  insertInto: 'create',
  replaceInto: 'upsert',
  updateTable: 'update',
  deleteFrom: 'delete',
};
/** Insert links that make the insert keep or merge an existing row instead of failing. */
const conflictLinks = new Set(['onConflict', 'onDuplicateKeyUpdate', 'ignore', 'orIgnore', 'orReplace']);
const lockLinks = new Set(['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare']);

type Dialect = NonNullable<Access['dialect']>;
/** Kysely's built-in dialects, and the drivers they take. */
const dialectClasses: Readonly<Record<string, Dialect>> = {
  PostgresDialect: 'postgresql',
  MysqlDialect: 'mysql',
  SqliteDialect: 'sqlite',
};
const driverDialects: Readonly<Record<string, Dialect>> = { pg: 'postgresql', mysql2: 'mysql', 'better-sqlite3': 'sqlite' };

/**
 * The engine the file shows: the dialect class it imports from kysely (`new PostgresDialect(…)`),
 * else the driver it imports beside kysely. Undefined when none, or several.
 */
function dialectOf(file: FileFacts): Dialect | undefined {
  const only = (named: Dialect[]): Dialect | undefined => (new Set(named).size === 1 ? named[0] : undefined);
  const classes = Object.entries(dialectClasses).filter(([name]) => file.importSourceOf(name) === 'kysely');
  if (classes.length > 0) return only(classes.map(([, dialect]) => dialect));
  if (!file.imports('kysely')) return undefined;
  return only(Object.entries(driverDialects).flatMap(([module, dialect]) => (file.imports(module) ? [dialect] : [])));
}

interface Query {
  readonly chain: ReturnType<typeof chainOf>;
  readonly builder: ChainLink;
  readonly tables: readonly string[];
  readonly links: ReadonlyMap<string, ChainLink>;
}

function queryOf(call: TSESTree.CallExpression): Query | undefined {
  const chain = chainOf(call);
  const builder = chain.links.find((link) => builderKinds[link.name] !== undefined);
  const table = staticString(builder?.call.arguments[0]);
  if (!builder || table === undefined) return undefined;
  return { chain, builder, tables: tableAndAlias(table), links: new Map(chain.links.map((link) => [link.name, link])) };
}

/**
 * `where('email', '=', email)`, and inside an expression callback every `eb('email', '=', email)`
 * and `and({ email, teamId })`; for a write also `where('stock', '>=', qty)` (`operators`).
 */
function whereKeys(link: ChainLink, tables: readonly string[], operators: ReadonlySet<string>, file: FileFacts): Field[] {
  const [first] = link.call.arguments;
  if (!first || !isFunction(first)) return comparisonKeys(link.call, tables, operators, file);
  const keys: Field[] = [];
  simpleTraverse(first.body, {
    enter: (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) keys.push(...comparisonKeys(node, tables, operators, file));
    },
  });
  return keys;
}

function comparisonKeys(call: TSESTree.CallExpression, tables: readonly string[], operators: ReadonlySet<string>, file: FileFacts): Field[] {
  const [column, operator, value] = call.arguments;
  const name = staticString(column);
  if (call.arguments.length === 3 && name !== undefined && value && operators.has(staticString(operator)?.toLowerCase() ?? '')) {
    return [{ name: columnName(name, tables), value }];
  }
  const callee = call.callee;
  const isAnd =
    (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'and') ||
    (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'and');
  if (!isAnd || !resolveObject(column, file.sourceCode)) return [];
  return objectFields(column, file.sourceCode).fields.map((field) => ({ ...field, name: columnName(field.name, tables) }));
}

/** `values(row)`, `values([row, …])`, `set(row)`, `set('column', value)`, `set((eb) => row)`. */
function writtenFields(link: ChainLink | undefined, file: FileFacts): { fields: Field[]; opaque: TSESTree.Node[]; computed: boolean } {
  const [first, second] = link?.call.arguments ?? [];
  const column = staticString(first);
  if (column !== undefined && second) return { fields: [{ name: column, value: second }], opaque: [], computed: isComputed(second) };
  // `set((eb) => ({ uses: eb('uses', '+', 1) }))` builds the row from expressions.
  const row = first && isFunction(first) && first.body.type !== AST_NODE_TYPES.BlockStatement ? first.body : first;
  const { fields, opaque } = rowFields(row, file.sourceCode);
  const computed = row !== first || fields.some((field) => field.value !== undefined && isComputed(field.value));
  return { fields, opaque, computed };
}

/** A value the database computes: `(eb) => eb('uses', '+', 1)` or `` sql`uses + 1` ``. */
function isComputed(value: TSESTree.Node): boolean {
  return isFunction(value) || value.type === AST_NODE_TYPES.TaggedTemplateExpression;
}

const returnsRows = (query: Query): boolean => query.chain.links.some((link) => link.name.startsWith('returning'));

function kindOf(query: Query, computed: boolean, file: FileFacts): AccessKind {
  const kind = builderKinds[query.builder.name] ?? 'read';
  if (kind === 'create' && [...conflictLinks].some((name) => query.links.has(name))) return 'upsert';
  if (kind === 'update' && computed) return 'atomic-update';
  const counts = (link: ChainLink): boolean => link.name.startsWith('select') && /\bcount/i.test(file.sourceCode.getText(link.call));
  return kind === 'read' && query.chain.links.some(counts) ? 'exists' : kind;
}

export const kysely: Adapter = {
  library: 'kysely',
  transactionHandles: ['Transaction'],
  callNames: new Set(executes),
  conflictMarkers: sqlConflictMarkers,
  conflictTest: sqlConflictTest,

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || !isChainEnd(call)) return undefined;
    const query = queryOf(call);
    if (!query) return undefined;
    const written = writtenFields(query.links.get('values') ?? query.links.get('set'), file);
    const kind = kindOf(query, written.computed, file);
    const isUpdate = kind === 'update' || kind === 'atomic-update';
    const keys = query.chain.links
      .filter((link) => link.name === 'where')
      .flatMap((link) => whereKeys(link, query.tables, isUpdate ? writeFilterOperators : lookupOperators, file));
    const dialect = dialectOf(file);
    // An update that returns its row through `executeTakeFirstOrThrow()` throws when it matched none.
    const fails = isUpdate && returnsRows(query) && query.chain.links.at(-1)?.name === 'executeTakeFirstOrThrow';
    return {
      kind,
      library: 'kysely',
      resource: query.tables[0],
      keys,
      data: written.fields,
      opaqueData: written.opaque,
      node: call,
      label: chainText(query.chain, file.sourceCode, (link) => link === query.builder),
      ...([...lockLinks].some((name) => query.links.has(name)) ? { locks: true } : {}),
      ...(dialect ? { dialect } : {}),
      ...(fails ? { failsWithoutMatch: true } : {}),
    } satisfies Access;
  },

  transaction(call, file) {
    const [callback] = call.arguments;
    const { links } = chainOf(call);
    if (!callback || !isFunction(callback) || links.at(-1)?.name !== 'execute') return undefined;
    const start = links.findIndex((link) => link.name === 'transaction');
    const settings = links.slice(start + 1, -1);
    if (start < 0 || !settings.every((link) => link.name === 'setIsolationLevel' || link.name === 'setAccessMode')) return undefined;
    if (!file.imports('kysely') && settings.length === 0 && !/\.(?:selectFrom|insertInto|updateTable|deleteFrom)\(/.test(file.sourceCode.getText(callback))) {
      return undefined;
    }
    const level = settings.find((link) => link.name === 'setIsolationLevel')?.call.arguments[0];
    return { callback, library: 'kysely', isolation: isolationOf(level) };
  },

  atomicCreate(check, create, file) {
    return create.node.type === AST_NODE_TYPES.CallExpression ? onConflictDoNothing(check, create, create.node, file) : undefined;
  },

  atomicUpdate(stale, file) {
    const edits = stale.changes.length > 0 ? expressionEdits(stale, file) : undefined;
    return edits && { form: changeForms(stale, file), edits };
  },

  conditionalUpdate(stale, file) {
    const write = stale.write.node;
    const query = write.type === AST_NODE_TYPES.CallExpression && stale.write.library === 'kysely' ? queryOf(write) : undefined;
    if (query?.builder.name !== 'updateTable' || write.type !== AST_NODE_TYPES.CallExpression) return undefined;
    if (returnsRows(query)) return undefined;
    if (stale.changes.length === 0 && stale.write.kind !== 'atomic-update') return undefined;
    const edits = stale.changes.length > 0 ? expressionEdits(stale, file) : [];
    const executor = write.callee.type === AST_NODE_TYPES.MemberExpression ? write.callee.property : undefined;
    if (!edits || !executor) return undefined;
    // `executeTakeFirst()` of an update is its one result: the rows it changed.
    const filter = conditionFilter(stale.condition, file);
    const call = textWithEdits(write, [...edits, { range: [executor.range[0], write.range[1]], text: `${filter}.executeTakeFirst()` }], file.sourceCode);
    const edit = checkedWrite(stale.write, '{ numUpdatedRows }', call, 'numUpdatedRows === 0n', stale.condition, file);
    const changes = stale.changes.length > 0 ? ` and ${changeForms(stale, file)}` : '';
    return edit && { form: `\`.${filter}\`${changes}, exiting when it changes no row`, edits: [edit] };
  },

  lockRead(read, file) {
    const edit = dialectFor(read, file) === 'sqlite' ? undefined : linkBefore(read.node, 'forUpdate()');
    return edit && { form: '`.forUpdate()`', edits: [edit] };
  },

  serializable(scope) {
    const execute = scope.callback.parent;
    if (execute?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const level = chainOf(execute).links.find((link) => link.name === 'setIsolationLevel')?.call.arguments[0];
    const form = "`.setIsolationLevel('serializable')`";
    if (level) return { form, edits: [{ range: level.range, text: "'serializable'" }] };
    const edit = linkBefore(execute, "setIsolationLevel('serializable')");
    return edit && { form, edits: [edit] };
  },
};

/** `eb('balance', '+', amount)`: a relative change as a Kysely expression on the column. */
const changeExpression = (eb: string, change: RelativeChange, file: FileFacts): string =>
  `${eb}(${quote(change.field)}, '${change.operator}', ${amountText(change, file)})`;

const changeForms = (stale: StaleWrite, file: FileFacts): string =>
  stale.changes.map((change) => `\`${changeExpression('eb', change, file)}\``).join(', ');

/**
 * The `set` of a Kysely update with each relative change written as an expression on its column:
 * `set({ balance: w.balance + amount })` becomes `set((eb) => ({ balance: eb('balance', '+', amount) }))`.
 */
function expressionEdits(stale: StaleWrite, file: FileFacts): Rewrite['edits'] | undefined {
  const write = stale.write.node;
  const set = write.type === AST_NODE_TYPES.CallExpression && stale.write.library === 'kysely' ? queryOf(write)?.links.get('set') : undefined;
  const [first, second] = set?.call.arguments ?? [];
  if (!first) return undefined;
  const builder = firstParameterName(first);
  const eb = builder ?? 'eb';
  if (builder === undefined && !isNameFree(eb, write, file.sourceCode)) return undefined;
  const edits = stale.changes.map((change) => {
    const field = stale.write.data.find((found) => found.name === change.field);
    return field && valueEdit(field, `${builder === undefined && second ? `(${eb}) => ` : ''}${changeExpression(eb, change, file)}`);
  });
  if (!edits.every((edit) => edit !== undefined)) return undefined;
  // `set('balance', value)` and `set((eb) => ({ … }))` take the expressions in place.
  if (builder !== undefined || second) return edits;
  if (first.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return [{ range: first.range, text: `(${eb}) => (${textWithEdits(first, edits, file.sourceCode)})` }];
}

/**
 * `db.insertInto('t').values(row).execute()` gains `.onConflict((oc) => oc.columns([…]).doNothing())`
 * before `.execute()`, or `.ignore()` on MySQL, which has no ON CONFLICT.
 */
function onConflictDoNothing(check: Access, create: Access, call: TSESTree.CallExpression, file: FileFacts): AtomicCreate | undefined {
  const query = queryOf(call);
  const builder = call.callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(call.callee.object) : undefined;
  if (query?.builder.name !== 'insertInto' || builder?.type !== AST_NODE_TYPES.CallExpression || check.keys.length === 0) return undefined;
  const { columns, note } = conflictTarget(check, create, file);
  const mysql = (create.dialect ?? file.schema().dialect) === 'mysql';
  const link = mysql ? '.ignore()' : `.onConflict((oc) => oc.columns([${columns.map(quote).join(', ')}]).doNothing())`;
  const statement = mysql ? 'INSERT IGNORE' : 'INSERT … ON CONFLICT DO NOTHING';
  return {
    form: `${statement} with \`${link}\`${note}`,
    node: builder,
    text: appendLink(builder, link, file.sourceCode),
  };
}
