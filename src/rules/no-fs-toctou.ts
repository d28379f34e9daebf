import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from '../analysis/access.js';
import { decide } from '../analysis/decisions.js';
import { isErrorHandled } from '../analysis/errors.js';
import type { FileFacts } from '../analysis/file-facts.js';
import { collectFlows } from '../analysis/flow.js';
import { alwaysExits, decidingGuard, guardTest, resultReferences } from '../analysis/guards.js';
import { onlyValue, samePath } from '../analysis/paths.js';
import { adapterFor } from '../adapters/index.js';
import { contains, enclosingFunction, isFunction, memberName, returnedExpression, unwrap } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { branchBody, statementOf, textWithEdits, wrapInCatch } from '../utils/fixes.js';

type MessageIds =
  | 'checkThenOverwrite'
  | 'checkThenCreate'
  | 'checkThenRemove'
  | 'checkThenUpdate'
  | 'writeExclusively'
  | 'useAtomicForm'
  | 'catchError';

/** How the check's result decides the write. */
interface Decision {
  /** The `if`, `?:`, `&&`, `try` or callback through which the result decides. */
  readonly guard: TSESTree.Node;
  /** True when the write runs only where the check found nothing; undefined when that is not clear. */
  readonly absent: boolean | undefined;
}

/** The write acts on the checked path itself, or moves it away (the source of a rename). */
type Role = 'target' | 'source';

