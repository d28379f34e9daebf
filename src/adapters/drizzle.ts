import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field, Isolation } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Comparison, RelativeChange } from '../analysis/changes.js';
import type { Adapter, Rewrite, StaleWrite } from './types.js';
import {
  calleeName,
  chainOf,
  findVariable,
  isChainEnd,
  isFunction,
  memberName,
  normalizedText,
  objectFields,
  property,
  resolveObject,
  staticString,
  unwrap,
  type ChainLink,
} from '../utils/ast.js';
import { isNameFree, textWithEdits } from '../utils/fixes.js';
import { sameResource } from '../utils/names.js';
import { readStatement } from '../sql/statement.js';
import { dialectFor } from '../analysis/context.js';
import { amountText, checkedWrite, linkAfter, valueEdit } from './rewrites.js';
import { serializableOption } from './sql-builders.js';

const library = 'drizzle';

/** The call that names what a builder chain does; everything after it refines it. */
const anchors = new Set(['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', '$count']);
const conflictClauses = new Set(['onConflictDoNothing', 'onConflictDoUpdate', 'onDuplicateKeyUpdate']);
/** Executors of the SQLite drivers; better-sqlite3's return rows, not promises. */
const sqliteExecutors = new Set(['get', 'all', 'run']);
/** Methods that run a raw `sql` template: `db.execute(sql\`…\`)`, and SQLite's `db.run(sql\`…\`)`. */
const rawExecutors = new Set(['execute', ...sqliteExecutors]);
/** The unique-violation codes of node-postgres/postgres.js, mysql2, and better-sqlite3/libsql. */
const uniqueViolationCodes = "'23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'";
const isolationLevels: Readonly<Record<string, Isolation>> = {
  serializable: 'serializable',
  'repeatable read': 'repeatable-read',
  'read committed': 'read-committed',
  'read uncommitted': 'read-uncommitted',
};
type Dialect = NonNullable<Access['dialect']>;
/** drizzle-orm subpaths (drivers and table-builder cores) that name one database engine. */
const dialectModules: Readonly<Record<Dialect, readonly string[]>> = {
  postgresql: [
    'pg-core',
    'node-postgres',
    'postgres-js',
    'neon-http',
    'neon-serverless',
    'vercel-postgres',
    'pglite',
    'pg-proxy',
    'aws-data-api/pg',
  ],
  mysql: ['mysql-core', 'mysql2', 'mysql-proxy', 'planetscale-serverless', 'tidb-serverless', 'singlestore', 'singlestore-core'],
  sqlite: [
    'sqlite-core',
    'better-sqlite3',
    'libsql',
    'bun-sqlite',
    'd1',
    'expo-sqlite',
    'op-sqlite',
    'sql-js',
    'durable-sqlite',
    'sqlite-proxy',
  ],
};
const dialectNames = Object.keys(dialectModules) as Dialect[];
/** The operator functions of a write's filter that hold it to a condition on the row (`gte(t.stock, qty)`). */
const conditionOperators: Readonly<Record<Comparison, string>> = { '>=': 'gte', '>': 'gt', '<=': 'lte', '<': 'lt' };
const lookupOperators: ReadonlySet<string> = new Set(['eq']);
const writeFilterOperators: ReadonlySet<string> = new Set(['eq', 'ne', ...Object.values(conditionOperators)]);

type Query = Omit<Access, 'library' | 'node'>;
/** Whether an expression is the table a condition's columns belong to (`profiles` in `profiles.handle`). */
type IsTable = (object: TSESTree.Node) => boolean;

/** The engine the file's drizzle imports name (driver or table-builder core); undefined when none or several. */
function dialectOf(file: FileFacts): Dialect | undefined {
  const named = dialectNames.filter((dialect) =>
    dialectModules[dialect].some((module) => file.imports(`drizzle-orm/${module}`)),
  );
  return named.length === 1 ? named[0] : undefined;
}

/** The engine of the module a builder function was imported from: `pgTable` from `drizzle-orm/pg-core`. */
function moduleDialect(callee: TSESTree.Node, file: FileFacts): Dialect | undefined {
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const source = file.importSourceOf(callee.name);
  const module = source?.startsWith('drizzle-orm/') ? source.slice('drizzle-orm/'.length) : undefined;
  return module === undefined ? undefined : dialectNames.find((dialect) => dialectModules[dialect].includes(module));
}

