import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/fixtures/**', 'tests/corpus/**', 'node_modules/**'],
    // The first typed test of a file builds a TypeScript program; on a loaded CI machine that
    // alone can take longer than the 5 s default.
    testTimeout: 30_000,
  },
});