export default createRule<[], MessageIds>({
  name: 'no-fs-toctou',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow checking a path with `exists`, `access` or `stat` and then creating, changing or removing it on the strength of the check',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      checkThenOverwrite:
        'Another process, or a concurrent call of this code, can create or replace {{path}} after `{{check}}` (line {{checkLine}}) {{found}} and before `{{write}}` (line {{writeLine}}) runs: the write then silently replaces a file the check never saw (another writer\'s data, or a symbolic link planted to redirect it), and both writers go on as if theirs were the only one.',
      checkThenCreate:
        'Another process, or a concurrent call of this code, can create {{path}} after `{{check}}` (line {{checkLine}}) {{found}} and before `{{write}}` (line {{writeLine}}) runs: the create then fails because the path already exists, and nothing here handles that error.',
      checkThenRemove:
        'Another process, or a concurrent call of this code, can remove or rename {{path}} after `{{check}}` (line {{checkLine}}) {{found}} and before `{{write}}` (line {{writeLine}}) runs: `{{write}}` then fails because the path is gone, and nothing here handles that error; if the path was replaced in between, it removes a file the check never saw.',
      checkThenUpdate:
        'Another process, or a concurrent call of this code, can remove or replace {{path}} (for example with a symbolic link) after `{{check}}` (line {{checkLine}}) {{found}} and before `{{write}}` (line {{writeLine}}) runs: `{{write}}` then {{outcome}}.',
      writeExclusively: 'Write the file exclusively with {{form}}, and catch that error ({{code}}) where another process created it first.',
      useAtomicForm: 'Let one call settle the path: {{form}}.',
      catchError: 'Catch the error ({{code}}) that `{{write}}` raises when the path changed since the check.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const accesses: Access[] = [];
    let file: FileFacts | undefined;

    /**
     * The path fields of an access that are visible here: a summarised access keeps only the
     * paths its caller passed in, not expressions of the helper's own variables.
     */
    const visibleFields = (access: Access, fields: readonly Field[]): Field[] => {
      if (!access.summarized) return [...fields];
      // A helper of another file keeps only the values its caller passed in already.
      const callee = access.summarizedIn === undefined ? enclosingFunction(access.summarized.node) : undefined;
      return fields.filter((field) => field.value !== undefined && (!callee || !contains(callee, field.value)));
    };

    const roleOf = (check: Access, write: Access): { role: Role; path: Field } | undefined => {
      for (const path of visibleFields(check, check.keys)) {
        if (visibleFields(write, write.keys).some((key) => samePath(path, key, sourceCode))) return { role: 'target', path };
        if (visibleFields(write, write.data).some((moved) => samePath(path, moved, sourceCode))) return { role: 'source', path };
      }
      return undefined;
    };

    const decisionOf = (check: Access, write: Access): Decision | undefined => {
      const callback = resultCallback(check.node, write.node);
      if (callback) {
        if (callback.onFailure) return { guard: callback.fn, absent: true };
        const parameters = sourceCode.getDeclaredVariables(callback.fn);
        const references = parameters.flatMap((variable) => variable.references.filter((r) => r.isRead()).map((r) => r.identifier));
        const guard = decidingGuard(write.node, references);
        return guard && { guard, absent: undefined };
      }
      if (enclosingFunction(check.node) !== enclosingFunction(write.node)) return undefined;
      const end = chainEnd(check.node);
      const decided = decide(write, resultReferences({ ...check, node: end }, sourceCode));
      if (decided) {
        const absent = check.summarized ? undefined : runsWhenAbsent(decided.guard, write.node, check.node, end, sourceCode);
        return { guard: decided.guard, absent };
      }
      // `try { await access(p) } catch { await writeFile(p, …) }`, or a try that returns when the check passes.
      const attempt = tryAround(check.node);
      const handler = attempt?.handler;
      if (!attempt || !handler) return undefined;
      const afterExit = write.node.range[0] > attempt.range[1] && alwaysExits(attempt.block) && !alwaysExits(handler.body);
      return contains(handler, write.node) || afterExit ? { guard: attempt, absent: true } : undefined;
    };

    /** Whether the write can fail on a lost race, so that a handler of that error makes it safe. */
    const canFail = (write: Access, role: Role): boolean =>
      role === 'source' || (write.kind === 'create' ? write.schemaless !== true : write.failsWithoutMatch === true);

    /**
     * A cache fill: where the check found the file the function reads it, and only where it found
     * nothing does it write it. Racing fillers write the same content, as with a cache key.
     */
    const isCacheFill = (write: Access, path: Field, guard: TSESTree.Node): boolean =>
      write.kind === 'create' &&
      write.schemaless === true &&
      accesses.some(
        (read) =>
          read.kind === 'read' &&
          enclosingFunction(read.node) === enclosingFunction(write.node) &&
          visibleFields(read, read.keys).some((key) => samePath(path, key, sourceCode)) &&
          apart(guard, read.node, write.node),
      );

    const inspect = (write: Access): void => {
      if (write.kind !== 'create' && write.kind !== 'update' && write.kind !== 'delete') return;
      for (const check of accesses.toReversed()) {
        if (check.kind !== 'exists' || check.node.range[0] >= write.node.range[0]) continue;
        const match = roleOf(check, write);
        const decision = match && decisionOf(check, write);
        if (!match || !decision) continue;
        const markers = adapterFor(write.library)?.conflictMarkers ?? [];
        if (canFail(write, match.role) && isErrorHandled(write.node, markers, sourceCode)) return;
        if (isCacheFill(write, match.path, decision.guard)) return;
        report(check, write, match.role, match.path, decision);
        return;
      }
    };

    const report = (check: Access, write: Access, role: Role, path: Field, decision: Decision): void => {
      const data = {
        path: `\`${path.value ? sourceCode.getText(path.value) : path.name}\``,
        check: check.label,
        checkLine: String(check.node.loc.start.line),
        write: write.label,
        writeLine: String(write.node.loc.start.line),
        found: decision.absent === undefined ? 'looked at it' : decision.absent ? 'found it missing' : 'found it',
        outcome: write.failsWithoutMatch
          ? 'fails because the path is gone, or changes a file the check never saw'
          : 'creates the file anew, or changes a file the check never saw',
      };
      const messageId: MessageIds =
        role === 'source' || write.kind === 'delete'
          ? 'checkThenRemove'
          : write.kind === 'update'
            ? 'checkThenUpdate'
            : write.schemaless
              ? 'checkThenOverwrite'
              : 'checkThenCreate';
      context.report({ node: write.node, messageId, data, suggest: suggestions(check, write, role, decision) });
    };

    const suggestions = (check: Access, write: Access, role: Role, decision: Decision): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const adapter = adapterFor(write.library);
      if (!adapter?.conflictTest || !file) return [];
      const facts = file;
      const conflictTest = (failing: Access): string => adapter.conflictTest?.('error', failing, facts) ?? 'false';
      const statement = statementOf(write.node);
      // Only a call that throws where it stands (`…Sync`, awaited) can be wrapped in a try; a callback gets its error later.
      const throwsHere = write.synchronous === true || write.node.parent?.type === AST_NODE_TYPES.AwaitExpression;
      const wrappable = throwsHere && statement?.type === AST_NODE_TYPES.ExpressionStatement ? statement : undefined;
      // A rewrite of the call belongs inside the helper a summarised write came from.
      const atomic = write.summarized || role === 'source' ? undefined : adapter.atomicCreate?.(check, write, facts);
      const onError = errorBranch(check, write, decision) ?? [role === 'target' && write.kind === 'create' ? '// Another process created it first.' : '// Another process removed it first.'];
      const result: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      if (write.kind === 'create' && write.schemaless && role === 'target') {
        // An exclusive write fits only where the check meant "nothing there yet".
        if (!atomic || !wrappable || decision.absent !== true) return result;
        const exclusive = textWithEdits(wrappable, [{ range: atomic.node.range, text: atomic.text }], sourceCode);
        const failing: Access = { ...write, schemaless: false };
        const text = wrapInCatch(wrappable, conflictTest(failing), onError, sourceCode).replace(sourceCode.getText(wrappable), () => exclusive);
        const replacement = inBlock(wrappable, text);
        result.push({
          messageId: 'writeExclusively',
          data: { form: atomic.form, code: codesIn(conflictTest(failing), adapter.conflictMarkers) },
          fix: (fixer) => fixer.replaceText(wrappable, replacement),
        });
        return result;
      }
      if (atomic) {
        result.push({ messageId: 'useAtomicForm', data: { form: atomic.form }, fix: (fixer) => fixer.replaceText(atomic.node, atomic.text) });
      }
      if (wrappable && canFail(write, role)) {
        const test = conflictTest(write);
        const text = inBlock(wrappable, wrapInCatch(wrappable, test, onError, sourceCode));
        result.push({
          messageId: 'catchError',
          data: { code: codesIn(test, adapter.conflictMarkers), write: write.label },
          fix: (fixer) => fixer.replaceText(wrappable, text),
        });
      }
      return result;
    };

    /**
     * What the catch does when the write loses the race. After a guard that exits early, the lost
     * race means what the guard meant, so the catch exits the same way, unless that exit uses the
     * check's result, which the catch does not have.
     */
    const errorBranch = (check: Access, write: Access, { guard }: Decision): string[] | undefined => {
      if (guard.type !== AST_NODE_TYPES.IfStatement || guard.range[1] > write.node.range[0] || !alwaysExits(guard.consequent)) return undefined;
      const references = resultReferences({ ...check, node: chainEnd(check.node) }, sourceCode);
      if (references.some((reference) => contains(guard.consequent, reference))) return undefined;
      return branchBody(guard.consequent, sourceCode);
    };

    const listeners = collectFlows(context, (flow, analysis) => {
      file = analysis.file;
      accesses.push(...flow.accesses.filter((access) => access.fileSystem));
    });
    const flowsDone = listeners['Program:exit'];
    return {
      ...listeners,
      // A callback's writes are in the callback's own flow: pair once every flow is known.
      'Program:exit'(node) {
        flowsDone?.(node);
        accesses.sort((a, b) => a.node.range[0] - b.node.range[0]);
        for (const access of accesses) inspect(access);
      },
    };
  },
});