/** The call a module-level identifier is bound to: `pgTable(…)` for `users` in `const users = pgTable(…)`. */
function initCall(node: TSESTree.Node, file: FileFacts): TSESTree.CallExpression | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(file.sourceCode, node)?.defs[0]?.node;
  const init = definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init ? unwrap(definition.init) : undefined;
  return init?.type === AST_NODE_TYPES.CallExpression ? init : undefined;
}

/**
 * The engine of a table built in this file: `pgTable(…)`, `pgSchema(…).table(…)` or a
 * `pgTableCreator(…)` result, and the other cores' builders.
 */
function tableDialect(node: TSESTree.Node, file: FileFacts): Dialect | undefined {
  const call = initCall(unwrap(node), file);
  if (!call) return undefined;
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const factory = memberName(callee) === 'table' ? initCall(callee.object, file) : undefined;
    return factory && moduleDialect(factory.callee, file);
  }
  const creator = initCall(callee, file);
  return moduleDialect(creator ? creator.callee : callee, file);
}

/**
 * The name of a table passed to a builder: an identifier or `schema.table` bound at module level
 * (tables are imported or built there), in a file that imports drizzle-orm; or any table the
 * schema index declares. A local such as the key in `cache.delete(key)` is not a table.
 */
function tableName(node: TSESTree.Node | undefined, file: FileFacts): string | undefined {
  const target = node && unwrap(node);
  const root = target?.type === AST_NODE_TYPES.MemberExpression ? target.object : target;
  if (root?.type !== AST_NODE_TYPES.Identifier || !target) return undefined;
  const name = target.type === AST_NODE_TYPES.MemberExpression ? memberName(target) : root.name;
  if (name === undefined) return undefined;
  if (file.imports('drizzle-orm') && findVariable(file.sourceCode, root)?.scope.block.type === AST_NODE_TYPES.Program) {
    return name;
  }
  return file.schema().declares(name) ? name : undefined;
}

/** `table.column` of the given table: the column's key. */
function columnOf(node: TSESTree.Node | undefined, isTable: IsTable): string | undefined {
  const target = node && unwrap(node);
  if (target?.type !== AST_NODE_TYPES.MemberExpression || !isTable(target.object)) return undefined;
  return memberName(target);
}

/**
 * `eq(t.col, value)` conditions, alone or inside `and(…)`: the columns a query selects by; for a
 * write also `gte(t.stock, qty)` and the other comparisons (`operators`), conditions on the row.
 */
function conditionKeys(node: TSESTree.Node | undefined, isTable: IsTable, operators = lookupOperators): Field[] {
  const condition = node && unwrap(node);
  if (condition?.type !== AST_NODE_TYPES.CallExpression) return [];
  const operator = calleeName(condition);
  if (operator === 'and') return condition.arguments.flatMap((argument) => conditionKeys(argument, isTable, operators));
  const [left, right] = condition.arguments;
  if (operator === undefined || !operators.has(operator) || !left || !right) return [];
  const [leftColumn, rightColumn] = [columnOf(left, isTable), columnOf(right, isTable)];
  if (leftColumn !== undefined && rightColumn === undefined) return [{ name: leftColumn, value: right }];
  if (rightColumn !== undefined && leftColumn === undefined) return [{ name: rightColumn, value: left }];
  return [];
}

/** The object filter of relational queries v2: `{ handle, age: { eq: 3 }, AND: [ … ] }`. */
function objectFilterKeys(filter: TSESTree.ObjectExpression, file: FileFacts): Field[] {
  return objectFields(filter, file.sourceCode).fields.flatMap((field) => {
    const value = field.value && unwrap(field.value);
    if (!value || ['OR', 'NOT', 'RAW'].includes(field.name)) return [];
    if (field.name === 'AND') {
      if (value.type !== AST_NODE_TYPES.ArrayExpression) return [];
      return value.elements.flatMap((element) => {
        const inner = element ? resolveObject(element, file.sourceCode) : undefined;
        return inner ? objectFilterKeys(inner, file) : [];
      });
    }
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return [field];
    const equal = property(value, 'eq');
    return equal && value.properties.length === 1 ? [{ name: field.name, value: equal }] : [];
  });
}

