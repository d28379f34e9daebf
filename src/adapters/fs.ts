import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import { pathText } from '../analysis/paths.js';
import type { Adapter } from './types.js';
import { calleeName, findVariable, isFunction, isTrue, memberName, originOf, property, resolveObject, staticString, unwrap } from '../utils/ast.js';
import { setOptionAfter, setProperty, textWithEdits } from '../utils/fixes.js';

const modules = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'fs-extra/esm', 'graceful-fs']);

/**
 * What a call does to the path it names. `overwrites`: a create that replaces an existing file
 * instead of failing; `failsWhenMissing`: the call fails when the path is gone.
 */
interface Operation {
  readonly kind: AccessKind;
  /** The argument that names the path the operation is about. */
  readonly path: number;
  /** The argument that names the path a rename moves away (and so removes). */
  readonly from?: number;
  readonly overwrites?: boolean;
  readonly failsWhenMissing?: boolean;
}

const exists: Operation = { kind: 'exists', path: 0 };
const read: Operation = { kind: 'read', path: 0 };
const write: Operation = { kind: 'create', path: 0, overwrites: true };
const change: Operation = { kind: 'update', path: 0, failsWhenMissing: true };
const remove: Operation = { kind: 'delete', path: 0, failsWhenMissing: true };
/** One call that leaves the path as wanted whatever it was: creates or keeps, removes or finds it gone. */
const settle: Operation = { kind: 'upsert', path: 0 };

/** Node's `fs` (each also as `<name>Sync`) and the fs-extra additions, by name. */
const operations: Readonly<Record<string, Operation>> = {
  exists, access: exists, stat: exists, lstat: exists, pathExists: exists,
  readFile: read, readdir: read, readlink: read, opendir: read, createReadStream: read, readJson: read, readJSON: read,
  writeFile: write, writeJson: write, writeJSON: write, outputFile: write, outputJson: write, outputJSON: write,
  createWriteStream: write, open: write,
  copyFile: { ...write, path: 1 }, cp: { ...write, path: 1 }, copy: { ...write, path: 1 },
  rename: { ...write, path: 1, from: 0, failsWhenMissing: true },
  move: { kind: 'create', path: 1, from: 0, failsWhenMissing: true },
  mkdir: { kind: 'create', path: 0 }, symlink: { kind: 'create', path: 1 }, link: { kind: 'create', path: 1 },
  appendFile: { kind: 'update', path: 0 },
  truncate: change, chmod: change, lchmod: change, chown: change, lchown: change, utimes: change,
  unlink: remove, rm: remove, rmdir: remove,
  remove: settle, emptyDir: settle, ensureDir: settle, ensureFile: settle, mkdirp: settle, mkdirs: settle,
  ensureSymlink: settle, ensureLink: settle,
};

const callNames = new Set(Object.keys(operations).flatMap((name) => [name, `${name}Sync`]));

/** An expression that stands for an fs module: `fs`, `fs.promises`, `require('fs')`, `const fsp = fs.promises`. */
function isFsModule(node: TSESTree.Node, file: FileFacts, depth = 0): boolean {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.MemberExpression) return memberName(bare) === 'promises' && isFsModule(bare.object, file, depth);
  if (bare.type === AST_NODE_TYPES.CallExpression) return bare.callee.type === AST_NODE_TYPES.Identifier && bare.callee.name === 'require' && modules.has(staticString(bare.arguments[0]) ?? '');
  if (bare.type !== AST_NODE_TYPES.Identifier) return false;
  const source = moduleOf(bare, file);
  if (source !== undefined) return modules.has(source);
  const init = originOf(bare, file.sourceCode).init;
  return depth < 2 && init !== undefined && isFsModule(init, file, depth + 1);
}

/** The module a name was imported or required from, unless a local declaration shadows it. */
function moduleOf(identifier: TSESTree.Identifier, file: FileFacts): string | undefined {
  const origin = originOf(identifier, file.sourceCode).importSource;
  if (origin !== undefined) return origin;
  const topLevel = findVariable(file.sourceCode, identifier)?.scope.block.type === AST_NODE_TYPES.Program;
  return topLevel ? file.importSourceOf(identifier.name) : undefined;
}

/** The call is one of an fs module's functions: `fs.writeFile(…)`, `fsp.stat(…)`, or an imported `existsSync(…)`. */
function isFsCall(call: TSESTree.CallExpression, file: FileFacts): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return isFsModule(callee.object, file);
  return callee.type === AST_NODE_TYPES.Identifier && modules.has(moduleOf(callee, file) ?? '');
}

