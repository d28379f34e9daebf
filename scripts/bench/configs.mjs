// The measured configurations, written as flat config files: a file path is the one form
// of configuration that ESLint can hand to its worker threads when `concurrency` is on.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const configNames = ['baseline', 'recommended', 'all', 'all-no-summaries'];

const additions = {
  baseline: '',
  recommended: ', race.configs.recommended',
  all: ', race.configs.all',
  // The same rules without following calls into the project's other functions and files.
  'all-no-summaries': ', race.configs.all, { settings: { race: { summaryDepth: 0 } } }',
};

/** Writes the config files into `dir` and returns their paths by name. */
export function writeConfigs(dir, pluginEntry) {
  fs.mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    configNames.map((name) => {
      const file = path.join(dir, `${name}.config.mjs`);
      fs.writeFileSync(
        file,
        [
          `// typescript-eslint's recommended rules (no type information)${additions[name] ? ` plus${additions[name].slice(1)}` : ''}.`,
          `import tseslint from 'typescript-eslint';`,
          `import race from '${pathToFileURL(pluginEntry).href}';`,
          ``,
          `export default [...tseslint.configs.recommended${additions[name]}];`,
          ``,
        ].join('\n'),
      );
      return [name, file];
    }),
  );
}
