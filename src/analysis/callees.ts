import path from 'node:path';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { resolveModule } from './modules.js';
import { projectFile } from './project-files.js';
import { findVariable, isFunction, memberName, originOf, propertyKey, returnedExpression, unwrap, type FunctionNode } from '../utils/ast.js';

/*
 * Which of the project's functions a call runs, read from the code alone: a function of the same
 * file, an imported one (relative paths and tsconfig aliases), a method of an object-literal
 * service, or a method of a class the receiver is declared, typed or constructed as
 * (`this.users.findByEmail()` with `constructor(private users: UserRepository)`).
 */

/** A file a function can live in: the one being linted, or another one of the project. */
export interface SourceFile {
  readonly filename: string;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
}

export interface Callee {
  readonly fn: FunctionNode;
  readonly file: SourceFile;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What a receiver is: an instance of a class, an object literal, or a module's namespace. */
type Container =
  | { readonly kind: 'class'; readonly node: ClassNode; readonly file: SourceFile }
  | { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression; readonly file: SourceFile }
  | { readonly kind: 'module'; readonly file: SourceFile };

/** A declaration found by name: a function, a class, or the expression a variable holds. */
interface Declaration {
  readonly node: TSESTree.Node;
  readonly file: SourceFile;
}

/** Aliases, re-exports and base classes followed before giving up. */
const maxHops = 4;

export function resolveCallee(call: TSESTree.CallExpression, here: SourceFile): Callee | undefined {
  return typedCallee(call, here) ?? writtenCallee(call, here);
}

/**
 * With type information, the checker names the declaration a call runs, through aliases, types
 * and factories alike. Declarations in `.d.ts` files and packages are libraries', not the project's.
 */
function typedCallee(call: TSESTree.CallExpression, here: SourceFile): Callee | undefined {
  const services = here.sourceCode.parserServices;
  const program = services?.program;
  if (!program || !services.esTreeNodeToTSNodeMap) return undefined;
  const signature = program.getTypeChecker().getResolvedSignature(services.esTreeNodeToTSNodeMap.get(call));
  const declaration = signature?.getDeclaration() as TsNode | undefined;
  const source = declaration?.getSourceFile();
  if (!declaration || !source || source.isDeclarationFile || source.fileName.includes('/node_modules/')) return undefined;
  if (path.resolve(source.fileName) === path.resolve(here.filename)) {
    const node = services.tsNodeToESTreeNodeMap?.get(declaration as never);
    const fn = node && (node.type === AST_NODE_TYPES.MethodDefinition ? node.value : node);
    return fn && isFunction(fn) ? { fn, file: here } : undefined;
  }
  const file = projectFile(path.resolve(source.fileName));
  // The function of that file that ends where the declaration ends; the outermost one, when several do.
  let fn: FunctionNode | undefined;
  if (file) {
    simpleTraverse(file.sourceCode.ast, {
      visitorKeys: file.sourceCode.visitorKeys,
      enter: (node) => {
        if (!fn && isFunction(node) && node.range[1] === declaration.getEnd()) fn = node;
      },
    });
  }
  return file && fn ? { fn, file } : undefined;
}

/** The part of a TypeScript node this module reads, without a runtime dependency on `typescript`. */
interface TsNode {
  getSourceFile(): { readonly fileName: string; readonly isDeclarationFile: boolean } | undefined;
  getEnd(): number;
}

/** Without type information: what the code shows of the receiver and the names. */
function writtenCallee(call: TSESTree.CallExpression, here: SourceFile): Callee | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return functionOf(bindingOf(callee, here, 0));
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  const container = name === undefined ? undefined : containerOf(callee.object, here, 0);
  return container && name !== undefined ? memberOf(container, name, 0) : undefined;
}

/** A function written in place, or named: `{ find: findCoupon }`. */
function callableOf(node: TSESTree.Node, file: SourceFile, hops: number): Callee | undefined {
  const bare = unwrap(node);
  return bare.type === AST_NODE_TYPES.Identifier ? functionOf(bindingOf(bare, file, hops)) : functionOf({ node: bare, file });
}

