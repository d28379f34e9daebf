import { Node, SyntaxKind, type CallExpression, type PropertyAssignment } from 'ts-morph';
import type { MissingConstraint } from '../missing-constraint.js';
import { resolveFields, skipAll, skipReason, type ModelOutcome } from './model-outcome.js';
import { keyOf, propertyAssignments, withoutParentheses, type SourceEdits } from './source-edits.js';

/** The dialect modules that export the table builders and `uniqueIndex`. */
const coreModule = /^drizzle-orm\/[a-z]+-core$/;

/**
 * Drizzle: `.unique()` at the end of a single column's builder, `uniqueIndex('name').on(t.a, t.b)`
 * in the table's extra config for several (the config added when the table has none).
 */
export function addDrizzleConstraints(node: Node, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  if (!Node.isCallExpression(node)) return skipAll(wanted, 'its declaration is not a table builder call');
  const [nameArg, columnsArg] = node.getArguments();
  const variable = node.getParentIfKind(SyntaxKind.VariableDeclaration)?.getName();
  const table = Node.isStringLiteral(nameArg) ? nameArg.getLiteralValue() : (variable ?? 'the table');
  // Columns are an object, or since drizzle 0.36 may come from `(t) => ({ … })`.
  const columns = columnsArg && Node.isArrowFunction(columnsArg) ? withoutParentheses(columnsArg.getBody()) : columnsArg;
  if (!Node.isObjectLiteralExpression(columns)) return skipAll(wanted, `the columns of ${table} are not an object literal`);
  const { resolved, outcome } = resolveFields(wanted, propertyAssignments(columns), keyOf, table);
  const indexes: NewIndex[] = [];
  for (const { constraint, members } of resolved) {
    const [only] = members;
    if (members.length > 1) {
      indexes.push({ constraint, columns: members });
      continue;
    }
    const builder = withoutParentheses(only.getInitializerOrThrow());
    if (Node.isCallExpression(builder)) {
      edits.insertAt(builder.getEnd(), linkText(builder, '.unique()', edits));
      outcome.added.push(`.unique() on ${table}.${keyOf(only)}`);
    } else {
      outcome.skipped.push(skipReason(constraint, `the column ${table}.${keyOf(only)} is not built in the table`));
    }
  }
  if (indexes.length > 0) addUniqueIndexes(node, table, indexes, edits, outcome);
  return outcome;
}

/** A link appended to a builder chain: on a line of its own when the chain puts its links so. */
function linkText(builder: CallExpression, link: string, edits: SourceEdits): string {
  const callee = builder.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || edits.sameLine(callee.getExpression(), callee.getNameNode())) return link;
  return `\n${edits.indentOf(callee.getNameNode())}${link}`;
}

/** A unique index to add, over the columns' properties in the table's columns object. */
interface NewIndex {
  readonly constraint: MissingConstraint;
  readonly columns: readonly PropertyAssignment[];
}

/**
 * `uniqueIndex('<table>_<columns>_key').on(t.a, t.b)` in the extra config: an element of the
 * array it returns, a property of the object older versions return, or a new config.
 */
function addUniqueIndexes(
  call: CallExpression,
  table: string,
  indexes: readonly NewIndex[],
  edits: SourceEdits,
  outcome: ModelOutcome,
): void {
  const config = call.getArguments()[2];
  const parameter = config && Node.isArrowFunction(config) ? config.getParameters()[0]?.getNameNode() : undefined;
  const returned = config && Node.isArrowFunction(config) ? withoutParentheses(config.getBody()) : undefined;
  const fits =
    config === undefined ||
    (Node.isIdentifier(parameter) && (Node.isArrayLiteralExpression(returned) || Node.isObjectLiteralExpression(returned)));
  const module = edits.source.getImportDeclarations().find((declaration) => coreModule.test(declaration.getModuleSpecifierValue()));
  const builder = fits && module ? edits.importedName(module.getModuleSpecifierValue(), 'uniqueIndex') : undefined;
  if (builder === undefined) {
    const reason = fits ? 'uniqueIndex cannot be imported beside the table builder' : 'its extra config is not an arrow function returning an array or object';
    outcome.skipped.push(...indexes.map(({ constraint }) => skipReason(constraint, `${table}: ${reason}`)));
    return;
  }
  const name = parameter?.getText() ?? 'table';
  const entries = indexes.map((entry) => {
    const columns = entry.columns.map(keyOf);
    const index = `${builder}(${edits.string(`${table}_${entry.columns.map(databaseName).join('_')}_key`)})`;
    return { columns, index, text: `${index}.on(${columns.map((column) => `${name}.${column}`).join(', ')})` };
  });
  if (config === undefined) edits.addArgument(call, `(${name}) => [${entries.map(({ text }) => text).join(', ')}]`);
  for (const { columns, text } of config === undefined ? [] : entries) {
    if (Node.isArrayLiteralExpression(returned)) edits.addElement(returned, text);
    else if (Node.isObjectLiteralExpression(returned)) edits.setProperty(returned, `${camelCase(columns)}Unique`, text);
  }
  outcome.added.push(...entries.map(({ columns, index }) => `${index} on ${table} (${columns.join(', ')})`));
}

/** The column's name in the database, `team_id` for `teamId: integer('team_id')`; else its key. */
function databaseName(column: PropertyAssignment): string {
  let root = withoutParentheses(column.getInitializerOrThrow());
  // Down the chain `integer('team_id').notNull().references(…)` to the builder that names it.
  while (Node.isCallExpression(root)) {
    const callee = root.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !Node.isCallExpression(callee.getExpression())) break;
    root = callee.getExpression();
  }
  const [name] = Node.isCallExpression(root) ? root.getArguments() : [];
  return Node.isStringLiteral(name) ? name.getLiteralValue() : keyOf(column);
}

/** `['teamId', 'user_id']` → `teamIdUserId`, a key for the older object form of the extra config. */
function camelCase(columns: readonly string[]): string {
  return columns
    .map((column, i) => {
      const words = column.split(/_+/).filter(Boolean);
      return words.map((word, j) => (i === 0 && j === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
    })
    .join('');
}
