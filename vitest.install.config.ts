import { defineConfig } from 'vitest/config';

// The installation tests: the plugin as users get it, through npm and pre-commit.
export default defineConfig({
  test: {
    include: ['tests/install/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
