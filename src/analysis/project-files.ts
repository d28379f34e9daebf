import fs from 'node:fs';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { SourceCode } from 'eslint';

/**
 * Files of the project other than the one being linted, read to summarise the functions it calls.
 * Each is parsed once per process with the parser the presets use, and parsed again only when its
 * modification time or size changes. A file that cannot be read or parsed is `undefined`: it
 * contributes no summary, and no error reaches the lint run.
 */
export interface ProjectFile {
  readonly filename: string;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Every node of the file in depth-first order, parents first, with `parent` set. */
  readonly nodes: readonly TSESTree.Node[];
}

/** Larger files are generated code or bundles, not a repository a handler calls. */
const maxBytes = 512 * 1024;
/** Files kept parsed, the least recently used dropped first: memory stays bounded on large projects. */
const maxFiles = 200;

const cache = new Map<string, { readonly stamp: string; readonly file: ProjectFile | undefined }>();

export function projectFile(filename: string): ProjectFile | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(filename);
  } catch {
    return undefined;
  }
  const stamp = `${stats.mtimeMs}:${stats.size}`;
  const cached = cache.get(filename);
  cache.delete(filename);
  const file = cached?.stamp === stamp ? cached.file : stats.isFile() && stats.size <= maxBytes ? parse(filename) : undefined;
  cache.set(filename, { stamp, file });
  if (cache.size > maxFiles) cache.delete(cache.keys().next().value as string);
  return file;
}

function parse(filename: string): ProjectFile | undefined {
  try {
    const text = fs.readFileSync(filename, 'utf8');
    const { ast, scopeManager, visitorKeys, services } = parseForESLint(text, {
      filePath: filename,
      sourceType: 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      // Only the syntax and the scopes are read: tokens and comments would double the memory.
      tokens: false,
      comment: false,
      jsx: /\.[jt]sx$/.test(filename),
    });
    Object.assign(ast, { tokens: [], comments: [] });
    const nodes = linkParents(ast, visitorKeys as Readonly<Record<string, readonly string[]>>);
    const sourceCode = new SourceCode({ text, ast, scopeManager, visitorKeys, parserServices: services } as never);
    return { filename, sourceCode: sourceCode as unknown as TSESLint.SourceCode, nodes };
  } catch {
    return undefined;
  }
}

/** ESLint sets `parent` while it walks a file; a file read here is walked once to do the same. */
function linkParents(program: TSESTree.Program, visitorKeys: Readonly<Record<string, readonly string[]>>): TSESTree.Node[] {
  const nodes: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    (node as { parent?: TSESTree.Node }).parent = parent;
    nodes.push(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item)) visit(item, node);
      }
    }
  };
  visit(program, undefined);
  return nodes;
}

const isNode = (value: unknown): value is TSESTree.Node =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
