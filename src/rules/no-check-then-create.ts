import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access } from '../analysis/access.js';
import { contextBetween } from '../analysis/context.js';
import { isErrorHandled } from '../analysis/errors.js';
import { collectFlows, yieldsBetween, type FileAnalysis } from '../analysis/flow.js';
import { decidingGuard, resultReferences } from '../analysis/guards.js';
import { adapterFor, conflictMarkers } from '../adapters/index.js';
import { contains, isFunction, normalizedText } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { branchBody, statementOf, wrapInCatch } from '../utils/fixes.js';
import { normalizeName, sameResource } from '../utils/names.js';

type Options = [{ requireConflictHandling?: boolean }];
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
      const keyNames = check.keys.map((key) => key.name);
      const resource = create.resource ?? 'record';
      const found = create.schemaless ? `nothing at ${keyNames.join(', ')}` : `no ${resource} with this ${keyNames.join(' and ')}`;
      const race =
        `Two concurrent calls can both run \`${check.label}\` (line ${check.node.loc.start.line}) and find ${found} ` +
        `before either runs \`${create.label}\` (line ${create.node.loc.start.line})`;
      if (create.schemaless) {
        const suggest = suggestions(analysis, check, create, decision, false);
        context.report({ node: create.node, messageId: 'checkThenSet', data: { race }, suggest });
        return;
      }
      const schema = analysis.file.schema();
      const constraint = create.resource === undefined ? undefined : schema.uniqueFor(create.resource, keyNames);
      const uniqueBy = constraint
        ? `The unique constraint ${constraint.description} (${constraint.source})`
        : check.keysAreUnique
          ? `The unique key that \`${check.label}\` relies on`
          : undefined;
      const isHandled = isErrorHandled(create.node, conflictMarkers, sourceCode);
      if (uniqueBy && (isHandled || !requireConflictHandling)) return;
      const suggest = suggestions(analysis, check, create, decision, uniqueBy === undefined);
      if (uniqueBy) {
        context.report({ node: create.node, messageId: 'unhandledConflict', data: { race, constraint: uniqueBy }, suggest });
        return;
      }
      const target = `${resource} (${keyNames.join(', ')})`;
      const declaredIn = schema.sourcesOf(resource);
      const reason =
        declaredIn.length > 0
          ? `No unique constraint on ${target} was found in ${declaredIn.join(', ')}.`
          : schema.files.length > 0
            ? `None of the ${schema.files.length} schema files read declares ${resource}, so nothing is known to stop a duplicate ${target}.`
            : `No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate ${target}.`;
      context.report({ node: create.node, messageId: 'checkThenCreate', data: { race, schema: reason }, suggest });
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
            requirement: needsConstraint ? `, after adding a unique constraint on ${create.resource ?? 'the record'} (${check.keys.map((k) => k.name).join(', ')})` : '',
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
        if (create.kind !== 'create') continue;
        for (const check of flow.accesses.toReversed()) {
          if (check.kind !== 'read' && check.kind !== 'exists') continue;
          if (check.node.range[1] > create.node.range[0] || !sameRecord(check, create, sourceCode)) continue;
          if (!yieldsBetween(flow, check, create)) continue;
          const decision = decide(create, resultReferences(check, sourceCode));
          if (!decision) continue;
          const { isolation, locked } = contextBetween(flow, analysis, check, create);
          if (isolation !== 'serializable' && !locked) report(analysis, check, create, decision);
          break;
        }
      }
    });
  },
});

/** How a guard on the check's result decides a create. */
interface Decision {
  readonly guard: TSESTree.Node;
  /**
   * The write runs only where the record was built. False when the guard decides the build but
   * the write runs either way, saving the record the check found when it found one.
   */
  readonly writesOnlyBuilt: boolean;
}

/**
 * The guard on the check's result that decides the create: the guard of the build its record
 * comes from (`if (!tag) tag = build(…); …; save(tag)`), else the guard of the write itself.
 * A build that cannot reach the write (`if (!tag) tag = build(…); else await save(tag)`) means
 * the write saves another record: no create at all.
 */
function decide(create: Access, references: readonly TSESTree.Node[]): Decision | undefined {
  const built = create.builtAt && !contains(create.node, create.builtAt) ? create.builtAt : undefined;
  if (built && !reaches(built, create.node)) return undefined;
  const buildGuard = built && decidingGuard(built, references);
  if (built && buildGuard) {
    // An exit guard before the build, or a branch that holds the write too, leaves only the built record.
    return { guard: buildGuard, writesOnlyBuilt: !contains(buildGuard, built) || contains(buildGuard, create.node) };
  }
  const guard = decidingGuard(create.node, references);
  return guard && { guard, writesOnlyBuilt: true };
}

/**
 * Whether control can flow from `from` on to the later `to`, as far as the structure shows:
 * not from one branch of an `if` or `?:` into the other, nor past a statement that always
 * returns or throws, or that breaks or continues a loop (or `switch`) that holds `to`.
 * Inside a callback nothing is known, and the answer is yes.
 */
function reaches(from: TSESTree.Node, to: TSESTree.Node): boolean {
  if (from.range[1] > to.range[0]) return false;
  const exitsBetween = (parent: TSESTree.Node, child: TSESTree.Node, end: number): boolean => {
    if (parent.type !== AST_NODE_TYPES.BlockStatement && parent.type !== AST_NODE_TYPES.Program && parent.type !== AST_NODE_TYPES.SwitchCase) {
      return false;
    }
    // `break` and `continue` in a loop that does not hold `to` lead on towards it.
    const target = jumpTarget(parent);
    const jumpsAway = target === undefined || contains(target, to);
    const statements: readonly TSESTree.Node[] = parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : parent.body;
    return statements.some((statement) => statement.range[0] >= child.range[1] && statement.range[1] <= end && exits(statement, jumpsAway));
  };
  let child: TSESTree.Node = from;
  let parent = from.parent;
  for (; parent && !contains(parent, to); child = parent, parent = parent.parent) {
    if (isFunction(parent)) return true;
    if (exitsBetween(parent, child, parent.range[1])) return false;
  }
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return child === parent.test || !(child === parent.consequent && parent.alternate && contains(parent.alternate, to));
    default:
      return !exitsBetween(parent, child, to.range[0]);
  }
}

/** A statement that never completes normally: it returns, throws, or (when `jumps`) breaks or continues. */
function exits(statement: TSESTree.Node, jumps: boolean): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return jumps;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some((inner) => exits(inner, jumps));
    case AST_NODE_TYPES.IfStatement:
      return exits(statement.consequent, jumps) && statement.alternate !== null && exits(statement.alternate, jumps);
    default:
      return false;
  }
}

/** The loop or `switch` that a `break` or `continue` directly inside `node` leaves. */
function jumpTarget(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node; current && !isFunction(current); current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.SwitchStatement:
        return current;
      default:
        break;
    }
  }
  return undefined;
}

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
