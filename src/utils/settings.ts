import type { Dialect } from '../schema/types.js';

const dialects: readonly unknown[] = ['postgresql', 'mysql', 'sqlite', 'sqlserver', 'mongodb'] satisfies Dialect[];
const isDialect = (value: unknown): value is Dialect => dialects.includes(value);

/** `settings.race` in an ESLint config: shared by every rule of the plugin. */
export interface RaceSettings {
  /** Project root for schema discovery; defaults to the nearest folder with a package.json. */
  readonly root?: string;
  /** Schema sources to read instead of discovering them: files or folders, relative to the root. */
  readonly schema?: readonly string[];
  /** The database engine, when the schema and the driver do not tell it or tell it wrong. */
  readonly dialect?: Dialect;
}

/** Settings are not validated by ESLint: anything malformed is ignored rather than thrown on. */
export function readSettings(settings: Readonly<Record<string, unknown>>): RaceSettings {
  const race = settings.race;
  if (typeof race !== 'object' || race === null) return {};
  const { root, schema, dialect } = race as Record<string, unknown>;
  const paths = typeof schema === 'string' ? [schema] : Array.isArray(schema) ? schema : [];
  return {
    ...(typeof root === 'string' ? { root } : {}),
    ...(paths.length > 0 ? { schema: paths.filter((path): path is string => typeof path === 'string') } : {}),
    ...(isDialect(dialect) ? { dialect } : {}),
  };
}