/** The expression an arrow or function returns, when its body is that one expression or `return`. */
function returned(fn: TSESTree.Node): TSESTree.Node | undefined {
  if (!isFunction(fn)) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const [statement, ...rest] = fn.body.body;
  return statement?.type === AST_NODE_TYPES.ReturnStatement && rest.length === 0
    ? (statement.argument ?? undefined)
    : undefined;
}

/** `where` of a relational query: a condition, `(t, { eq }) => eq(t.col, v)`, or an object filter. */
function relationalKeys(where: TSESTree.Node | undefined, table: string, file: FileFacts): Field[] {
  if (!where) return [];
  const bare = unwrap(where);
  if (isFunction(bare)) {
    const [parameter] = bare.params;
    const body = returned(bare);
    if (parameter?.type !== AST_NODE_TYPES.Identifier || !body) return [];
    return conditionKeys(body, (object) => object.type === AST_NODE_TYPES.Identifier && object.name === parameter.name);
  }
  const filter = resolveObject(where, file.sourceCode);
  if (filter) return objectFilterKeys(filter, file);
  return conditionKeys(where, (object) => {
    const name =
      object.type === AST_NODE_TYPES.Identifier
        ? object.name
        : object.type === AST_NODE_TYPES.MemberExpression
          ? memberName(object)
          : undefined;
    return name !== undefined && sameResource(name, table);
  });
}

/** `db.query.profiles.findFirst({ where })` and `findMany`. */
function relationalQuery(root: TSESTree.Node, links: readonly ChainLink[], file: FileFacts): Query | undefined {
  const [link] = links;
  if (links.length !== 1 || !link || (link.name !== 'findFirst' && link.name !== 'findMany')) return undefined;
  if (root.type !== AST_NODE_TYPES.MemberExpression || root.object.type !== AST_NODE_TYPES.MemberExpression) {
    return undefined;
  }
  const table = memberName(root);
  if (memberName(root.object) !== 'query' || table === undefined) return undefined;
  if (!file.imports('drizzle-orm') && !file.schema().declares(table)) return undefined;
  const where = property(resolveObject(link.call.arguments[0], file.sourceCode), 'where');
  return {
    kind: 'read',
    resource: table,
    keys: relationalKeys(where, table, file),
    data: [],
    label: `${file.sourceCode.getText(root)}.${link.name}`,
  };
}

/** `sql\`${t.stock} - 1\`` or `sql\`stock - 1\``: a value computed from the row itself. */
function isRelative(value: TSESTree.Node | undefined, column: string, isTable: IsTable): boolean {
  const bare = value && unwrap(value);
  if (bare?.type !== AST_NODE_TYPES.TaggedTemplateExpression || calleeName(bare) !== 'sql') return false;
  return (
    bare.quasi.expressions.some((expression) => columnOf(expression, isTable) !== undefined) ||
    bare.quasi.quasis.some((quasi) => quasi.value.raw.split(/\W+/).includes(column))
  );
}

/**
 * Raw SQL in drizzle's `sql` template, read by the SQL statement reader. `${users}` and
 * `${users.email}` interpolate names; any other expression is a bound value.
 */
