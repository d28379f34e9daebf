/**
 * A unique constraint (unique index, unique column or primary key) as found in a schema source.
 * Names are kept as written; matching normalises them (see `src/utils/names.ts`).
 */
export interface UniqueConstraint {
  /** Every name the constrained table is known by: model/entity/class name and table name. */
  readonly resources: readonly string[];
  /** Column or field names covered by the constraint, as written. */
  readonly fields: readonly string[];
  /** File the constraint was read from, relative to the project root. */
  readonly source: string;
  /** Human-readable name, e.g. `@unique on User.email` or `users_email_key`. */
  readonly description: string;
  /** A partial index predicate (`WHERE deleted_at IS NULL`): it covers only some rows. */
  readonly partial?: boolean;
}

/** A table or model that a schema source declares, with the names it is known by. */
export interface ResourceDeclaration {
  readonly resources: readonly string[];
  readonly source: string;
  /** Where a TypeScript or JavaScript model file declares it, for tools that edit the declaration. */
  readonly node?: DeclarationNode;
}

/** The ORMs whose model files declare tables. */
export type ModelLibrary = 'typeorm' | 'mongoose' | 'drizzle' | 'sequelize';

/**
 * The node that declares a table in a model file: the entity or model class, `new Schema(…)`,
 * `new EntitySchema(…)`, `Model.init(…)`, `sequelize.define(…)` or the Drizzle table builder call.
 */
export interface DeclarationNode {
  readonly library: ModelLibrary;
  /** Character offsets into the file's text. */
  readonly range: readonly [number, number];
}

/** What one schema source contributes. Readers never throw: a broken file yields nothing. */
export interface SchemaFacts {
  readonly constraints: readonly UniqueConstraint[];
  readonly declarations: readonly ResourceDeclaration[];
  /** Files that were read (relative to the project root), for messages. */
  readonly files: readonly string[];
  /**
   * Database engine, when the source names exactly one: Prisma's `provider = "postgresql"`, a
   * Drizzle table builder or driver, a TypeORM, Sequelize, Knex or Kysely connection setup.
   */
  readonly dialect?: Dialect;
  /**
   * Why the source could not be parsed; its facts are then empty. Tools report it; rules read
   * the source as declaring nothing.
   */
  readonly error?: ParseFailure;
}

/** Why a source did not parse: one line, and where parsing stopped when the parser says. */
export interface ParseFailure {
  /** `7` (a line) or `2:61` (line and column). */
  readonly position?: string;
  /** One line, never empty. */
  readonly reason: string;
}

export type Dialect = 'postgresql' | 'mysql' | 'sqlite' | 'sqlserver' | 'mongodb';

/** The SQL engines whose statements the readers parse: the relational part of `Dialect`. */
export type SqlDialect = Extract<Dialect, 'postgresql' | 'mysql' | 'sqlite'>;

export const emptyFacts: SchemaFacts = { constraints: [], declarations: [], files: [] };
