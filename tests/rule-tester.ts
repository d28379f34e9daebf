import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * `project` has schema sources of every kind (Prisma, SQL migrations, entities, models);
 * `bare` has none.
 */
export function fixtureFile(project: 'project' | 'bare', name = 'file.ts'): string {
  return path.join(fixturesDir, project, name);
}

/** Without type information, as most projects run the recommended preset. */
export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: {} },
  defaultFilenames: { ts: fixtureFile('project'), tsx: fixtureFile('project', 'react.tsx') },
});

/** With type information from the fixture project's tsconfig. */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: path.join(fixturesDir, 'project'),
    },
  },
  defaultFilenames: { ts: fixtureFile('project'), tsx: fixtureFile('project', 'react.tsx') },
});