/** `open(p, 'wx')`, `writeFile(p, d, { flag: 'a' })`, `createWriteStream(p, { flags: 'r+' })`: the open flags, when written. */
function openFlags(base: string, args: readonly TSESTree.CallExpressionArgument[], sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  if (base === 'open') return args[1] ? staticString(args[1]) : 'r';
  const options = base === 'createWriteStream' ? args[1] : args[2];
  const flag = property(resolveObject(options, sourceCode), base === 'createWriteStream' ? 'flags' : 'flag');
  return flag ? staticString(flag) : 'w';
}

/** The operation a call performs, once its options are read: an exclusive or recursive form settles the path. */
function operationOf(base: string, args: readonly TSESTree.CallExpressionArgument[], sourceCode: Readonly<TSESLint.SourceCode>): Operation | undefined {
  const operation = operations[base];
  if (!operation) return undefined;
  const option = (index: number, name: string): boolean => isTrue(property(resolveObject(args[index], sourceCode), name));
  if (operation === write) {
    const flags = openFlags(base, args, sourceCode);
    if (flags === undefined) return undefined;
    if (flags.includes('x')) return settle;
    if (flags.startsWith('a')) return { kind: 'update', path: 0 };
    if (flags.startsWith('r')) return flags.includes('+') ? change : read;
    return operation;
  }
  if (base === 'mkdir' && option(1, 'recursive')) return settle;
  if (base === 'rm' && option(1, 'force')) return settle;
  if (base === 'copyFile' && args[2] && /COPYFILE_EXCL/.test(sourceCode.getText(args[2]))) return settle;
  if (base === 'move' && option(2, 'overwrite')) return { ...operation, overwrites: true };
  return operation;
}

/** `existsSync` gives `exists`; every other name is its own base. */
const baseName = (name: string): string => (name.endsWith('Sync') ? name.slice(0, -4) : name);

/** The call settles in a callback (`fs.writeFile(p, d, cb)`) rather than by returning or throwing. */
const takesCallback = (call: TSESTree.CallExpression): boolean => {
  const last = call.arguments.at(-1);
  return last !== undefined && isFunction(last);
};

/** The call throws where it stands: a `…Sync` call, or an awaited promise. */
const throwsInPlace = (call: TSESTree.CallExpression): boolean =>
  calleeName(call)?.endsWith('Sync') === true || (call.parent.type === AST_NODE_TYPES.AwaitExpression && !takesCallback(call));

/** `writeFile(p, data[, options])` with `flag: 'wx'`: it fails when the file exists instead of replacing it. */
function exclusiveWrite(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const [, data, options, ...rest] = call.arguments;
  if (!data || rest.length > 0 || !throwsInPlace(call)) return undefined;
  const flag = "flag: 'wx'";
  const encoding = staticString(options);
  const edit = !options
    ? { range: [data.range[1], data.range[1]] as const, text: `, { ${flag} }` }
    : encoding !== undefined
      ? { range: options.range, text: `{ encoding: ${sourceCode.getText(options)}, ${flag} }` }
      : options.type === AST_NODE_TYPES.ObjectExpression
        ? setProperty(options, 'flag', flag, sourceCode)
        : undefined;
  return edit && textWithEdits(call, [edit], sourceCode);
}

/** `mkdir(p)` with `recursive: true`: it succeeds when the directory already exists. */
function recursiveMkdir(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const [path, options] = call.arguments;
  if (!path) return undefined;
  return textWithOptions(call, path, options, 'recursive', sourceCode);
}

/** The call with `<name>: true` set in the options after `path`, placed before a callback when it has one. */
function textWithOptions(
  call: TSESTree.CallExpression,
  path: TSESTree.Node,
  options: TSESTree.Node | undefined,
  name: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const edit =
    options && isFunction(options)
      ? { range: [path.range[1], path.range[1]] as const, text: `, { ${name}: true }` }
      : setOptionAfter(path, name, `${name}: true`, sourceCode);
  return edit && textWithEdits(call, [edit], sourceCode);
}