function rawQuery(links: readonly ChainLink[], file: FileFacts): Query | undefined {
  const [link] = links;
  const template = link?.call.arguments[0];
  if (links.length !== 1 || !link || !rawExecutors.has(link.name)) return undefined;
  if (template?.type !== AST_NODE_TYPES.TaggedTemplateExpression || template.tag.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  if (file.importSourceOf(template.tag.name) !== 'drizzle-orm') return undefined;
  const values: TSESTree.Node[] = [];
  const text = template.quasi.quasis
    .map((quasi, index) => {
      const expression = template.quasi.expressions[index];
      const name = expression && tableName(expression, file);
      if (expression && name === undefined) values.push(expression);
      const interpolated = !expression ? '' : (name ?? `$${values.length}`);
      return `${quasi.value.cooked ?? quasi.value.raw}${interpolated}`;
    })
    .join('');
  const statement = readStatement(text, values, 'numbered');
  if (!statement) return undefined;
  const { summary, ...access } = statement;
  return { ...access, label: `${file.sourceCode.getText(link.call.callee)} (${summary})` };
}

/**
 * `db.select().from(t).where(…)`, `db.$count(t, …)`, `db.insert(t).values(…)`, `db.update(t).set(…)`
 * and `db.delete(t).where(…)`, with whatever follows them in the chain.
 */
function builderQuery(links: readonly ChainLink[], file: FileFacts): Query | undefined {
  const start = links.findIndex((link) => anchors.has(link.name));
  const anchor = links[start];
  if (!anchor || anchor.call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const after = links.slice(start + 1);
  const find = (name: string): ChainLink | undefined => after.find((link) => link.name === name);
  const isSelect = anchor.name.startsWith('select');
  const tableNode = isSelect ? find('from')?.call.arguments[0] : anchor.call.arguments[0];
  const resource = tableName(tableNode, file);
  if (resource === undefined || !tableNode) return undefined;
  const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
  const client = text(anchor.call.callee.object);
  const tableText = normalizedText(file.sourceCode, tableNode);
  const isTable: IsTable = (object) => normalizedText(file.sourceCode, object) === tableText;
  const condition = anchor.name === '$count' ? anchor.call.arguments[1] : find('where')?.call.arguments[0];
  const keys = conditionKeys(condition, isTable, anchor.name === 'update' ? writeFilterOperators : lookupOperators);
  const dialect = tableDialect(tableNode, file);
  const base = {
    resource,
    keys,
    data: [],
    label: `${client}.${anchor.name}(${text(tableNode)})`,
    ...(dialect ? { dialect } : {}),
  };
  if (isSelect) {
    const label = `${client}.${anchor.name}().from(${text(tableNode)})`;
    return { ...base, kind: 'read', label, ...(find('for') ? { locks: true } : {}) };
  }
  if (anchor.name === '$count') return after.length === 0 ? { ...base, kind: 'exists' } : undefined;
  if (anchor.name === 'delete') return { ...base, kind: 'delete' };
  if (anchor.name === 'insert') {
    const rows = find('values')?.call.arguments[0];
    if (!rows) return undefined;
    const bare = unwrap(rows);
    const written = (bare.type === AST_NODE_TYPES.ArrayExpression ? bare.elements : [bare]).map((row) =>
      objectFields(row ?? undefined, file.sourceCode),
    );
    const kind = after.some((link) => conflictClauses.has(link.name)) ? 'upsert' : 'create';
    return { ...base, kind, data: written.flatMap((w) => w.fields), opaqueData: written.flatMap((w) => w.opaque) };
  }
  const set = objectFields(find('set')?.call.arguments[0], file.sourceCode);
  const relative = set.fields.some((field) => isRelative(field.value, field.name, isTable));
  return { ...base, kind: relative ? 'atomic-update' : 'update', data: set.fields, opaqueData: set.opaque };
}

export const drizzle: Adapter = {
  library,
  transactionHandles: ['PgTransaction', 'MySqlTransaction', 'SQLiteTransaction'],
  callNames: new Set([
    ...anchors,
    ...sqliteExecutors,
    ...conflictClauses,
    'from',
    'where',
    'limit',
    'offset',
    'orderBy',
    'groupBy',
    'for',
    'innerJoin',
    'leftJoin',
    'execute',
    'values',
    'returning',
    '$returningId',
    'set',
    'findFirst',
    'findMany',
    'transaction',
  ]),
  conflictMarkers: ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT'],
  // drizzle-orm 0.44+ wraps the driver's error in a DrizzleQueryError whose `cause` carries the code.
  conflictTest: (error) =>
    `${error} instanceof Error && [${error}, 'cause' in ${error} ? ${error}.cause : undefined].some((e) => ` +
    `e instanceof Object && 'code' in e && [${uniqueViolationCodes}].includes(String(e.code)))`,

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || !isChainEnd(call)) return undefined;
    const { root, links } = chainOf(call);
    const query = relationalQuery(root, links, file) ?? rawQuery(links, file) ?? builderQuery(links, file);
    if (!query) return undefined;
    // A SQLite executor used without `await` ran synchronously (better-sqlite3).
    const executor = links.at(-1)?.name ?? '';
    const synchronous = sqliteExecutors.has(executor) && call.parent.type !== AST_NODE_TYPES.AwaitExpression;
    // The table's own builder names the engine first; else the file's driver or core import.
    const dialect = query.dialect ?? dialectOf(file);
    return { ...query, library, node: call, ...(synchronous ? { synchronous } : {}), ...(dialect ? { dialect } : {}) };
  },

  transaction(call, file) {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'transaction') {
      return undefined;
    }
    const [callback, config] = call.arguments;
    if (!callback || !isFunction(callback) || !file.imports('drizzle-orm')) return undefined;
    const options = resolveObject(config, file.sourceCode);
    // SQLite runs every transaction serializably; `behavior` is an option of SQLite drivers only.
    if (dialectOf(file) === 'sqlite' || property(options, 'behavior')) {
      return { callback, library, isolation: 'serializable' };
    }
    const level = staticString(property(options, 'isolationLevel'))?.toLowerCase();
    return { callback, library, isolation: (level === undefined ? undefined : isolationLevels[level]) ?? 'unknown' };
  },

  atomicUpdate(stale, file) {
    const update = updateOf(stale, file);
    const imports = update && importedNames(['sql'], update.call, file);
    const edits = update && imports && columnEdits(stale, update.table, file);
    return edits && { form: changeForms(stale, update.table, file), edits: [...edits, ...imports] };
  },

  conditionalUpdate(stale, file) {
    const update = updateOf(stale, file);
    const where = update?.where;
    const condition = where?.call.arguments[0];
    // MySQL has no RETURNING, and its drivers report changed rows each in their own shape.
    if (!update || !where || !condition || dialectFor(stale.write, file) === 'mysql') return undefined;
    if (!isIdentifier(stale.condition.field) || (stale.changes.length === 0 && stale.write.kind !== 'atomic-update')) return undefined;
    const operator = conditionOperators[stale.condition.operator];
    const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
    const test = `${operator}(${update.table}.${stale.condition.field}, ${text(stale.condition.value)})`;
    // `and(a, b)` takes the test as one more argument.
    const isAnd = condition.type === AST_NODE_TYPES.CallExpression && condition.callee.type === AST_NODE_TYPES.Identifier && condition.callee.name === 'and';
    const conjunct = isAnd && file.importSourceOf('and') === 'drizzle-orm' ? condition.arguments.at(-1) : undefined;
    const names = [operator, ...(conjunct ? [] : ['and']), ...(stale.changes.length > 0 ? ['sql'] : [])];
    const imports = importedNames(names, update.call, file);
    const columns = stale.changes.length > 0 ? columnEdits(stale, update.table, file) : [];
    if (!imports || !columns) return undefined;
    const filter = conjunct
      ? { range: [conjunct.range[1], conjunct.range[1]] as const, text: `, ${test}` }
      : { range: condition.range, text: `and(${text(condition)}, ${test})` };
    const returning = update.returns ? [] : [linkAfter(update.call, '.returning()', file.sourceCode)];
    const call = textWithEdits(update.call, [...columns, filter, ...returning], file.sourceCode);
    const edit = checkedWrite(stale.write, 'updated', call, 'updated.length === 0', stale.condition, file);
    const changes = stale.changes.length > 0 ? ` and ${changeForms(stale, update.table, file)}` : '';
    return edit && { form: `\`${test}\` in the filter${changes}, exiting when it changes no row`, edits: [edit, ...imports] };
  },

  lockRead(read, file) {
    const call = read.node;
    if (call.type !== AST_NODE_TYPES.CallExpression || read.library !== library || dialectFor(read, file) === 'sqlite') return undefined;
    const links = chainOf(call).links;
    if (!links.some((link) => link.name.startsWith('select'))) return undefined;
    // `.execute()` runs the query: the lock belongs to the builder before it.
    const builder = links.at(-1)?.name === 'execute' && call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : call;
    if (builder.type !== AST_NODE_TYPES.CallExpression) return undefined;
    return { form: "`.for('update')`", edits: [linkAfter(builder, ".for('update')", file.sourceCode)] };
  },

  serializable(scope, file) {
    return serializableOption(scope, file);
  },

  atomicCreate(check, create, file) {
    if (create.node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const links = chainOf(create.node).links;
    const values = links.find((link) => link.name === 'values');
    const table = links.find((link) => link.name === 'insert')?.call.arguments[0];
    if (!values || !table) return undefined;
    const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
    const keys = check.keys.map((key) => key.name);
    const unique =
      check.keysAreUnique || (create.resource !== undefined && file.schema().uniqueFor(create.resource, keys));
    const requirement = unique
      ? ''
      : `, after adding a unique constraint on ${create.resource ?? 'the table'} (${keys.join(', ')})`;
    if (create.dialect !== 'mysql') {
      const form = `\`.onConflictDoNothing()\`${requirement}`;
      return { form, node: values.call, text: `${text(values.call)}.onConflictDoNothing()` };
    }
    // MySQL has no DO NOTHING: a duplicate key "updates" the key to itself.
    const [key] = keys;
    if (key === undefined || file.importSourceOf('sql') !== 'drizzle-orm') return undefined;
    return {
      form: `\`.onDuplicateKeyUpdate()\` that keeps the row${requirement}`,
      node: values.call,
      text: `${text(values.call)}.onDuplicateKeyUpdate({ set: { ${key}: sql\`\${${text(table)}.${key}}\` } })`,
    };
  },
};

