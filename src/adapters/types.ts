import type { TSESTree } from '@typescript-eslint/utils';
import type { Access, TransactionScope } from '../analysis/access.js';
import type { GuardCondition, RelativeChange } from '../analysis/changes.js';
import type { MissPath } from '../analysis/cache-fills.js';
import type { FileFacts } from '../analysis/file-facts.js';

export type CallLike = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

/** A rewrite of a create into one statement that checks and creates atomically. */
export interface AtomicCreate {
  /** Names the form in the suggestion message, e.g. `upsert` or `INSERT … ON CONFLICT DO NOTHING`. */
  readonly form: string;
  readonly node: TSESTree.Node;
  readonly text: string;
}

/** Where claimed keys are kept: a table or model and the field that holds the key; for a key-value store, the key as written. */
export interface ClaimRecord {
  readonly resource: string;
  readonly field: string;
  /** An insert of the key the code makes already: the claim writes the same row. */
  readonly like?: Access;
}

/** A write that records a key once: of concurrent or repeated claims, only the first succeeds. */
export interface Claim {
  /** Names the form in the suggestion message. */
  readonly form: string;
  /** An expression, valid in JavaScript and TypeScript, that makes the claim and is true when the key was taken already. */
  readonly taken: string;
  /** The table or model the key goes in; undefined for a key-value store. */
  readonly resource?: string;
}

/** A rewrite of code into a race-free form: text edits by source range, applied together. */
export interface Rewrite {
  /** Names the form in the suggestion message, e.g. `{ increment }` or `FOR UPDATE`. */
  readonly form: string;
  readonly edits: readonly { readonly range: readonly [number, number]; readonly text: string }[];
}

/** What a write that depends on a read changes, for the rewrites that make it safe. */
export interface StaleWrite {
  readonly read: Access;
  readonly write: Access;
  /** Each written field that is its stored value plus or minus an amount, when every stale one is. */
  readonly changes: readonly RelativeChange[];
  /** The guard on the read that lets the write through, when it compares one field with a value. */
  readonly condition: GuardCondition | undefined;
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
  /**
   * The type names of this library's transaction handles (`TransactionClient`, `EntityManager`):
   * a function taking one as a parameter runs inside its caller's transaction.
   */
  readonly transactionHandles?: readonly string[];
  /** Recognises a call that runs a callback inside a transaction. */
  transaction?(call: TSESTree.CallExpression, file: FileFacts): TransactionScope | undefined;
  /** Recognises a method whose whole body runs in a transaction (`@Transactional()`). */
  transactionalMethod?(method: TSESTree.MethodDefinition, file: FileFacts): TransactionScope | undefined;
  /** Error codes and names whose test in a catch clause shows a unique violation is handled. */
  readonly conflictMarkers: readonly string[];
  /**
   * A condition, valid in both JavaScript and TypeScript, that is true when the caught error
   * `errorName` is this library's unique violation raised by `create`.
   */
  conflictTest?(errorName: string, create: Access, file: FileFacts): string;
  /** The atomic form of a create that a check guards: upsert, ON CONFLICT, SET NX, … */
  atomicCreate?(check: Access, create: Access, file: FileFacts): AtomicCreate | undefined;
  /**
   * A claim of `key` (expression text) with the client `near` uses, in `record` when the code
   * already keeps such keys somewhere, else in a table or key space the adapter names.
   */
  claim?(near: Access, key: string, record: ClaimRecord | undefined, file: FileFacts): Claim | undefined;
  /** The write with each relative change applied by the database: `{ increment }`, `SET x = x + $1`. */
  atomicUpdate?(stale: StaleWrite, file: FileFacts): Rewrite | undefined;
  /**
   * The write with the guard's condition in its filter (and the changes applied atomically), and
   * the guard's early exit taken when it changes no row.
   */
  conditionalUpdate?(stale: StaleWrite & { condition: GuardCondition }, file: FileFacts): Rewrite | undefined;
  /** The read taking a row lock that holds until the transaction ends: `FOR UPDATE`, `pessimistic_write`. */
  lockRead?(read: Access, file: FileFacts): Rewrite | undefined;
  /** The transaction opened at SERIALIZABLE isolation. */
  serializable?(scope: TransactionScope, file: FileFacts): Rewrite | undefined;
  /**
   * A cache's read-through form of a miss path, which loads a missing key once for all concurrent
   * callers: cache-manager `wrap()`, lru-cache `fetch()` with a `fetchMethod`.
   */
  readThrough?(miss: MissPath, file: FileFacts): Rewrite | undefined;
}