/** `unlink(p)` or `rm(p)` as `rm(p, { force: true })`: it succeeds when the path is already gone. */
function forcedRm(call: TSESTree.CallExpression, base: string, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const [path, ...rest] = call.arguments;
  const name = calleeName(call);
  if (!path || name === undefined) return undefined;
  if (base === 'rm') return textWithOptions(call, path, rest[0], 'force', sourceCode);
  // `unlink` names a function of the module; `rm` is only reachable through the module object.
  if (base !== 'unlink' || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const args = [path, ...rest].map((arg) => sourceCode.getText(arg));
  args.splice(1, 0, '{ force: true }');
  return `${sourceCode.getText(call.callee.object)}.${name.replace('unlink', 'rm')}(${args.join(', ')})`;
}

const field = (node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): Field => ({ name: pathText(node, sourceCode), value: node });

/**
 * Node's file system (`fs`, `fs/promises`, `fs.promises`, fs-extra; sync, callback and promise
 * forms). Each call is an access of the path it names, the key; other processes share the file
 * system, so accesses are `fileSystem` and only the file-system rule pairs them. A create that
 * replaces an existing file (`writeFile`, `rename`) is `schemaless`: nothing stops the second
 * writer, as in a key-value store; one that fails (`mkdir`, `link`) is a plain create. A call that
 * fails when the path is gone has `failsWithoutMatch`. The exclusive and forgiving forms
 * (`{ flag: 'wx' }`, `mkdir({ recursive: true })`, `rm({ force: true })`, fs-extra's `ensureDir`
 * and `remove`) are `upsert`: one call that leaves the path as wanted, or fails cleanly, whatever
 * another process did.
 */
export const fs: Adapter = {
  library: 'fs',
  callNames,
  conflictMarkers: ['EEXIST', 'ENOENT'],

  access(call, file) {
    const name = calleeName(call);
    if (call.type !== AST_NODE_TYPES.CallExpression || name === undefined || !isFsCall(call, file)) return undefined;
    const sourceCode = file.sourceCode;
    const operation = operationOf(baseName(name), call.arguments, sourceCode);
    const path = operation && call.arguments[operation.path];
    if (!operation || !path || path.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const from = operation.from === undefined ? undefined : call.arguments[operation.from];
    const access: Access = {
      kind: operation.kind,
      library: 'fs',
      resource: 'file system',
      fileSystem: true,
      keys: [field(path, sourceCode)],
      // A rename writes the file it moves away: the path it removes.
      data: from ? [field(from, sourceCode)] : [],
      node: call,
      label: sourceCode.getText(call.callee),
    };
    return {
      ...access,
      ...(operation.overwrites ? { schemaless: true } : {}),
      ...(operation.failsWhenMissing ? { failsWithoutMatch: true } : {}),
      ...(name.endsWith('Sync') ? { synchronous: true } : {}),
    };
  },

  conflictTest(error, write) {
    // A create that does not replace fails when the path exists; the rest fail when it is gone.
    const codes = [...(write.kind === 'create' && !write.schemaless ? ['EEXIST'] : []), ...(write.failsWithoutMatch ? ['ENOENT'] : [])];
    const test = codes.map((code) => `${error}.code === '${code}'`).join(' || ');
    return `${error} instanceof Object && 'code' in ${error} && ${codes.length > 1 ? `(${test})` : test}`;
  },

  /**
   * The one-call form of a write that a check guards: an exclusive write (which then fails when
   * the file exists), a recursive `mkdir`, or a forced `rm` for a removal.
   */
  atomicCreate(_check, target, file) {
    const call = target.node;
    const name = call.type === AST_NODE_TYPES.CallExpression ? calleeName(call) : undefined;
    if (call.type !== AST_NODE_TYPES.CallExpression || name === undefined) return undefined;
    const base = baseName(name);
    const sourceCode = file.sourceCode;
    if (/^(?:writeFile|writeJson|writeJSON|outputFile|outputJson|outputJSON)$/.test(base)) {
      const text = exclusiveWrite(call, sourceCode);
      return text === undefined ? undefined : { form: "`{ flag: 'wx' }`, which fails when the file already exists", node: call, text };
    }
    if (base === 'mkdir') {
      const text = recursiveMkdir(call, sourceCode);
      return text === undefined ? undefined : { form: '`{ recursive: true }`, which succeeds when the directory already exists', node: call, text };
    }
    const text = forcedRm(call, base, sourceCode);
    return text === undefined ? undefined : { form: '`rm` with `{ force: true }`, which succeeds when the path is already gone', node: call, text };
  },
};