function functionOf(declaration: Declaration | undefined): Callee | undefined {
  if (!declaration) return undefined;
  const node = unwrap(declaration.node);
  return isFunction(node) ? { fn: node, file: declaration.file } : undefined;
}

/** A function called by name that the linted file declares: `function helper() {}`, `const helper = async () => {}`. */
export function localCallee(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): FunctionNode | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declared = declarationOf(findVariable(sourceCode, call.callee));
  return declared && isFunction(declared) ? declared : undefined;
}

/** A function, class or initialised `const` a variable is declared as, when it has one declaration. */
function declarationOf(variable: TSESLint.Scope.Variable | undefined): TSESTree.Node | undefined {
  const def = variable?.defs[0];
  if (!def || variable.defs.length !== 1) return undefined;
  const node = def.node;
  if (node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration) return node;
  if (node.type !== AST_NODE_TYPES.VariableDeclarator || node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return node.init ? unwrap(node.init) : undefined;
}

/** What a name in `file` is bound to: its declaration there, or the export it imports. */
function bindingOf(identifier: TSESTree.Identifier, file: SourceFile, hops: number): Declaration | undefined {
  if (hops > maxHops) return undefined;
  const variable = findVariable(file.sourceCode, identifier);
  const declared = declarationOf(variable);
  if (declared) return { node: declared, file };
  const node = variable?.defs.length === 1 ? variable.defs[0]?.node : undefined;
  if (node?.type === AST_NODE_TYPES.ImportSpecifier || node?.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
    const target = importedFile(node.parent, file);
    const imported = node.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : exportName(node.imported);
    return target && exported(target, imported, hops + 1);
  }
  return undefined;
}

function importedFile(declaration: TSESTree.ImportDeclaration | TSESTree.ExportNamedDeclaration | TSESTree.ExportAllDeclaration, from: SourceFile): SourceFile | undefined {
  const specifier = declaration.source?.value;
  const filename = specifier === undefined ? undefined : resolveModule(specifier, from.filename);
  return filename === undefined ? undefined : filename === from.filename ? from : projectFile(filename);
}

const exportName = (node: TSESTree.Identifier | TSESTree.StringLiteral): string =>
  node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;

/** The declaration a module exports under `name` (`default` for the default export). */
function exported(file: SourceFile, name: string, hops: number): Declaration | undefined {
  if (hops > maxHops) return undefined;
  for (const statement of file.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === 'default') {
      const declaration = statement.declaration;
      return declaration.type === AST_NODE_TYPES.Identifier ? bindingOf(declaration, file, hops + 1) : { node: declaration, file };
    }
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declared = statement.declaration && declaredIn(statement.declaration, name);
      if (declared) return { node: declared, file };
      for (const specifier of statement.specifiers) {
        if (exportName(specifier.exported) !== name) continue;
        const local = exportName(specifier.local);
        if (statement.source) {
          const target = importedFile(statement, file);
          return target && exported(target, local, hops + 1);
        }
        return topLevel(file, local, hops + 1);
      }
    }
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration && statement.exported === null && name !== 'default') {
      const target = importedFile(statement, file);
      const found = target && exported(target, name, hops + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** A function, class or `const` declared under `name`. */
function declaredIn(statement: TSESTree.Node, name: string): TSESTree.Node | undefined {
  if (statement.type === AST_NODE_TYPES.FunctionDeclaration || statement.type === AST_NODE_TYPES.ClassDeclaration) {
    return statement.id?.name === name ? statement : undefined;
  }
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
  const declarator = statement.declarations.find((d) => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === name);
  return declarator?.init ?? undefined;
}

/** A top-level declaration of the file, exported or not, or the import it stands for. */
function topLevel(file: SourceFile, name: string, hops: number): Declaration | undefined {
  for (const statement of file.sourceCode.ast.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    const declared = declaration && declaredIn(declaration, name);
    if (declared) return { node: declared, file };
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
    const specifier = statement.specifiers.find((s) => s.local.name === name);
    if (specifier) return bindingOf(specifier.local, file, hops);
  }
  return undefined;
}

/** What a receiver expression holds. */
function containerOf(node: TSESTree.Node, file: SourceFile, hops: number): Container | undefined {
  if (hops > maxHops) return undefined;
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.ThisExpression) return receiverOf(bare, file);
  if (bare.type === AST_NODE_TYPES.Identifier) {
    const def = findVariable(file.sourceCode, bare)?.defs[0];
    if (def?.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
      const target = importedFile(def.node.parent, file);
      return target && { kind: 'module', file: target };
    }
    if (def?.node.type === AST_NODE_TYPES.ImportSpecifier || def?.node.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
      const declaration = bindingOf(bare, file, hops + 1);
      return declaration && containerOfValue(declaration.node, declaration.file, hops + 1);
    }
  }
  if (bare.type !== AST_NODE_TYPES.Identifier && !isThisMember(bare)) return undefined;
  const origin = originOf(bare, file.sourceCode);
  const byValue = origin.init && containerOfValue(origin.init, file, hops + 1);
  return byValue ?? (origin.type && classOfType(origin.type, file, hops + 1));
}

const isThisMember = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression;

/** `{ … }`, `new UserRepository(db)`, a factory's result (`petRepository(db)`), or another name for one of them. */
function containerOfValue(node: TSESTree.Node, file: SourceFile, hops: number): Container | undefined {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.ObjectExpression) return { kind: 'object', node: bare, file };
  if (bare.type === AST_NODE_TYPES.CallExpression && hops <= maxHops) {
    const factory = writtenCallee(bare, file);
    const made = factory && returnedExpression(factory.fn);
    return made && containerOfValue(made, factory.file, hops + 1);
  }
  if (bare.type === AST_NODE_TYPES.NewExpression && bare.callee.type === AST_NODE_TYPES.Identifier) {
    const declaration = bindingOf(bare.callee, file, hops + 1);
    return declaration && asClass(declaration);
  }
  return bare.type === AST_NODE_TYPES.Identifier ? containerOf(bare, file, hops + 1) : undefined;
}

