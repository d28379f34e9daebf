import type { Isolation } from '../analysis/access.js';
import type { Dialect } from '../schema/types.js';

const dialects: readonly unknown[] = ['postgresql', 'mysql', 'sqlite', 'sqlserver', 'mongodb'] satisfies Dialect[];
const isDialect = (value: unknown): value is Dialect => dialects.includes(value);
const isolations: readonly unknown[] = ['serializable', 'repeatable-read', 'read-committed', 'read-uncommitted'] satisfies Isolation[];
const isIsolation = (value: unknown): value is Isolation => isolations.includes(value);

/** A function or decorator of the project that runs its callback (or method) in a transaction. */
export interface TransactionWrapper {
  /** `withTransaction`, `db.withTransaction`, or a decorator's name: `Transactional`. */
  readonly name: string;
  /** The isolation level it runs at, when it always uses one. */
  readonly isolation?: Isolation;
}

/** `settings.race` in an ESLint config: shared by every rule of the plugin. */
export interface RaceSettings {
  /** Project root for schema discovery; defaults to the nearest folder with a package.json. */
  readonly root?: string;
  /** Schema sources to read instead of discovering them: files or folders, relative to the root. */
  readonly schema?: readonly string[];
  /** The database engine, when the schema and the driver do not tell it or tell it wrong. */
  readonly dialect?: Dialect;
  readonly transactionWrappers?: readonly TransactionWrapper[];
  /** Functions that take a lock: `acquireLock(key)`, or `withLock(key, fn)` that runs `fn` holding it. */
  readonly lockHelpers?: readonly string[];
  /** How many calls deep the rules follow a function into the project's own functions; 0 turns it off. */
  readonly summaryDepth?: number;
}

/** Settings are not validated by ESLint: anything malformed is ignored rather than thrown on. */
export function readSettings(settings: Readonly<Record<string, unknown>>): RaceSettings {
  const race = settings.race;
  if (typeof race !== 'object' || race === null) return {};
  const { root, schema, dialect, transactionWrappers, lockHelpers, summaryDepth } = race as Record<string, unknown>;
  const paths = strings(schema);
  const wrappers = listOf(transactionWrappers).flatMap(wrapperOf);
  const locks = strings(lockHelpers);
  return {
    ...(typeof root === 'string' ? { root } : {}),
    ...(paths.length > 0 ? { schema: paths } : {}),
    ...(isDialect(dialect) ? { dialect } : {}),
    ...(wrappers.length > 0 ? { transactionWrappers: wrappers } : {}),
    ...(locks.length > 0 ? { lockHelpers: locks } : {}),
    ...(isDepth(summaryDepth) ? { summaryDepth } : {}),
  };
}

const isDepth = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10;
const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const strings = (value: unknown): string[] => listOf(value).filter((item): item is string => typeof item === 'string');

/** `'withTransaction'` or `{ name: 'withSerializable', isolation: 'serializable' }`. */
function wrapperOf(value: unknown): TransactionWrapper[] {
  if (typeof value === 'string') return [{ name: value }];
  if (typeof value !== 'object' || value === null) return [];
  const { name, isolation } = value as Record<string, unknown>;
  if (typeof name !== 'string') return [];
  return [{ name, ...(isIsolation(isolation) ? { isolation } : {}) }];
}
