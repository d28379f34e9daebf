// Lints examples/ with the built plugin and its own eslint.config.js, as a user would, and
// prints the findings. Exit code: 0 when the lint ran (findings are the point of the example),
// 2 when a file could not be parsed or the run failed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import plugin from '../dist/index.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');
// The example imports 'eslint-plugin-race' like a user project; here it is the freshly built one.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [plugin.configs.recommended],
});
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
console.log(await formatter.format(results));
const fatal = results.flatMap((result) => result.messages).filter((message) => message.fatal);
const findings = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
console.log(`${findings} race findings in ${results.length} files of examples/ (racy routes and their fixed twins).`);
process.exitCode = fatal.length > 0 ? 2 : 0;
