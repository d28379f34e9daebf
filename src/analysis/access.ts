import type { TSESTree } from '@typescript-eslint/utils';
import type { SqlDialect } from '../schema/types.js';

/**
 * The vocabulary every adapter speaks and every rule reads. An access is one operation on
 * shared state (a database row, a cache key, a file), described without naming the library.
 */
export type AccessKind =
  /** reads a record (find, SELECT, GET) */
  | 'read'
  /** only asks whether a record exists (count, exists, EXISTS) */
  | 'exists'
  /** inserts a record; fails or duplicates when it already exists */
  | 'create'
  /** overwrites fields of existing records */
  | 'update'
  /** creates or keeps/updates in one atomic statement (upsert, ON CONFLICT, SET NX) */
  | 'upsert'
  /** changes a value relative to itself in one statement (increment, $inc, SET x = x + 1) */
  | 'atomic-update'
  | 'delete'
  /** takes an explicit lock (advisory lock, LOCK TABLE, a lock key) */
  | 'lock'
  /** starts a transaction or sets its isolation level in raw SQL */
  | 'begin';

export type Isolation = 'serializable' | 'repeatable-read' | 'read-committed' | 'read-uncommitted' | 'unknown';

/** A field named by an access: a filter column, a written column or a cache key. */
export interface Field {
  readonly name: string;
  /** The expression that gives the value, when it is visible in the code. */
  readonly value?: TSESTree.Node;
}

export interface Access {
  readonly kind: AccessKind;
  /** Adapter id, e.g. `prisma`, `sql`, `redis`. */
  readonly library: string;
  /** Model, table, entity or key space as written in the code; undefined when not visible. */
  readonly resource: string | undefined;
  /** Fields that select the record: the filter of a read or update, the key of a cache entry. */
  readonly keys: readonly Field[];
  /** Fields that are written: the data of a create or update. */
  readonly data: readonly Field[];
  /**
   * Expressions whose whole content is written but whose fields cannot be listed
   * (`data: input`, `{ ...dto }`): a key read from `input.email` may be among them.
   */
  readonly opaqueData?: readonly TSESTree.Node[];
  /** The expression that performs the access: the call, or the tagged template. */
  readonly node: TSESTree.Node;
  /**
   * For a create whose record was built before the write (`repo.create({ … })`, `new Model({ … })`,
   * `Model.build({ … })`) and held until it (`let tag = await find(); if (!tag) tag = build(…);
   * …; await save(tag)`), the expression that built it. A guard on a read may decide the build
   * rather than the write: the write then inserts only on the path where the record was built.
   */
  readonly builtAt?: TSESTree.Node;
  /** Short text naming the operation in messages, e.g. `prisma.coupon.findFirst`. */
  readonly label: string;
  /** The read takes a row lock (`FOR UPDATE`, pessimistic lock). */
  readonly locks?: boolean;
  /** The call itself proves its keys are unique (Prisma `findUnique`, primary-key lookups). */
  readonly keysAreUnique?: boolean;
  /** Isolation level set by a `begin` access. */
  readonly isolation?: Isolation;
  /**
   * The store has no schema and no unique constraints (a key-value store): its keys are compared
   * exactly, and only a conditional write (`SET … NX`) can make a check-then-create safe.
   */
  readonly schemaless?: boolean;
  /**
   * A path in the file system (`fs`): its key is the path, and other processes share it, so even
   * synchronous calls interleave with theirs. Only the file-system rule pairs such accesses.
   */
  readonly fileSystem?: boolean;
  /** The database engine, when the library tells it (the driver, the table builder). */
  readonly dialect?: SqlDialect;
  /**
   * Set when this access stands for one made inside a function called here (`await findTag(x)`):
   * `node` is the call, and this is the access in the callee.
   */
  readonly summarized?: Access;
  /**
   * For a summarised access made in another file, that file: `summarized` and its nodes belong to
   * it, and the fields keep only values the caller passed in.
   */
  readonly summarizedIn?: string;
  /**
   * For a summarised read, the path into the record that the helper returns (`return
   * account.points` gives `['points']`): the call's result is that field, not the record.
   */
  readonly resultPath?: readonly string[];
  /** A summarised create whose unique violation the helper making it handles (catches P2002 and reads the winner). */
  readonly conflictHandled?: boolean;
  /** A write that throws when its filter matches no record (Prisma `update`): a lost race cannot pass unnoticed. */
  readonly failsWithoutMatch?: boolean;
  /** The operation runs synchronously (better-sqlite3): it yields to no other request. */
  readonly synchronous?: boolean;
}

/** A callback that runs inside a transaction opened by a library call. */
export interface TransactionScope {
  /** The function that runs inside: a callback, or a method or function that runs whole inside. */
  readonly callback: TSESTree.Node;
  readonly isolation: Isolation;
  /** The adapter that knows the transaction's options; `project` for the project's own wrappers. */
  readonly library: string;
  /** The function runs while a lock is held (a project's `withLock(key, fn)`). */
  readonly locks?: boolean;
  /** The function is handed its transaction by its caller (a `tx` parameter): the level is the caller's. */
  readonly fromCaller?: boolean;
}
