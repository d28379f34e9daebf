import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access } from '../analysis/access.js';
import { isTestCode, isUiCode } from '../analysis/code-kind.js';
import { awaitedDelay, durationText, pacesWork, scheduledCallback, type Delay } from '../analysis/delays.js';
import { fileFacts, type FileFacts } from '../analysis/file-facts.js';
import { collectFlows } from '../analysis/flow.js';
import type { FloatingPromise } from '../analysis/floating.js';
import { isRequest, startedWork, type WorkKind } from '../analysis/started-work.js';
import { calleeName, contains, enclosingFunction } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { statementOf } from '../utils/fixes.js';

type MessageIds = 'fixedDelay' | 'delayedCallback' | 'awaitInstead';

/** Something set going before the delay, which the delay is there to let finish. */
interface Started {
  readonly kind: WorkKind | 'write';
  readonly node: TSESTree.Node;
  readonly label: string;
  readonly pending?: FloatingPromise;
}

/** Something after the delay that relies on it: an access to shared state or a request. */
interface Next {
  readonly node: TSESTree.Node;
  readonly label: string;
}

const writes = new Set<Access['kind']>(['create', 'update', 'upsert', 'atomic-update', 'delete']);

/** What the delay waits for, and what to wait on instead, by the kind of work started. */
const waitedFor: Record<Started['kind'], { work: (at: string) => string; remedy: string }> = {
  promise: {
    work: (at) => `${at}, which runs without being awaited`,
    remedy: 'Await the promise itself instead of guessing how long it takes.',
  },
  message: {
    work: (at) => `the handlers of what ${at} publishes`,
    remedy: 'Wait for an acknowledgement instead: a reply or completion event, or the resulting state polled with backoff.',
  },
  write: {
    work: (at) => `what ${at} sets off elsewhere (a trigger, a replica, a consumer of the change)`,
    remedy: 'Wait on the effect itself instead: an acknowledgement, the expected state polled with backoff, or a lock held by the other side.',
  },
  request: {
    work: (at) => `the work ${at} starts on the other side`,
    remedy: 'Wait for the other side to confirm instead: its response, a callback or webhook, or a status polled with backoff.',
  },
  process: {
    work: (at) => `the process ${at} starts to be ready`,
    remedy: 'Wait for it to report ready instead: a message on its output, or a health check polled with backoff.',
  },
};

