import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { repositoryUrl } from '../../utils/create-rule.js';

/** Where GitHub code scanning and other SARIF consumers find the checked-out sources. */
const srcRoot = 'SRCROOT';

/**
 * The findings as a SARIF 2.1.0 log: one run, the rules that reported, and each finding with its
 * region, its file relative to `cwd` (so that code scanning maps it to the repository).
 */
export function toSarif(results: readonly ESLint.LintResult[], rulesMeta: ESLint.LintResultData['rulesMeta'], cwd: string, version: string): string {
  const ruleIds = [...new Set(results.flatMap((result) => result.messages.flatMap((message) => (message.ruleId ? [message.ruleId] : []))))].sort();
  const rules = ruleIds.map((id): ReportingDescriptor => descriptor(id, rulesMeta[id]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'eslint-plugin-race', version, informationUri: repositoryUrl, rules } },
        originalUriBaseIds: { [srcRoot]: { uri: pathToFileURL(cwd + path.sep).href } },
        results: results.flatMap((result) =>
          result.messages.flatMap((message) => (message.ruleId ? [sarifResult(message, message.ruleId, ruleIds.indexOf(message.ruleId), relativeUri(result.filePath, cwd))] : [])),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function descriptor(id: string, meta: ESLint.LintResultData['rulesMeta'][string] | undefined): ReportingDescriptor {
  const description = meta?.docs?.description;
  const url = meta?.docs?.url;
  return {
    id,
    ...(description ? { shortDescription: { text: description } } : {}),
    ...(url ? { helpUri: url } : {}),
  };
}

function sarifResult(message: Linter.LintMessage, ruleId: string, ruleIndex: number, uri: string): Result {
  return {
    ruleId,
    ruleIndex,
    level: message.severity === 2 ? 'error' : 'warning',
    message: { text: message.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: srcRoot },
          region: {
            startLine: message.line,
            startColumn: message.column,
            ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
            ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
          },
        },
      },
    ],
  };
}

/** A relative URI reference: forward slashes, each segment percent-encoded. */
function relativeUri(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).map(encodeURIComponent).join('/');
}
