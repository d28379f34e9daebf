import { missingConstraintOf } from '../missing-constraint.js';
import { findingsOf, groupBy, type Finding } from './findings.js';
import type { Style } from './style.js';
import { wrap } from './style.js';
import { table } from './table.js';
import type { ESLint } from 'eslint';

/** Findings grouped by rule, then file, each with its full message; then a summary table. */
export function formatGrouped(results: readonly ESLint.LintResult[], cwd: string, style: Style): string {
  const findings = findingsOf(results, cwd).sort(
    (a, b) => a.ruleId.localeCompare(b.ruleId) || a.file.localeCompare(b.file) || a.message.line - b.message.line,
  );
  if (findings.length === 0) return `No race findings in ${plural(results.length, 'file')} linted.`;
  const byRule = groupBy(findings, (finding) => finding.ruleId);
  const sections = [...byRule].map(([ruleId, ruleFindings]) => ruleSection(ruleId, ruleFindings, style));
  const rows = [...byRule].map(([ruleId, ruleFindings]) => [
    ruleId,
    String(ruleFindings.length),
    String(new Set(ruleFindings.map((finding) => finding.file)).size),
  ]);
  const files = new Set(findings.map((finding) => finding.file)).size;
  const summary = table(['rule', 'findings', 'files'], [...rows, ['total', String(findings.length), String(files)]]);
  return [
    ...sections,
    summary,
    `${plural(findings.length, 'race finding')} in ${files} of ${plural(results.length, 'file')} linted.`,
    ...hints(findings),
  ].join('\n\n');
}

function ruleSection(ruleId: string, findings: readonly Finding[], style: Style): string {
  const files = groupBy(findings, (finding) => finding.file);
  const blocks = [...files].map(([file, fileFindings]) => {
    const lines = fileFindings.map(({ message }) => {
      const position = `${message.line}:${message.column}`.padEnd(8);
      return `    ${style.color('dim', position)}${wrap(message.message, style.width, 12)}`;
    });
    return [`  ${style.color('underline', file)}`, ...lines].join('\n');
  });
  const title = `${style.color('bold', ruleId)}  ${plural(findings.length, 'finding')} in ${plural(files.size, 'file')}`;
  return [title, ...blocks].join('\n\n');
}

function hints(findings: readonly Finding[]): string[] {
  const suggested = findings.filter(({ message }) => (message.suggestions ?? []).length > 0).length;
  const lines =
    suggested === 0
      ? []
      : [
          `${suggested === findings.length ? 'Each finding has' : `${suggested} of the ${findings.length} findings have`} editor suggestions (ESLint quick fixes) that rewrite the code into a race-free form.`,
        ];
  if (findings.some(({ message }) => missingConstraintOf(message))) {
    lines.push('`race-lint schema` lists the unique constraints found; `race-lint fix-schema` proposes the missing ones.');
  }
  return lines.length > 0 ? [lines.join('\n')] : [];
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
