// Self-lint: typescript-eslint's strict type-checked rules and the rules for ESLint plugins.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.bench/', '.scratch/', '.repos/', 'node_modules/', 'tests/fixtures/', 'tests/corpus/', 'examples/', 'scripts/', '*.config.*'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
);
