import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from '../analysis/file-facts.js';
import type { StaleWrite } from './types.js';
import { findVariable, unwrap, valueBefore, type objectFields } from '../utils/ast.js';

type Written = ReturnType<typeof objectFields>;

/** What a value given to `save()` holds: a new record that saving inserts, or a loaded one it updates. */
export interface HeldRecord {
  readonly kind: 'create' | 'update';
  /** The model or entity, when the value shows it. */
  readonly resource: string | undefined;
  readonly written: Written;
  /** The expression that built the new record: `new Customer(doc)`, `Patron.build({ … })`, `repo.create({ … })`. */
  readonly builtAt?: TSESTree.Node;
}

/** What one library knows of the values that hold records. */
export interface RecordReader {
  /**
   * The record a value of a shape only the library knows holds: `new Customer(doc)`,
   * `Patron.build({ … })`, `repo.create({ … })`, a record loaded by a finder. `resolve` reads a
   * value inside it one level deeper.
   */
  classify(
    node: TSESTree.Node,
    file: FileFacts,
    resolve: (node: TSESTree.Node) => HeldRecord | undefined,
  ): HeldRecord | undefined;
  /** What a value no shape accounts for holds (also past the depth limit): by default, no known record. */
  readonly unknown?: (node: TSESTree.Node) => HeldRecord;
  /** What one of two loaded records holds: by default the first. */
  readonly eitherLoaded?: (first: HeldRecord, second: HeldRecord) => HeldRecord;
  /** The fields a method call on a held record sets in it (Sequelize `x.set('views', n)`), if it sets any. */
  readonly setBy?: (call: TSESTree.CallExpression, file: FileFacts) => Written | undefined;
}

const maxDepth = 3;

/**
 * The record a value holds. A variable holds what was last written to it before `before`, with
 * the fields set on it since; `found ?? build(…)` and `found ? found : build(…)` hold the built
 * record where the read found nothing; other shapes are the library's to `classify`.
 */
export function heldRecord(
  node: TSESTree.Node,
  before: TSESTree.Node,
  file: FileFacts,
  reader: RecordReader,
  depth = 0,
): HeldRecord | undefined {
  const target = unwrap(node);
  const unknown = (): HeldRecord | undefined => reader.unknown?.(target);
  if (depth > maxDepth) return unknown();
  const resolve = (inner: TSESTree.Node): HeldRecord | undefined => heldRecord(inner, before, file, reader, depth + 1);
  switch (target.type) {
    case AST_NODE_TYPES.Identifier: {
      const held = valueBefore(target, before, file.sourceCode);
      const inner = held?.value ? resolve(held.value) : unknown();
      if (!inner || !held) return inner;
      const set = setSince(target, held.value?.range[1] ?? -1, before, file, reader);
      return {
        ...inner,
        written: { fields: [...inner.written.fields, ...held.assigned, ...set.fields], opaque: [...inner.written.opaque, ...set.opaque] },
      };
    }
    case AST_NODE_TYPES.LogicalExpression:
      return (target.operator === '&&' ? undefined : either(resolve(target.left), resolve(target.right), reader)) ?? unknown();
    case AST_NODE_TYPES.ConditionalExpression:
      return either(resolve(target.consequent), resolve(target.alternate), reader) ?? unknown();
    default:
      return reader.classify(target, file, resolve) ?? unknown();
  }
}

/** What the reader's `setBy` calls on a variable (`x.set(…)`) write into it between `since` and `before`. */
function setSince(identifier: TSESTree.Identifier, since: number, before: TSESTree.Node, file: FileFacts, reader: RecordReader): Written {
  const written: Written = { fields: [], opaque: [] };
  if (!reader.setBy) return written;
  for (const reference of findVariable(file.sourceCode, identifier)?.references ?? []) {
    const node = reference.identifier;
    const member = node.parent;
    const call = member.parent;
    if (node.range[0] < since || node.range[1] > before.range[0] || member.type !== AST_NODE_TYPES.MemberExpression) continue;
    if (member.object !== node || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
    const set = reader.setBy(call, file);
    written.fields.push(...(set?.fields ?? []));
    written.opaque.push(...(set?.opaque ?? []));
  }
  return written;
}

/**
 * One of two values: the record one builds when the other is a loaded record (of the same
 * resource, where both show theirs), or two loaded records; two built records are no one record.
 */
function either(first: HeldRecord | undefined, second: HeldRecord | undefined, reader: RecordReader): HeldRecord | undefined {
  if (!first || !second) return undefined;
  if (first.resource !== undefined && second.resource !== undefined && first.resource !== second.resource) return undefined;
  if (first.kind === 'update' && second.kind === 'update') return reader.eitherLoaded?.(first, second) ?? first;
  return first.kind === second.kind ? undefined : first.kind === 'create' ? first : second;
}

/**
 * The write changes nothing but the relative changes (`x.n += 1` and nothing else assigned or
 * spread): replacing it with the atomic form drops no other field it writes.
 */
export function onlyRelativeChanges(stale: StaleWrite): boolean {
  const changed = new Set(stale.changes.map((change) => change.field));
  return changed.size > 0 && (stale.write.opaqueData ?? []).length === 0 && stale.write.data.every((field) => changed.has(field.name));
}
