import path from 'node:path';
import type { FileFacts } from './file-facts.js';

/*
 * What kind of code a file holds, for rules about timing that means something else in tests and UI:
 * a test waits for its fixture on purpose, a component waits for a transition.
 */

const testFile = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
const testFolders = new Set(['__tests__', 'test', 'tests', 'e2e', 'cypress', 'playwright']);
const testModules = ['vitest', 'jest', '@jest/globals', 'mocha', '@playwright/test', 'playwright', 'node:test', 'ava', 'cypress'];
const uiFile = /\.[jt]sx$/;
const uiModules = ['react', 'react-dom', 'react-native', 'vue', 'svelte', 'solid-js', 'preact', '@angular/core'];

/** A test: named `*.test.*`/`*.spec.*`, in a test folder of the project, or importing a test framework. */
export function isTestCode(file: FileFacts): boolean {
  if (testFile.test(file.filename)) return true;
  const relative = path.relative(file.schema().root, file.filename);
  const folders = relative.startsWith('..') ? [] : relative.split(/[\\/]/).slice(0, -1);
  return folders.some((folder) => testFolders.has(folder)) || testModules.some((name) => file.imports(name));
}

/** A component or client module: a `.jsx`/`.tsx` file, or one importing a UI framework. */
export function isUiCode(file: FileFacts): boolean {
  return uiFile.test(file.filename) || uiModules.some((name) => file.imports(name));
}