export default createRule<[], MessageIds>({
  name: 'no-sleep-synchronization',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow waiting a fixed time for another operation to finish before using the state it leaves',
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      fixedDelay:
        '`{{delay}}` (line {{delayLine}}) waits {{duration}} for {{work}}, then `{{next}}` (line {{nextLine}}) runs as if it had finished. Under light load the delay is long enough; under real load (a slow database, a busy queue, a cold start) the work is not done when it ends, and the code reads or acts on state that is not there yet. {{remedy}}',
      delayedCallback:
        '`setTimeout` (line {{delayLine}}) runs its callback {{duration}} later, counting on {{work}} to have finished by then, and the callback runs `{{next}}` (line {{nextLine}}). Under light load the delay is long enough; under real load (a slow database, a busy queue, a cold start) the work is not done when it ends, and the callback reads or acts on state that is not there yet. {{remedy}}',
      awaitInstead: 'Await `{{label}}` instead of sleeping.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const accesses: Access[] = [];
    const calls: TSESTree.CallExpression[] = [];
    const awaits: TSESTree.AwaitExpression[] = [];
    let facts: FileFacts | undefined;
    const file = (): FileFacts => (facts ??= fileFacts(context));

    /** Nodes of a delay's function, nested functions included; at the top level, only top-level code. */
    const inScope = (owner: TSESTree.Node, node: TSESTree.Node): boolean =>
      owner.type === AST_NODE_TYPES.Program ? enclosingFunction(node) === owner : contains(owner, node);

    const startedBefore = (delay: Delay, owner: TSESTree.Node): Started | undefined => {
      const accessCalls = new Set<TSESTree.Node>(accesses.map((access) => access.node));
      const isAccess = (call: TSESTree.CallExpression): boolean => accessCalls.has(call);
      const before = (node: TSESTree.Node): boolean => node.range[1] <= delay.node.range[0] && inScope(owner, node);
      const started: Started[] = [
        ...calls.flatMap((call) => {
          const work = before(call) ? startedWork(call, file(), isAccess) : undefined;
          return work ? [work] : [];
        }),
        ...accesses
          .filter((access) => writes.has(access.kind) && before(access.node))
          .map((access): Started => ({ kind: 'write', node: access.node, label: access.label })),
      ];
      // A promise left running is what its delay waits for: it names the race and can be awaited.
      const byPosition = (a: Started, b: Started): number => a.node.range[0] - b.node.range[0];
      const promises = started.filter((work) => work.kind === 'promise');
      return (promises.length > 0 ? promises : started).sort(byPosition).at(-1);
    };

    const nextAfter = (delay: Delay, owner: TSESTree.Node): Next | undefined => {
      const region = delay.callback ?? owner;
      const after = (node: TSESTree.Node): boolean =>
        node.range[0] >= delay.node.range[1] || (delay.callback !== undefined && contains(delay.callback, node));
      const relevant = (node: TSESTree.Node): boolean => after(node) && inScope(region, node);
      const candidates: Next[] = [
        ...accesses.filter((access) => relevant(access.node)),
        ...calls.filter((call) => relevant(call) && isRequest(call, file())).map((call) => ({ node: call, label: sourceCode.getText(call.callee) })),
      ];
      return candidates.sort((a, b) => a.node.range[0] - b.node.range[0])[0];
    };

    const inspect = (delay: Delay): void => {
      if (pacesWork(delay, sourceCode)) return;
      const owner = enclosingFunction(delay.node);
      const started = startedBefore(delay, owner);
      const next = started && nextAfter(delay, owner);
      if (!started || !next) return;
      const data = {
        delay: sourceCode.getText(delay.callback ? delay.node : (delay.node as TSESTree.AwaitExpression).argument).replace(/\s+/g, ' '),
        delayLine: String(delay.node.loc.start.line),
        duration: durationText(delay, sourceCode),
        work: waitedFor[started.kind].work(`\`${started.label}\` (line ${started.node.loc.start.line})`),
        remedy: waitedFor[started.kind].remedy,
        next: next.label,
        nextLine: String(next.node.loc.start.line),
      };
      const fix = delay.callback ? undefined : awaitInstead(delay, owner, started);
      context.report({
        node: delay.node,
        messageId: delay.callback ? 'delayedCallback' : 'fixedDelay',
        data,
        suggest: fix ? [{ messageId: 'awaitInstead', data: { label: started.label }, fix }] : [],
      });
    };

    /** Removes the sleep statement and awaits the promise left running in its place. */
    const awaitInstead = (delay: Delay, owner: TSESTree.Node, started: Started): TSESLint.ReportFixFunction | undefined => {
      const statement = statementOf(delay.node);
      const pending = started.pending;
      if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !pending) return undefined;
      const { variable, voided, expression } = pending;
      if (variable) {
        if (!isVisibleAt(variable, statement)) return undefined;
        return (fixer) => fixer.replaceText(statement, `await ${variable.name};`);
      }
      if (enclosingFunction(expression) !== owner) return undefined;
      return (fixer) => [
        voided
          ? fixer.replaceTextRange([voided.range[0], voided.argument.range[0]], 'await ')
          : fixer.insertTextBefore(expression, 'await '),
        fixer.removeRange(lineRange(statement)),
      ];
    };

    /** The variable is the one its name resolves to at a node. */
    const isVisibleAt = (variable: TSESLint.Scope.Variable, at: TSESTree.Node): boolean => {
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
        const found = scope.set.get(variable.name);
        if (found) return found === variable;
      }
      return false;
    };

    /** A statement's range, widened to its whole line when nothing else is written on it, else to the space before it. */
    const lineRange = (statement: TSESTree.Node): [number, number] => {
      const text = sourceCode.text;
      const start = text.lastIndexOf('\n', statement.range[0] - 1) + 1;
      const newline = text.indexOf('\n', statement.range[1]);
      const end = newline === -1 ? text.length : newline;
      const alone = text.slice(start, statement.range[0]).trim() === '' && text.slice(statement.range[1], end).trim() === '';
      if (alone && newline !== -1) return [start, end + 1];
      return [sourceCode.getTokenBefore(statement)?.range[1] ?? statement.range[0], statement.range[1]];
    };

    const flows = collectFlows(context, (flow) => {
      accesses.push(...flow.accesses);
    });
    const own: TSESLint.RuleListener = {
      CallExpression(call) {
        calls.push(call);
      },
      AwaitExpression(node) {
        awaits.push(node);
      },
      'Program:exit'() {
        const delays = [
          ...awaits.flatMap((node) => awaitedDelay(node, file()) ?? []),
          ...calls.flatMap((call) => (calleeName(call) === 'setTimeout' ? (scheduledCallback(call, file()) ?? []) : [])),
        ];
        if (delays.length === 0 || isTestCode(file()) || isUiCode(file())) return;
        accesses.sort((a, b) => a.node.range[0] - b.node.range[0]);
        for (const delay of delays) inspect(delay);
      },
    };
    return combine(flows, own);
  },
});

/** Listeners that run every handler given for a selector, in order. */
function combine(...listeners: TSESLint.RuleListener[]): TSESLint.RuleListener {
  const combined: Record<string, (node: never) => void> = {};
  for (const listener of listeners) {
    for (const [selector, handler] of Object.entries(listener) as [string, ((node: never) => void) | undefined][]) {
      if (!handler) continue;
      const earlier = combined[selector];
      combined[selector] = earlier
        ? (node) => {
            earlier(node);
            handler(node);
          }
        : handler;
    }
  }
  return combined;
}
