import type { TSESTree } from '@typescript-eslint/utils';
import type { Access, TransactionScope } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';

export type CallLike = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

/** A rewrite of a create into one statement that checks and creates atomically. */
export interface AtomicCreate {
  /** Names the form in the suggestion message, e.g. `upsert` or `INSERT … ON CONFLICT DO NOTHING`. */
  readonly form: string;
  readonly node: TSESTree.Node;
  readonly text: string;
}

/**
 * One adapter per library. An adapter turns the calls it recognises into accesses of the shared
 * vocabulary and knows how that library writes the race-free forms. It never names a rule.
 */
export interface Adapter {
  readonly library: string;
  /**
   * The names a recognised call can be made by (`findFirst`, `query`, the tag `sql`): the engine
   * offers an adapter only calls whose name is in this set, so the check costs one lookup.
   */
  readonly callNames: ReadonlySet<string>;
  /** Turns a call into an access, or undefined when the call is not this library's. */
  access(call: CallLike, file: FileFacts): Access | undefined;
  /** Recognises a call that runs a callback inside a transaction. */
  transaction?(call: TSESTree.CallExpression, file: FileFacts): TransactionScope | undefined;
  /** Error codes and names whose test in a catch clause shows a unique violation is handled. */
  readonly conflictMarkers: readonly string[];
  /**
   * A condition, valid in both JavaScript and TypeScript, that is true when the caught error
   * `errorName` is this library's unique violation raised by `create`.
   */
  conflictTest?(errorName: string, create: Access, file: FileFacts): string;
  /** The atomic form of a create that a check guards: upsert, ON CONFLICT, SET NX, … */
  atomicCreate?(check: Access, create: Access, file: FileFacts): AtomicCreate | undefined;
}