/** The parts of a stale `db.update(t).set(…).where(…)` a rewrite changes. */
interface Update {
  readonly call: TSESTree.CallExpression;
  /** The table as the update names it. */
  readonly table: string;
  readonly where: ChainLink | undefined;
  /** The chain already returns the changed rows. */
  readonly returns: boolean;
}

function updateOf(stale: StaleWrite, file: FileFacts): Update | undefined {
  const call = stale.write.node;
  if (stale.write.library !== library || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const links = chainOf(call).links;
  const table = links.find((link) => link.name === 'update')?.call.arguments[0];
  // A chain that runs the query (`.execute()`) or prepares it has no builder to extend.
  const last = links.at(-1)?.name;
  if (!table || last === 'execute' || last === 'prepare' || sqliteExecutors.has(last ?? '')) return undefined;
  const where = links.find((link) => link.name === 'where');
  const returns = links.some((link) => link.name === 'returning');
  return { call, table: file.sourceCode.getText(table), where, returns };
}

/** A field name the table's columns can be reached by as `table.field`. */
const isIdentifier = (name: string): boolean => /^[A-Za-z_$][\w$]*$/.test(name);

/** `sql\`${wallets.balance} + ${amount}\``: a relative change computed by the database from the column. */
function changeExpression(change: RelativeChange, table: string, file: FileFacts): string | undefined {
  if (!isIdentifier(change.field)) return undefined;
  // A number written in the code goes into the SQL text; anything else is a bound parameter.
  const literal = !change.amount || (change.amount.type === AST_NODE_TYPES.Literal && typeof change.amount.value === 'number');
  const amount = literal ? amountText(change, file) : `\${${amountText(change, file)}}`;
  return `sql\`\${${table}.${change.field}} ${change.operator} ${amount}\``;
}

const changeForms = (stale: StaleWrite, table: string, file: FileFacts): string =>
  stale.changes.map((change) => changeExpression(change, table, file)).join(', ');

/** Each stale field of the `set` written as its change computed from the column. */
function columnEdits(stale: StaleWrite, table: string, file: FileFacts): Rewrite['edits'] | undefined {
  const edits = stale.changes.map((change) => {
    const field = stale.write.data.find((found) => found.name === change.field);
    const expression = changeExpression(change, table, file);
    return field && expression !== undefined ? valueEdit(field, expression) : undefined;
  });
  return edits.every((edit) => edit !== undefined) ? edits : undefined;
}

/**
 * The edits that make drizzle-orm's `names` usable at a node: none for a name imported from it,
 * the others added to the file's `import { … } from 'drizzle-orm'` (or a new one). Undefined
 * when a name is already taken by something else.
 */
function importedNames(names: readonly string[], at: TSESTree.Node, file: FileFacts): Rewrite['edits'] | undefined {
  const missing = [...new Set(names)].filter((name) => file.importSourceOf(name) !== 'drizzle-orm');
  if (missing.length === 0) return [];
  if (!missing.every((name) => isNameFree(name, at, file.sourceCode))) return undefined;
  const program = file.sourceCode.ast;
  const declaration = program.body.find(
    (statement): statement is TSESTree.ImportDeclaration =>
      statement.type === AST_NODE_TYPES.ImportDeclaration &&
      statement.source.value === 'drizzle-orm' &&
      statement.importKind !== 'type' &&
      statement.specifiers.some((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier),
  );
  const last = declaration?.specifiers.at(-1);
  if (last) return [{ range: [last.range[1], last.range[1]], text: `, ${missing.join(', ')}` }];
  const start = program.body[0]?.range[0] ?? 0;
  return [{ range: [start, start], text: `import { ${missing.join(', ')} } from 'drizzle-orm';\n` }];
}