/** `UserRepository`, `Repo<User>`: a class the project declares; interfaces and library types are not followed. */
function classOfType(type: TSESTree.TypeNode, file: SourceFile, hops: number): Container | undefined {
  if (type.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declaration = bindingOf(type.typeName, file, hops);
  return declaration && asClass(declaration);
}

function asClass(declaration: Declaration): Container | undefined {
  const node = declaration.node;
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression
    ? { kind: 'class', node, file: declaration.file }
    : undefined;
}

/** What `this` is: the instance of the class around it, or the object literal whose method it is in. */
function receiverOf(node: TSESTree.ThisExpression, file: SourceFile): Container | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  for (; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return { kind: 'class', node: current, file };
    }
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
    if (current.type !== AST_NODE_TYPES.FunctionExpression || current.parent.type === AST_NODE_TYPES.MethodDefinition) continue;
    // A method of an object literal, or a plain function whose `this` is nobody's.
    const object = current.parent.type === AST_NODE_TYPES.Property ? current.parent.parent : undefined;
    return object?.type === AST_NODE_TYPES.ObjectExpression ? { kind: 'object', node: object, file } : undefined;
  }
  return undefined;
}

/** The function a container holds under `name`; a class's own methods first, then its base class's. */
function memberOf(container: Container, name: string, hops: number): Callee | undefined {
  if (hops > maxHops) return undefined;
  const { file } = container;
  if (container.kind === 'module') return functionOf(exported(file, name, hops + 1));
  if (container.kind === 'object') {
    const prop = container.node.properties.find(
      (candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && propertyKey(candidate) === name,
    );
    return prop ? callableOf(prop.value, file, hops + 1) : undefined;
  }
  for (const member of container.node.body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    if (member.static || member.computed || member.key.type !== AST_NODE_TYPES.Identifier || member.key.name !== name) continue;
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind !== 'method') continue;
    return member.value ? callableOf(member.value, file, hops + 1) : undefined;
  }
  const base = container.node.superClass;
  if (base?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declaration = bindingOf(base, file, hops + 1);
  const parent = declaration && asClass(declaration);
  return parent && memberOf(parent, name, hops + 1);
}