/**
 * A statement's replacement, braced and indented one more step where the statement is the whole
 * body of an `if`, `else` or loop: `if (x) try { … }` is valid but reads as a slip.
 */
function inBlock(statement: TSESTree.Statement, text: string): string {
  if ([AST_NODE_TYPES.BlockStatement, AST_NODE_TYPES.Program, AST_NODE_TYPES.SwitchCase].includes(statement.parent.type)) return text;
  const [first, ...rest] = text.split('\n');
  const indent = /^\s*/.exec(rest.at(-1) ?? '')?.[0] ?? '';
  return ['{', `${indent}  ${first ?? ''}`, ...rest.map((line) => `  ${line}`), `${indent}}`].join('\n');
}

/** The markers an error test names, for the suggestion's message: `EEXIST`, `ENOENT`. */
const codesIn = (test: string, markers: readonly string[]): string => markers.filter((marker) => test.includes(marker)).join(' / ');

/** The calls chained on a call by `.then`, `.catch` and `.finally`, innermost first. */
function* chainedCalls(call: TSESTree.Node): Generator<TSESTree.CallExpression> {
  for (let node = call; ; ) {
    const member = node.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return;
    const next = member.parent;
    if (next.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) return;
    if (!['then', 'catch', 'finally'].includes(memberName(member) ?? '')) return;
    yield next;
    node = next;
  }
}

/** The last call of `.then`/`.catch` chained on the check: it carries the result the code tests. */
function chainEnd(call: TSESTree.Node): TSESTree.Node {
  let end = call;
  for (const next of chainedCalls(call)) end = next;
  return end;
}

/**
 * The function that receives the check's result and holds the write: a callback of the check
 * itself (`fs.stat(p, (err, stats) => …)`) or of `.then`/`.catch` chained on it. `onFailure`
 * when it runs only where the check failed (`.catch(…)`, the second function of `.then`).
 */
