import { Node, type ClassDeclaration, type ClassExpression, type NewExpression } from 'ts-morph';
import type { MissingConstraint } from '../missing-constraint.js';
import { resolveClassFields, resolveFields, skipAll, skipReason, type ModelOutcome } from './model-outcome.js';
import {
  decoratorNamed,
  keyOf,
  propertyAssignments,
  propertyValue,
  setDecoratorOption,
  type SourceEdits,
} from './source-edits.js';

/**
 * TypeORM: `unique: true` in the `@Column()` of a single field, `@Index([...], { unique: true })`
 * on the entity class for several (or for a relation, which has no `@Column`). For an
 * `EntitySchema`, `unique: true` on the column or an entry in its `uniques`.
 */
export function addTypeOrmConstraints(node: Node, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  if (Node.isNewExpression(node)) return addToEntitySchema(node, wanted, edits);
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) return addToEntityClass(node, wanted, edits);
  return skipAll(wanted, 'its declaration is neither an entity class nor an EntitySchema');
}

function addToEntityClass(node: ClassDeclaration | ClassExpression, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  const model = node.getName() ?? 'the entity';
  const lastDecorator = node.getDecorators().at(-1);
  const { resolved, outcome } = resolveClassFields(node, wanted, model);
  for (const { constraint, members } of resolved) {
    const [only] = members;
    const column = members.length === 1 ? decoratorNamed(only.getDecorators(), edits, 'typeorm', 'Column') : undefined;
    if (column && setDecoratorOption(column, edits, 'unique', 'true')) {
      outcome.added.push(`@Column({ unique: true }) on ${model}.${only.getName()}`);
      continue;
    }
    const index = lastDecorator && edits.importedName('typeorm', 'Index');
    if (!lastDecorator || index === undefined) {
      outcome.skipped.push(skipReason(constraint, `${model} cannot take an @Index from its typeorm import`));
      continue;
    }
    const names = members.map((property) => edits.string(property.getName()));
    const decorator = `@${index}([${names.join(', ')}], { unique: true })`;
    edits.insertLineAfter(lastDecorator, decorator);
    outcome.added.push(`${decorator} on ${model}`);
  }
  return outcome;
}

/** `new EntitySchema({ name, columns: { code: { type: String } }, uniques: [...] })`. */
function addToEntitySchema(node: NewExpression, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  const [options] = node.getArguments();
  const name = propertyValue(options, 'name');
  const model = Node.isStringLiteral(name) ? name.getLiteralValue() : 'the entity schema';
  if (!Node.isObjectLiteralExpression(options)) return skipAll(wanted, `the options of ${model} are not an object literal`);
  const columns = propertyValue(options, 'columns');
  if (!Node.isObjectLiteralExpression(columns)) return skipAll(wanted, `the columns of ${model} are not an object literal`);
  const { resolved, outcome } = resolveFields(wanted, propertyAssignments(columns), keyOf, model);
  const uniques: { constraint: MissingConstraint; entry: string }[] = [];
  for (const { constraint, members } of resolved) {
    const [only] = members;
    const column = only.getInitializer();
    if (members.length === 1 && Node.isObjectLiteralExpression(column)) {
      edits.setProperty(column, 'unique', 'true');
      outcome.added.push(`unique: true on ${model}.${keyOf(only)}`);
    } else {
      const names = members.map((member) => edits.string(keyOf(member)));
      uniques.push({ constraint, entry: `{ columns: [${names.join(', ')}] }` });
    }
  }
  if (edits.addToArrayProperty(options, 'uniques', uniques.map(({ entry }) => entry))) {
    outcome.added.push(...uniques.map(({ entry }) => `uniques: [${entry}] on ${model}`));
  } else {
    outcome.skipped.push(...uniques.map(({ constraint }) => skipReason(constraint, `the uniques of ${model} are not an array literal`)));
  }
  return outcome;
}
