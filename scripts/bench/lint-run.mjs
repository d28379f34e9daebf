// One measured lint, run in a child process of its own so that its time and peak memory are its
// own: `node lint-run.mjs <request as JSON>`. Prints one line of JSON with the measurements.
import crypto from 'node:crypto';
import path from 'node:path';
import { ESLint } from 'eslint';

const request = JSON.parse(process.argv[2]);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const eslint = new ESLint({
  cwd: request.root,
  overrideConfigFile: request.configFile,
  stats: request.stats === true,
  concurrency: request.concurrency ?? 'off',
  ...(request.cacheLocation ? { cache: true, cacheLocation: request.cacheLocation, cacheStrategy: 'content' } : {}),
});
const results = await eslint.lintFiles(request.patterns ?? ['.']);
const lintMs = performance.now() - started;
// CPU time of the whole process (worker threads included), less exposed than wall time to
// other load on the machine.
const cpu = process.cpuUsage(cpuBefore);

const messages = results
  .flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(request.root, result.filePath),
      rule: message.ruleId,
      line: message.line,
      column: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
      message: message.message,
      fatal: message.fatal === true,
      suggestions: (message.suggestions ?? []).map((suggestion) => suggestion.desc),
    })),
  )
  .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || String(a.rule).localeCompare(String(b.rule)));

/** Total time per rule and parse time, summed over files and passes, from `stats: true`. */
function ruleTimes() {
  const rules = {};
  let parseMs = 0;
  for (const result of results) {
    if (!result.stats) continue;
    for (const pass of result.stats.times.passes) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) rules[rule] = (rules[rule] ?? 0) + time.total;
    }
  }
  return { rules, parseMs };
}

console.log(
  JSON.stringify({
    lintMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    processMs: performance.now(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    files: results.length,
    lines: request.countLines ? results.reduce((sum, result) => sum + (result.source?.split('\n').length ?? 0), 0) : undefined,
    findings: messages.filter((message) => message.rule?.startsWith('race/')).length,
    messages: messages.length,
    fatal: messages.filter((message) => message.fatal).slice(0, 20),
    fingerprint: crypto.createHash('sha256').update(JSON.stringify(messages)).digest('hex').slice(0, 16),
    ...(request.stats ? ruleTimes() : {}),
  }),
);
