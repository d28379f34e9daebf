import type { Linter } from 'eslint';
import plugin from '../index.js';
import type { PresetName } from './args.js';
import { InputError } from './errors.js';

const known = Object.keys(plugin.rules).map((name) => `race/${name}`);

/** `--rule` values as full rule ids; `no-check-then-create` and `race/no-check-then-create` both work. */
export function ruleIds(rules: readonly string[]): string[] {
  return rules.map((rule) => {
    const id = rule.startsWith('race/') ? rule : `race/${rule}`;
    if (!known.includes(id)) throw new InputError(`unknown rule "${rule}"; the rules are ${known.join(', ')}`);
    return id;
  });
}

/** The plugin's config for a preset, or for exactly the chosen rules. */
export function pluginConfig(preset: PresetName | undefined, rules: readonly string[]): Linter.Config {
  if (rules.length === 0) return plugin.configs[preset ?? 'recommended'];
  const ids = ruleIds(rules);
  return { ...plugin.configs.all, rules: Object.fromEntries(ids.map((id) => [id, 'error'])) };
}
