import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { chainOf, firstParameterName, memberName, returnedExpression, staticString, unwrap } from '../utils/ast.js';
import { fieldList, type FactsBuilder } from './facts-builder.js';
import { isImported, resolveImport, type FileIndex } from './source-file.js';
import { isObject, objectProperties, parameterMembers, propertyName, propertyValue } from './static-values.js';

const TABLES = ['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable', 'gelTable'];
const TABLE_CREATORS = TABLES.map((name) => `${name}Creator`);
const SCHEMAS = ['pgSchema', 'mysqlSchema', 'singlestoreSchema', 'gelSchema'];
const CONSTRAINTS = ['unique', 'uniqueIndex', 'primaryKey'];

/** `pgTable('users', { … }, (t) => [ … ])` and the other dialects' table builders. */
export function readDrizzle(file: FileIndex, facts: FactsBuilder): void {
  for (const call of file.calls) {
    if (call.type === AST_NODE_TYPES.CallExpression && isTableBuilder(call.callee, file)) {
      readTable(call, file, facts);
    }
  }
}

/** `pgTable`, a `pgTableCreator(…)` result, or `.table` of a `pgSchema(…)` result. */
function isTableBuilder(callee: TSESTree.Node, file: FileIndex): boolean {
  if (isImported(callee, file, 'drizzle', TABLES)) return true;
  const [factory, names] =
    callee.type === AST_NODE_TYPES.Identifier
      ? [file.initOf.get(callee.name), TABLE_CREATORS]
      : callee.type === AST_NODE_TYPES.MemberExpression &&
          memberName(callee) === 'table' &&
          callee.object.type === AST_NODE_TYPES.Identifier
        ? [file.initOf.get(callee.object.name), SCHEMAS]
        : [undefined, []];
  return factory?.type === AST_NODE_TYPES.CallExpression && isImported(factory.callee, file, 'drizzle', names);
}

function readTable(call: TSESTree.CallExpression, file: FileIndex, facts: FactsBuilder): void {
  const [nameArg, columnsArg, extraConfig] = call.arguments;
  const variable = file.nameOf.get(call);
  const table = staticString(nameArg);
  const owner = variable ?? table;
  if (owner === undefined) return;
  const resources = [variable, table].filter((name): name is string => name !== undefined);
  facts.declare(resources, { library: 'drizzle', range: call.range });
  // Columns are an object, or since drizzle 0.36 may come from `(t) => ({ id: t.serial() })`.
  const columns = isObject(columnsArg) ? columnsArg : returnedExpression(columnsArg);
  for (const column of objectProperties(columns)) {
    const field = propertyName(column);
    const value = unwrap(column.value);
    if (field === undefined || value.type !== AST_NODE_TYPES.CallExpression) continue;
    for (const link of chainOf(value).links) {
      if (link.name !== 'primaryKey' && link.name !== 'unique') continue;
      const name = link.name === 'unique' ? staticString(link.call.arguments[0]) : undefined;
      facts.add(resources, [field], `.${link.name}(${name ? `'${name}'` : ''}) on ${owner}.${field}`);
    }
  }
  readExtraConfig(extraConfig, resources, owner, file, facts);
}

/** `(t) => [unique().on(t.a, t.b), …]`, or the older `(t) => ({ name: uniqueIndex('x').on(t.a) })`. */
function readExtraConfig(
  config: TSESTree.Node | undefined,
  resources: readonly string[],
  owner: string,
  file: FileIndex,
  facts: FactsBuilder,
): void {
  const parameter = firstParameterName(config);
  const returned = returnedExpression(config);
  if (parameter === undefined || !returned) return;
  const entries =
    returned.type === AST_NODE_TYPES.ArrayExpression
      ? returned.elements
      : objectProperties(returned).map((entry) => entry.value);
  for (const entry of entries) {
    const node = entry && unwrap(entry);
    if (node?.type !== AST_NODE_TYPES.CallExpression) continue;
    const [builder, ...rest] = chainOf(node).links;
    const kind = builder && resolveImport(builder.call.callee, file.imports);
    if (!builder || kind?.library !== 'drizzle' || !CONSTRAINTS.includes(kind.name)) continue;
    const [firstArg] = builder.call.arguments;
    const isPrimary = kind.name === 'primaryKey';
    // `primaryKey({ name, columns: [t.a, t.b] })` or the older `primaryKey(t.a, t.b)`.
    const columnNodes = isPrimary
      ? [propertyValue(firstArg, 'columns') ?? builder.call.arguments].flat()
      : rest.filter((link) => ['on', 'onOnly', 'using'].includes(link.name)).flatMap((link) => link.call.arguments);
    const fields = parameterMembers(columnNodes, parameter);
    const name = isPrimary ? staticString(propertyValue(firstArg, 'name')) : staticString(firstArg);
    const description = name ? `${kind.name}('${name}')` : `${kind.name}() on ${owner}(${fieldList(fields)})`;
    facts.add(resources, fields, description, rest.some((link) => link.name === 'where'));
  }
}