function resultCallback(check: TSESTree.Node, write: TSESTree.Node): { fn: TSESTree.Node; onFailure: boolean } | undefined {
  const fn = enclosingFunction(write);
  const call = fn.parent;
  if (!isFunction(fn) || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((argument) => argument === fn)) return undefined;
  if (call === check) return { fn, onFailure: false };
  for (const chained of chainedCalls(check)) {
    if (chained !== call || chained.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const name = memberName(chained.callee);
    if (name === 'finally') return undefined;
    return { fn, onFailure: name === 'catch' || call.arguments[1] === fn };
  }
  return undefined;
}

/** The innermost `try` whose block holds the node, within its function. */
function tryAround(node: TSESTree.Node): TSESTree.TryStatement | undefined {
  let child = node;
  for (let parent = node.parent; parent && !isFunction(child); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child) return parent;
  }
  return undefined;
}

/**
 * Two nodes never both run past a guard: they sit in different branches (of an `if`, `?:`, or a
 * `try` and its `catch`), or one sits in a branch that always exits and the other after the guard.
 */
function apart(guard: TSESTree.Node, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const sides =
    guard.type === AST_NODE_TYPES.IfStatement || guard.type === AST_NODE_TYPES.ConditionalExpression
      ? [guard.consequent, guard.alternate]
      : guard.type === AST_NODE_TYPES.TryStatement
        ? [guard.block, guard.handler?.body]
        : [];
  const sideOf = (node: TSESTree.Node): TSESTree.Node | undefined => sides.find((side) => side && contains(side, node)) ?? undefined;
  const [sideA, sideB] = [sideOf(a), sideOf(b)];
  if (sideA && sideB) return sideA !== sideB;
  const inside = sideA ?? sideB;
  const other = sideA ? b : a;
  return inside !== undefined && alwaysExits(inside) && other.range[0] > guard.range[1];
}

/** Whether the guard lets the target run when its test is true (`if` branch, `&&`) or false (`else`, `||`, an early exit). */
function runsWhenTrue(guard: TSESTree.Node, target: TSESTree.Node): boolean | undefined {
  switch (guard.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      if (contains(guard.consequent, target)) return true;
      if (guard.alternate && contains(guard.alternate, target)) return false;
      if (alwaysExits(guard.consequent)) return false;
      return guard.alternate ? true : undefined;
    case AST_NODE_TYPES.LogicalExpression:
      return guard.operator === '&&';
    default:
      return undefined;
  }
}

const literalTruth = (node: TSESTree.Node | undefined): boolean | undefined => {
  if (node?.type === AST_NODE_TYPES.Literal) return Boolean(node.value);
  return node?.type === AST_NODE_TYPES.Identifier && node.name === 'undefined' ? false : undefined;
};

/**
 * Whether the value at the end of the check's chain is truthy when the path exists: the check's
 * own result is (`true`, a `Stats`); `.catch(() => null)` keeps that, `.then(() => true, () => false)`
 * says so. Undefined when a chained callback returns something else.
 */
function truthyWhenFound(check: TSESTree.Node): boolean | undefined {
  let found: boolean | undefined = true;
  for (const call of chainedCalls(check)) {
    const name = call.callee.type === AST_NODE_TYPES.MemberExpression ? memberName(call.callee) : undefined;
    const [onSuccess, onFailure] = name === 'catch' ? [undefined, call.arguments[0]] : call.arguments;
    if (name === 'finally') continue;
    if (onSuccess) found = literalTruth(returnedExpression(onSuccess));
    if (found === undefined || (onFailure && literalTruth(returnedExpression(onFailure)) !== !found)) return undefined;
  }
  return found;
}

/**
 * Whether the write runs only where the check found nothing: the guard's test is the check's
 * result (or a local holding it, or its negation) and the write sits on the side where it is falsy.
 */
function runsWhenAbsent(
  guard: TSESTree.Node,
  target: TSESTree.Node,
  check: TSESTree.Node,
  end: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean | undefined {
  const whenTrue = runsWhenTrue(guard, target);
  const test = guardTest(guard);
  if (whenTrue === undefined || !test) return undefined;
  const truthyWhenPresent = (node: TSESTree.Node): boolean | undefined => {
    const bare = unwrap(node);
    if (bare.type === AST_NODE_TYPES.UnaryExpression && bare.operator === '!') {
      const inner = truthyWhenPresent(bare.argument);
      return inner === undefined ? undefined : !inner;
    }
    if (bare === end) return truthyWhenFound(check);
    if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
    return onlyValue(bare, sourceCode) === end ? truthyWhenFound(check) : undefined;
  };
  const present = truthyWhenPresent(test);
  return present === undefined ? undefined : whenTrue !== present;
}
