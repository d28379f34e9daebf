import { ESLintUtils } from '@typescript-eslint/utils';

export interface RaceRuleDocs {
  /** In `configs.recommended` (and every larger preset). */
  recommended?: boolean;
  /** Needs type information to be useful: only in the type-checked presets. */
  requiresTypeChecking?: boolean;
  /** Only in `configs.strict` and `configs.all`. */
  strict?: boolean;
}

export const repositoryUrl = 'https://github.com/eslint-plugin-race/eslint-plugin-race';

export const createRule = ESLintUtils.RuleCreator<RaceRuleDocs>(
  (name) => `${repositoryUrl}/blob/main/docs/rules/${name}.md`,
);
