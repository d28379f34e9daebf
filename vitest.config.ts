import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/install installs the packed plugin with npm and pre-commit: minutes of disk and
    // network work, run alone afterwards (vitest.install.config.ts) so that it cannot slow the
    // other tests past their timeouts.
    exclude: ['tests/fixtures/**', 'tests/corpus/**', 'tests/install/**', 'node_modules/**'],
    // The first typed test of a file builds a TypeScript program; on a loaded CI machine that
    // alone can take longer than the 5 s default.
    testTimeout: 30_000,
  },
});
