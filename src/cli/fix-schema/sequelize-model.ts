import { Node, type CallExpression, type ClassDeclaration, type ClassExpression } from 'ts-morph';
import type { MissingConstraint } from '../missing-constraint.js';
import { resolveClassFields, resolveFields, skipAll, skipReason, type ModelOutcome } from './model-outcome.js';
import {
  decoratorNamed,
  decoratorOptions,
  firstName,
  keyOf,
  markUnique,
  propertyAssignments,
  setDecoratorOption,
  withoutParentheses,
  type SourceEdits,
} from './source-edits.js';

const typescriptModule = 'sequelize-typescript';

/** An attribute given as its bare data type: `DataTypes.STRING`, `DataTypes.STRING(32)`, `Sequelize.INTEGER`. */
const isDataType = (value: Node): boolean => ['DataTypes', 'DataType', 'Sequelize'].includes(firstName(value) ?? '');

/** An index that a model's options gain, for the constraint it adds. */
interface NewIndex {
  readonly constraint: MissingConstraint;
  readonly entry: string;
}

/**
 * Sequelize: `unique: true` on the attribute of a single field in `Model.init`/`sequelize.define`,
 * an entry `{ unique: true, fields: [...] }` in the model options' `indexes` for several.
 * sequelize-typescript `@Table` classes: `unique: true` in the field's `@Column({...})` or an
 * `@Unique` decorator, and the index in the `@Table` options.
 */
export function addSequelizeConstraints(node: Node, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  if (Node.isCallExpression(node)) return addToModelCall(node, wanted, edits);
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) return addToTableClass(node, wanted, edits);
  return skipAll(wanted, 'its declaration is neither Model.init(…), sequelize.define(…) nor a @Table class');
}

function addToModelCall(call: CallExpression, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  const callee = call.getExpression();
  const isDefine = Node.isPropertyAccessExpression(callee) && callee.getName() === 'define';
  const args = call.getArguments().map(withoutParentheses);
  const [attributes, options] = isDefine ? [args[1], args[2]] : [args[0], args[1]];
  const [first] = args;
  const model = isDefine
    ? Node.isStringLiteral(first) ? first.getLiteralValue() : 'the model'
    : Node.isPropertyAccessExpression(callee) ? callee.getExpression().getText() : 'the model';
  const { resolved, outcome } = resolveFields(wanted, propertyAssignments(attributes), keyOf, model);
  const indexes: NewIndex[] = [];
  for (const { constraint, members } of resolved) {
    const [only] = members;
    if (members.length > 1) indexes.push(newIndex(constraint, members.map(keyOf), edits));
    else if (markUnique(only, edits, isDataType)) outcome.added.push(`unique: true on ${model}.${keyOf(only)}`);
    else outcome.skipped.push(skipReason(constraint, `${model}.${keyOf(only)} is neither a data type nor an object of options`));
  }
  if (indexes.length === 0) return outcome;
  return withIndexes(outcome, indexes, addIndexes(call, options, indexes, edits), model);
}

/** The indexes in the model options, adding the options (`define` takes none) when missing. */
function addIndexes(call: CallExpression, options: Node | undefined, indexes: readonly NewIndex[], edits: SourceEdits): boolean {
  const entries = indexes.map(({ entry }) => entry);
  if (Node.isObjectLiteralExpression(options)) return edits.addToArrayProperty(options, 'indexes', entries);
  if (options !== undefined) return false;
  edits.addArgument(call, `{ indexes: [${entries.join(', ')}] }`);
  return true;
}

function addToTableClass(node: ClassDeclaration | ClassExpression, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  const model = node.getName() ?? 'the model';
  const { resolved, outcome } = resolveClassFields(node, wanted, model);
  const indexes: NewIndex[] = [];
  for (const { constraint, members } of resolved) {
    const [only] = members;
    if (members.length > 1) {
      indexes.push(newIndex(constraint, members.map((property) => property.getName()), edits));
      continue;
    }
    const [firstDecorator] = only.getDecorators();
    const column = decoratorNamed(only.getDecorators(), edits, typescriptModule, 'Column');
    if (column && decoratorOptions(column)) {
      setDecoratorOption(column, edits, 'unique', 'true');
      outcome.added.push(`@Column({ unique: true }) on ${model}.${only.getName()}`);
      continue;
    }
    const unique = firstDecorator && edits.importedName(typescriptModule, 'Unique');
    if (!firstDecorator || unique === undefined) {
      outcome.skipped.push(skipReason(constraint, `${model}.${only.getName()} cannot take @Unique from its sequelize-typescript import`));
      continue;
    }
    // `@Unique` goes where the field's decorators are: on a line of its own, or before them.
    if (edits.sameLine(firstDecorator, only.getNameNode())) edits.insertAt(firstDecorator.getStart(), `@${unique} `);
    else edits.insertLineBefore(firstDecorator, `@${unique}`);
    outcome.added.push(`@${unique} on ${model}.${only.getName()}`);
  }
  if (indexes.length === 0) return outcome;
  const table = decoratorNamed(node.getDecorators(), edits, typescriptModule, 'Table');
  const options = table && decoratorOptions(table);
  const entries = indexes.map(({ entry }) => entry);
  const added = options
    ? edits.addToArrayProperty(options, 'indexes', entries)
    : table !== undefined && setDecoratorOption(table, edits, 'indexes', `[${entries.join(', ')}]`);
  return withIndexes(outcome, indexes, added, model);
}

function newIndex(constraint: MissingConstraint, fields: readonly string[], edits: SourceEdits): NewIndex {
  return { constraint, entry: `{ unique: true, fields: [${fields.map((field) => edits.string(field)).join(', ')}] }` };
}

/** The outcome with the new indexes added, or skipped when the options could not take them. */
function withIndexes(outcome: ModelOutcome, indexes: readonly NewIndex[], added: boolean, model: string): ModelOutcome {
  for (const { constraint, entry } of indexes) {
    if (added) outcome.added.push(`indexes: [${entry}] on ${model}`);
    else outcome.skipped.push(skipReason(constraint, `the options of ${model} are not an object literal to add indexes to`));
  }
  return outcome;
}
