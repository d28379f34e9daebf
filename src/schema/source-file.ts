import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { memberName, staticString, unwrap } from '../utils/ast.js';
import { propertyName } from './static-values.js';
import type { Dialect, ModelLibrary } from './types.js';

/** A schema library, recognised by the module a file imports it from. */
export type Library = ModelLibrary | 'knex' | 'kysely';

export interface ImportBinding {
  readonly library: Library;
  readonly source: string;
  /** The exported name, or `*` for a namespace or default import. */
  readonly name: string;
}

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What a model file imports, binds and calls, as the library readers need it. */
export interface FileIndex {
  /** Local names bound to a library export, by local name. */
  readonly imports: Map<string, ImportBinding>;
  /** `const name = init`: the (unwrapped) initialiser by name, and the name by initialiser. */
  readonly initOf: Map<string, TSESTree.Node>;
  readonly nameOf: Map<TSESTree.Node, string>;
  readonly classes: ClassNode[];
  readonly calls: (TSESTree.CallExpression | TSESTree.NewExpression)[];
  readonly objects: TSESTree.ObjectExpression[];
}

export function indexFile(program: TSESTree.Program): FileIndex {
  const file: FileIndex = { imports: new Map(), initOf: new Map(), nameOf: new Map(), classes: [], calls: [], objects: [] };
  simpleTraverse(program, {
    enter(node) {
      switch (node.type) {
        case AST_NODE_TYPES.ImportDeclaration:
          recordImport(node, file.imports);
          break;
        case AST_NODE_TYPES.VariableDeclarator:
          recordVariable(node, file);
          break;
        case AST_NODE_TYPES.ClassDeclaration:
        case AST_NODE_TYPES.ClassExpression:
          file.classes.push(node);
          break;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          file.calls.push(node);
          break;
        case AST_NODE_TYPES.ObjectExpression:
          file.objects.push(node);
          break;
        default:
          break;
      }
    },
  });
  return file;
}

/** The libraries the file imports anything from, also by a `require('knex')(…)` bound to no name. */
export function librariesOf(file: FileIndex): Set<Library> {
  const libraries = new Set([...file.imports.values()].map((binding) => binding.library));
  for (const call of file.calls) {
    const required = requiredSource(call);
    const library = required === undefined ? undefined : libraryOf(required);
    if (library) libraries.add(library);
  }
  return libraries;
}

/** What an identifier or `namespace.member` refers to among the file's library imports. */
export function resolveImport(node: TSESTree.Node, imports: Map<string, ImportBinding>): ImportBinding | undefined {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.Identifier) return imports.get(bare.name);
  if (bare.type !== AST_NODE_TYPES.MemberExpression || bare.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const namespace = namespaceBinding(bare.object.name, imports);
  const name = memberName(bare);
  return namespace && name !== undefined ? { ...namespace, name } : undefined;
}

/** The node refers to one of the named exports of the library. */
export function isImported(
  node: TSESTree.Node,
  file: FileIndex,
  library: Library,
  names: readonly string[],
): boolean {
  const binding = resolveImport(node, file.imports);
  return binding?.library === library && names.includes(binding.name);
}

/** `class User {}`, or `const User = class {}`. */
export function className(node: ClassNode, file: FileIndex): string | undefined {
  return node.id?.name ?? file.nameOf.get(node);
}

/** Kysely dialects published outside kysely itself, read for the engine they name. */
export const kyselyDialectPackages: Readonly<Record<string, Dialect>> = {
  'kysely-postgres-js': 'postgresql',
  'kysely-neon': 'postgresql',
  'kysely-planetscale': 'mysql',
  'kysely-d1': 'sqlite',
  'kysely-bun-sqlite': 'sqlite',
  '@libsql/kysely-libsql': 'sqlite',
};

function libraryOf(source: string): Library | undefined {
  if (source === 'typeorm' || source.startsWith('typeorm/') || source === '@nestjs/typeorm') return 'typeorm';
  if (source === 'mongoose' || source === '@nestjs/mongoose') return 'mongoose';
  if (source === 'drizzle-orm' || source.startsWith('drizzle-orm/')) return 'drizzle';
  // `@sequelize/core` and, in Sequelize 7, the dialect packages (`@sequelize/postgres`).
  if (source === 'sequelize' || source === 'sequelize-typescript' || source.startsWith('@sequelize/')) {
    return 'sequelize';
  }
  if (source === 'knex') return 'knex';
  if (source === 'kysely' || Object.hasOwn(kyselyDialectPackages, source)) return 'kysely';
  return undefined;
}

function recordImport(node: TSESTree.ImportDeclaration, imports: Map<string, ImportBinding>): void {
  const source = node.source.value;
  const library = libraryOf(source);
  if (!library) return;
  for (const specifier of node.specifiers) {
    const name =
      specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : specifier.imported.value
        : '*';
    imports.set(specifier.local.name, { library, source, name });
  }
}

/**
 * Records `const x = init`, and treats `require('mongoose')`, `const { Schema } = mongoose` and
 * `const Schema = mongoose.Schema` as imports.
 */
function recordVariable(node: TSESTree.VariableDeclarator, file: FileIndex): void {
  if (!node.init) return;
  const init = unwrap(node.init);
  if (node.id.type === AST_NODE_TYPES.Identifier) {
    if (!file.initOf.has(node.id.name)) file.initOf.set(node.id.name, init);
    file.nameOf.set(init, node.id.name);
  }
  const required = requiredSource(init);
  const requiredLibrary = required === undefined ? undefined : libraryOf(required);
  const namespace =
    required !== undefined && requiredLibrary
      ? { library: requiredLibrary, source: required }
      : init.type === AST_NODE_TYPES.Identifier
        ? namespaceBinding(init.name, file.imports)
        : undefined;
  if (namespace && node.id.type === AST_NODE_TYPES.Identifier) {
    file.imports.set(node.id.name, { ...namespace, name: '*' });
  } else if (namespace && node.id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of node.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Identifier) continue;
      const name = propertyName(property);
      if (name !== undefined) file.imports.set(property.value.name, { ...namespace, name });
    }
  } else if (node.id.type === AST_NODE_TYPES.Identifier) {
    const imported = resolveImport(init, file.imports);
    if (imported && imported.name !== '*') file.imports.set(node.id.name, imported);
  }
}

/** `require('x')` gives `x`. */
export function requiredSource(node: TSESTree.Node): string | undefined {
  if (
    node.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'require'
  ) {
    return undefined;
  }
  return staticString(node.arguments[0]);
}

function namespaceBinding(
  name: string,
  imports: Map<string, ImportBinding>,
): { library: Library; source: string } | undefined {
  const binding = imports.get(name);
  return binding?.name === '*' ? { library: binding.library, source: binding.source } : undefined;
}
