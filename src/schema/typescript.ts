import type { TSESTree } from '@typescript-eslint/utils';
import { parse } from '@typescript-eslint/typescript-estree';
import { isKnexfile, readDialect } from './dialect.js';
import { readDrizzle } from './drizzle.js';
import { FactsBuilder } from './facts-builder.js';
import { readMongoose } from './mongoose.js';
import { readSequelize } from './sequelize.js';
import { indexFile, librariesOf } from './source-file.js';
import { readTypeOrm } from './typeorm.js';
import { emptyFacts, type SchemaFacts } from './types.js';

/**
 * Unique constraints declared in TypeScript or JavaScript model files: TypeORM entities and
 * `EntitySchema`s, Mongoose schemas (also `@nestjs/mongoose` classes), Drizzle table builders
 * and Sequelize `init`/`define`/`sequelize-typescript` models. A library is recognised by what
 * the file imports; a file that imports none of them yields `emptyFacts`.
 *
 * Fields are the names code queries by: entity property names, schema paths, Drizzle column
 * keys, Sequelize attribute names. A column renamed in the database (`@Column({ name })`,
 * `text('email_address')`, `field:`) is still recorded under its property name.
 *
 * The database engine comes from the same files and from connection setups (`db.ts`,
 * `data-source.ts`, `knexfile.js`; Knex and Kysely too), as `readDialect` reads it.
 */
export function readTypeScriptSchema(program: TSESTree.Program, source: string): SchemaFacts {
  try {
    const file = indexFile(program);
    const libraries = librariesOf(file);
    if (libraries.size === 0 && !isKnexfile(source)) return emptyFacts;
    const facts = new FactsBuilder(source);
    facts.setDialect(readDialect(file, libraries, source));
    if (libraries.has('typeorm')) readTypeOrm(file, facts);
    if (libraries.has('mongoose')) readMongoose(file, facts);
    if (libraries.has('drizzle')) readDrizzle(file, facts);
    if (libraries.has('sequelize')) readSequelize(file, facts);
    return facts.build();
  } catch {
    return emptyFacts;
  }
}

/** Parses a model file for `readTypeScriptSchema`; `undefined` when it does not parse. */
export function parseTypeScriptFile(text: string, source: string): TSESTree.Program | undefined {
  try {
    return parseModelFile(text, source);
  } catch {
    return undefined;
  }
}

/** Parses a model file as `parseTypeScriptFile` does, throwing the parser's error (with its position). */
export function parseModelFile(text: string, source: string): TSESTree.Program {
  return parse(text, { jsx: !/\.[cm]?ts$/i.test(source), range: true, loc: false, comment: false });
}
