import { AST_NODE_TYPES, type TSESLint } from '@typescript-eslint/utils';
import type { Access } from '../analysis/access.js';
import { contextBetween } from '../analysis/context.js';
import { decide, type Decision } from '../analysis/decisions.js';
import { isErrorHandled } from '../analysis/errors.js';
import { collectFlows, yieldsBetween, type FileAnalysis } from '../analysis/flow.js';
import { resultReferences } from '../analysis/guards.js';
import { writtenInside } from '../analysis/summaries.js';
import { adapterFor, conflictMarkers } from '../adapters/index.js';
import { contains, normalizedText } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { branchBody, statementOf, wrapInCatch } from '../utils/fixes.js';
import { normalizeName, sameResource } from '../utils/names.js';

type Options = [{ requireConflictHandling?: boolean }];

/** How many earlier checks of the same record are tried for one create. */
const maxCandidates = 16;
type MessageIds = 'checkThenCreate' | 'checkThenSet' | 'unhandledConflict' | 'useAtomicCreate' | 'catchConflict';

export default createRule<Options, MessageIds>({
  name: 'no-check-then-create',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow creating a record after checking that it does not exist, unless a unique constraint or lock makes it safe',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          requireConflictHandling: {
            type: 'boolean',
            description: 'Also report a create that a unique constraint protects when the unique-violation error is not handled.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireConflictHandling: true }],
    messages: {
      checkThenCreate: '{{race}}; both then create it. {{schema}}',
      checkThenSet:
        '{{race}}; both then write it, the later write replaces the earlier one, and both callers go on as if they were first. The store has no unique constraints: make the write conditional and act on its result.',
      unhandledConflict:
        '{{race}}. {{constraint}} stops the duplicate, but the losing call fails with an unhandled unique-violation error instead of a clean answer.',
      useAtomicCreate: 'Check and create in one atomic statement: {{form}}.',
      catchConflict: 'Catch the unique violation ({{code}}) around the create{{requirement}}.',
    },
  },
  create(context, [{ requireConflictHandling = true }]) {
    const sourceCode = context.sourceCode;

    const report = (analysis: FileAnalysis, check: Access, create: Access, decision: Decision): void => {
      // A create written inside the call that runs it (a transaction callback) is reported where
      // it is written; one in a helper elsewhere, at the call.
      const at = writtenInside(create) ?? create.node;
      const keyNames = check.keys.map((key) => key.name);
      const resource = create.resource ?? 'record';
      const found = create.schemaless ? `nothing at ${keyNames.join(', ')}` : `no ${resource} with this ${keyNames.join(' and ')}`;
      const race =
        `Two concurrent calls can both run \`${check.label}\` (line ${check.node.loc.start.line}) and find ${found} ` +
        `before either runs \`${create.label}\` (line ${at.loc.start.line})`;
      if (create.schemaless) {
        const suggest = suggestions(analysis, check, create, decision, false);
        context.report({ node: at, messageId: 'checkThenSet', data: { race }, suggest });
        return;
      }
      const schema = analysis.file.schema();
      const constraint = create.resource === undefined ? undefined : schema.uniqueFor(create.resource, keyNames);
      const uniqueBy = constraint
        ? `The unique constraint ${constraint.description} (${constraint.source})`
        : check.keysAreUnique
          ? `The unique key that \`${check.label}\` relies on`
          : undefined;
      const isHandled = create.conflictHandled === true || [create.node, at].some((node) => isErrorHandled(node, conflictMarkers, sourceCode, context.filename));
      if (uniqueBy && (isHandled || !requireConflictHandling)) return;
      const suggest = suggestions(analysis, check, create, decision, uniqueBy === undefined);
      if (uniqueBy) {
        context.report({ node: at, messageId: 'unhandledConflict', data: { race, constraint: uniqueBy }, suggest });
        return;
      }
      const target = `${schema.nameOf(resource)} (${keyNames.join(', ')})`;
      const declaredIn = schema.sourcesOf(resource);
      const reason =
        declaredIn.length > 0
          ? `No unique constraint on ${target} was found in ${declaredIn.join(', ')}.`
          : schema.files.length > 0
            ? `None of the ${schema.files.length} schema files read declares ${resource}, so nothing is known to stop a duplicate ${target}.`
            : `No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate ${target}.`;
      context.report({ node: at, messageId: 'checkThenCreate', data: { race, schema: reason }, suggest });
    };

    const suggestions = (
      analysis: FileAnalysis,
      check: Access,
      create: Access,
      decision: Decision,
      needsConstraint: boolean,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const adapter = adapterFor(create.library);
      const result: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      // A rewrite into one statement belongs inside the helper a summarised access came from, and
      // fits only a write that saves nothing but the built record: where the write also saves the
      // record the check found, an insert that ignores conflicts would drop that update.
      const atomic =
        check.summarized || create.summarized || !decision.writesOnlyBuilt
          ? undefined
          : adapter?.atomicCreate?.(check, create, analysis.file);
      if (atomic) {
        result.push({
          messageId: 'useAtomicCreate',
          data: { form: atomic.form },
          fix: (fixer) => fixer.replaceText(atomic.node, atomic.text),
        });
      }
      const statement = statementOf(create.node);
      const onConflict = conflictBranch(check, create, decision);
      // `return await create()` whose catch does not exit would fall through to code that
      // expects the created record: no honest rewrite without re-reading it.
      const fallsThrough = statement?.type === AST_NODE_TYPES.ReturnStatement && onConflict === skipConflict;
      if (adapter?.conflictTest && statement && onConflict && !fallsThrough) {
        const text = wrapInCatch(statement, adapter.conflictTest('error', create.summarized ?? create, analysis.file), onConflict, sourceCode);
        result.push({
          messageId: 'catchConflict',
          data: {
            code: adapter.conflictMarkers.join(' / '),
            requirement: needsConstraint ? `, after adding a unique constraint on ${create.resource === undefined ? 'the record' : analysis.file.schema().nameOf(create.resource)} (${check.keys.map((k) => k.name).join(', ')})` : '',
          },
          fix: (fixer) => fixer.replaceText(statement, text),
        });
      }
      return result;
    };

    /**
     * What the catch does on a unique violation. After an early-exit guard a conflict means what
     * the guard meant, so it exits the same way, unless that exit uses the read's result, which
     * is empty in the catch. Inside a guarded branch, or where the guard decides only the build
     * and the write runs either way, the conflict means someone else was first.
     */
    const skipConflict = ['// Another request created it first.'];
    const conflictBranch = (check: Access, create: Access, { guard, writesOnlyBuilt }: Decision): string[] | undefined => {
      if (!writesOnlyBuilt || guard.type !== AST_NODE_TYPES.IfStatement || guard.range[1] > create.node.range[0]) {
        return skipConflict;
      }
      const references = resultReferences(check, sourceCode);
      if (references.some((reference) => contains(guard.consequent, reference))) return undefined;
      return branchBody(guard.consequent, sourceCode);
    };

    return collectFlows(context, (flow, analysis) => {
      for (const create of flow.accesses) {
        if (create.kind !== 'create' || create.fileSystem) continue;
        let candidates = 0;
        for (const check of flow.accesses.toReversed()) {
          if (check.kind !== 'read' && check.kind !== 'exists') continue;
          if (check.node.range[1] > create.node.range[0] || !sameRecord(check, create, sourceCode)) continue;
          // Only the nearest checks of the record can decide it; a seed script holds thousands.
          if ((candidates += 1) > maxCandidates) break;
          if (!yieldsBetween(flow, check, create)) continue;
          const decision = decide(create, resultReferences(check, sourceCode));
          if (!decision) continue;
          const { isolation, lockedBefore, dialect } = contextBetween(flow, analysis, check, create);
          // PostgreSQL's `FOR UPDATE` locks only rows that exist, so a check that finds nothing
          // locks nothing; InnoDB also locks the gap where the row would be. An unknown engine
          // gets the benefit of the doubt.
          const locked = lockedBefore || (check.locks === true && dialect !== 'postgresql');
          if (isolation !== 'serializable' && !locked) report(analysis, check, create, decision);
          break;
        }
      }
    });
  },
});

/**
 * The check looks for the record the create writes: same resource, and every field the check
 * filters on is written by the create, by name or inside an object it writes whole.
 */
function sameRecord(check: Access, create: Access, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (check.resource === undefined || create.resource === undefined || check.keys.length === 0) return false;
  if (!sameResource(check.resource, create.resource)) return false;
  // Keys of a key-value store are compared as written: `user_${id}` is not `user-${id}`.
  const normalize = create.schemaless ? (name: string) => name : normalizeName;
  const written = new Set(create.data.map((field) => normalize(field.name)));
  const wholes = (create.opaqueData ?? []).map((node) => `${normalizedText(sourceCode, node)}.`);
  return check.keys.every((key) => {
    if (written.has(normalize(key.name))) return true;
    const value = key.value && normalizedText(sourceCode, key.value);
    return value !== undefined && wholes.some((whole) => value.startsWith(whole));
  });
}
