import { Node, type ClassDeclaration, type ClassExpression, type PropertyDeclaration } from 'ts-morph';
import type { MissingConstraint } from '../missing-constraint.js';
import { byField, type SourceEdits } from './source-edits.js';

/** What one library's editor did for the constraints of one model. */
export interface ModelOutcome {
  /** Constraints added, as written: `@Index(['a', 'b'], { unique: true }) on Pledge`. */
  readonly added: string[];
  /** Constraints left to add by hand, with the reason. */
  readonly skipped: string[];
}

/** Adds the constraints to one model's declaration, as edits to its file. */
export type ModelEditor = (node: Node, wanted: readonly MissingConstraint[], edits: SourceEdits) => ModelOutcome;

export function skipReason({ resource, fields }: MissingConstraint, reason: string): string {
  return `${resource} (${fields.join(', ')}): ${reason}`;
}

/** Every constraint skipped for the same reason. */
export function skipAll(wanted: readonly MissingConstraint[], reason: string): ModelOutcome {
  return { added: [], skipped: wanted.map((constraint) => skipReason(constraint, reason)) };
}

/** A constraint with the model's member (property, path, column) for each of its fields. */
export interface Resolved<T> {
  readonly constraint: MissingConstraint;
  readonly members: readonly [T, ...T[]];
}

/**
 * The constraints with the model's members for their fields, and an outcome that already skips
 * the constraints naming a field the model lacks.
 */
export function resolveFields<T>(
  wanted: readonly MissingConstraint[],
  members: readonly T[],
  nameOf: (member: T) => string | undefined,
  model: string,
): { resolved: Resolved<T>[]; outcome: ModelOutcome } {
  const resolved: Resolved<T>[] = [];
  const outcome: ModelOutcome = { added: [], skipped: [] };
  for (const constraint of wanted) {
    const found = constraint.fields.map((field) => byField(members, nameOf, field));
    const missing = constraint.fields.filter((_, i) => found[i] === undefined);
    const [first, ...rest] = found;
    if (missing.length > 0 || first === undefined) outcome.skipped.push(skipReason(constraint, `${model} has no field ${missing.join(', ')}`));
    else resolved.push({ constraint, members: [first, ...(rest as T[])] });
  }
  return { resolved, outcome };
}

/** `resolveFields` over the fields a class declares (entity, schema and model classes). */
export function resolveClassFields(
  node: ClassDeclaration | ClassExpression,
  wanted: readonly MissingConstraint[],
  model: string,
): { resolved: Resolved<PropertyDeclaration>[]; outcome: ModelOutcome } {
  const properties = node.getInstanceProperties().filter(Node.isPropertyDeclaration);
  return resolveFields(wanted, properties, (property) => property.getName(), model);
}
