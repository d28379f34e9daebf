import fs from 'node:fs';
import { parseForESLint } from '@typescript-eslint/parser';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import type { TSESLint } from '@typescript-eslint/utils';
import { SourceCode } from 'eslint';

/**
 * Files of the project other than the one being linted, read to summarise the functions it calls.
 * Each is parsed once with the parser the presets use, and again only when its modification time
 * or size changes. A file that cannot be read or parsed is `undefined`: it contributes no summary,
 * and no error reaches the lint run.
 */
export interface ProjectFile {
  readonly filename: string;
  /** With `parent` set on every node, as ESLint sets it on the file it lints. */
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
}

/** Larger files are generated code or bundles, not a repository a handler calls. */
const maxBytes = 512 * 1024;
/**
 * Files kept, the least recently used dropped first, so that memory stays bounded on large
 * projects. Callers and callees usually sit in the same module, which ESLint lints together.
 */
const maxFiles = 64;

const cache = new Map<string, { readonly stamp: string; readonly file: ProjectFile | undefined }>();

export function projectFile(filename: string): ProjectFile | undefined {
  const stamp = stampOf(filename);
  const cached = cache.get(filename);
  if (cached && cached.stamp !== stamp?.key) generation++;
  if (stamp === undefined) {
    cache.delete(filename);
    return undefined;
  }
  return keep(filename, stamp, cached?.stamp === stamp.key ? cached.file : stamp.size <= maxBytes ? parse(filename) : undefined);
}

/** How often the files read are compared with the disk, at most, when nothing else reads them. */
const recheckMs = 1000;
let generation = 0;
let checkedAt = Date.now();

/**
 * A number that changes whenever a file read before has changed on disk or gone. What is derived
 * from several files (a summary that follows calls into others) is kept only while it stays the
 * same; the files are compared with the disk at most once a second.
 */
export function projectFilesGeneration(): number {
  if (Date.now() - checkedAt >= recheckMs) {
    for (const [filename, cached] of cache) {
      if (stampOf(filename)?.key === cached.stamp) continue;
      cache.delete(filename);
      generation++;
    }
    checkedAt = Date.now();
  }
  return generation;
}

interface Stamp {
  readonly key: string;
  readonly size: number;
}

function stampOf(filename: string): Stamp | undefined {
  try {
    const stats = fs.statSync(filename);
    return stats.isFile() ? { key: `${stats.mtimeMs}:${stats.size}`, size: stats.size } : undefined;
  } catch {
    return undefined;
  }
}

function keep(filename: string, stamp: Stamp, file: ProjectFile | undefined): ProjectFile | undefined {
  cache.delete(filename);
  cache.set(filename, { stamp: stamp.key, file });
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
    // ESLint sets `parent` while it walks the file it lints; a file read here is walked once to do the same.
    simpleTraverse(ast, { visitorKeys, visitors: {} }, true);
    const sourceCode = new SourceCode({ text, ast, scopeManager, visitorKeys, parserServices: services } as never);
    return { filename, sourceCode: sourceCode as unknown as TSESLint.SourceCode };
  } catch {
    return undefined;
  }
}
