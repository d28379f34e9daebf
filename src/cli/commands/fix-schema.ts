import type { CliArgs } from '../args.js';
import { InputError } from '../errors.js';
import { unifiedDiff, writeAll } from '../fix-schema/file-changes.js';
import { driverDialect } from '../fix-schema/driver-dialect.js';
import { planSchemaChanges, type ReportedMissing } from '../fix-schema/plan.js';
import { lintTarget } from '../lint-target.js';
import { missingConstraintOf } from '../missing-constraint.js';
import { parseErrorsOf } from '../output/findings.js';
import { projectSchemaFor } from '../schema-index.js';
import { lintChoices, lintWithProgress } from './lint.js';

/**
 * `race-lint fix-schema [paths...]`: the unique constraints that `no-check-then-create` reports
 * missing, as a diff, or written with `--write`. Exit code 0 when nothing is left to change.
 */
export async function fixSchemaCommand(args: CliArgs): Promise<number> {
  const target = lintTarget(args.paths, process.cwd());
  const run = await lintWithProgress({ target, ...lintChoices(args), rules: ['no-check-then-create'] });
  const [parseError] = parseErrorsOf(run.results, target.cwd);
  if (parseError) throw new InputError(parseError);
  const reported: ReportedMissing[] = [];
  for (const result of run.results) {
    const missing = result.messages.flatMap((message) => missingConstraintOf(message) ?? []);
    if (missing.length === 0) continue;
    const settings = await run.settingsFor(result.filePath);
    const index = projectSchemaFor(result.filePath, settings, target.cwd);
    // The rules' order: settings, then the driver, then the schema.
    const fileDialect = settings.dialect ?? driverDialect(result.source ?? '');
    reported.push(
      ...missing.map((constraint) => ({ ...constraint, index, dialect: fileDialect ?? index.dialectOf(constraint.resource) })),
    );
  }
  const plan = await planSchemaChanges(reported, new Date());
  const out: string[] = plan.changes.map((change) => unifiedDiff(change, target.cwd));
  if (plan.added.length > 0) {
    out.push([args.write ? 'Added:' : 'Would add (run with --write to apply):', ...plan.added.map((line) => `  ${line}`)].join('\n'));
  }
  out.push(...plan.notes);
  if (plan.manual.length > 0) out.push(['To add by hand:', ...plan.manual.map((line) => `  ${line}`)].join('\n'));
  if (out.length === 0) out.push('No missing unique constraints reported.');
  if (args.write) writeAll(plan.changes);
  process.stdout.write(`${out.join('\n\n')}\n`);
  const pending = args.write ? 0 : plan.changes.length;
  return pending + plan.manual.length > 0 ? 1 : 0;
}
