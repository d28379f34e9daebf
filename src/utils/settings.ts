import type { Isolation } from '../analysis/access.js';
import type { Dialect } from '../schema/types.js';

const dialects: readonly string[] = ['postgresql', 'mysql', 'sqlite', 'sqlserver', 'mongodb'] satisfies Dialect[];
const isolations: readonly string[] = ['serializable', 'repeatable-read', 'read-committed', 'read-uncommitted'] satisfies Isolation[];
const maxDepth = 10;

/** A function or decorator of the project that runs its callback (or method) in a transaction. */
export interface TransactionWrapper {
  /** `withTransaction`, `db.withTransaction`, or a decorator's name: `Transactional`. */
  readonly name: string;
  /** The isolation level it runs at, when it always uses one. */
  readonly isolation?: Isolation;
}

/** `settings.race` in an ESLint config: shared by every rule of the plugin. */
export interface RaceSettings {
  /** Project root for schema discovery; defaults to the workspace or package root. */
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

/**
 * A malformed `settings.race`. ESLint does not validate settings, so the rules do, and stop the
 * run with this error as ESLint stops it for malformed rule options: a typo must not be ignored.
 */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Reader<T> = (value: unknown) => T;

const readers: { readonly [Key in keyof RaceSettings]-?: Reader<RaceSettings[Key]> } = {
  root: (value) => text(value, 'root', 'a folder path'),
  schema: (value) => listOf(value, (item) => text(item, 'schema', 'file or folder paths')),
  dialect: (value) => oneOf(value, 'dialect', dialects) as Dialect,
  transactionWrappers: (value) => listOf(value, wrapperOf),
  lockHelpers: (value) => listOf(value, (item) => text(item, 'lockHelpers', 'function names')),
  summaryDepth: (value) => {
    if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= maxDepth) return value as number;
    throw invalid('summaryDepth', value, `an integer from 0 to ${maxDepth}`);
  },
};

const read = new WeakMap<object, RaceSettings>();

/** `settings.race` of a config, checked; throws a `SettingsError` naming the first bad key. */
export function readSettings(settings: Readonly<Record<string, unknown>>): RaceSettings {
  const race = settings.race;
  if (race === undefined || race === null) return {};
  if (typeof race !== 'object' || Array.isArray(race)) throw invalid(undefined, race, 'an object');
  let checked = read.get(race);
  if (!checked) {
    checked = checkedSettings(race as Record<string, unknown>);
    read.set(race, checked);
  }
  return checked;
}

function checkedSettings(race: Readonly<Record<string, unknown>>): RaceSettings {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(race)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(readers, key)) {
      throw new SettingsError(`settings.race has an unknown key "${key}"; the keys are ${Object.keys(readers).join(', ')}`);
    }
    settings[key] = readers[key as keyof RaceSettings](value);
  }
  return settings;
}

function invalid(key: string | undefined, value: unknown, expected: string): SettingsError {
  const name = key === undefined ? 'settings.race' : `settings.race.${key}`;
  return new SettingsError(`${name} must be ${expected}, not ${shown(value)}`);
}

function shown(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'bigint':
    case 'boolean':
      return value.toString();
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function text(value: unknown, key: string, expected: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalid(key, value, expected);
}

function oneOf(value: unknown, key: string, allowed: readonly string[]): string {
  if (typeof value === 'string' && allowed.includes(value)) return value;
  throw invalid(key, value, `one of ${allowed.join(', ')}`);
}

/** A list, or a single item standing for a list of one. */
function listOf<T>(value: unknown, item: Reader<T>): T[] {
  return Array.isArray(value) ? value.map(item) : [item(value)];
}

/** `'withTransaction'` or `{ name: 'withSerializable', isolation: 'serializable' }`. */
function wrapperOf(value: unknown): TransactionWrapper {
  if (typeof value === 'string') return { name: text(value, 'transactionWrappers', 'names') };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('transactionWrappers', value, 'a list of names or { name, isolation } objects');
  }
  const { name, isolation, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new SettingsError(`settings.race.transactionWrappers: an entry has an unknown key "${extra}"; the keys are name, isolation`);
  return {
    name: text(name, 'transactionWrappers', 'a list of names or { name, isolation } objects'),
    ...(isolation === undefined ? {} : { isolation: oneOf(isolation, 'transactionWrappers[].isolation', isolations) as Isolation }),
  };
}
