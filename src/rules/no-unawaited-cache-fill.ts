import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cacheMisses, continuationScope, loadOf, missPath, runningFill, type CacheMiss, type RunningFill } from '../analysis/cache-fills.js';
import { collectFlows, type FileAnalysis, type FunctionFlow } from '../analysis/flow.js';
import { onlyAwaited } from '../analysis/floating.js';
import { adapterFor } from '../adapters/index.js';
import type { Rewrite } from '../adapters/types.js';
import { enclosingFunction, isFunction } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';

type Options = [{ allowHandledFireAndForget?: boolean; reportStampede?: boolean }];
type MessageIds = 'floatingFill' | 'backgroundFill' | 'stampede' | 'awaitFill' | 'useReadThrough';

/** Names of helpers that run one load for concurrent callers, or serialise them. */
const coalescing = /single-?flight|dedupe?|coalesce|in-?flight|memoi[sz]e|mutex|lock|semaphore|exclusive/i;

const sharedLoad =
  'Share one load per key: keep the promise of the load in flight in a map by key, so that concurrent misses wait for it, or take a lock on the key and read it again once you hold it.';

export default createRule<Options, MessageIds>({
  name: 'no-unawaited-cache-fill',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow cache fills on a miss path that nothing awaits, and optionally miss paths open to a cache stampede',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allowHandledFireAndForget: {
            type: 'boolean',
            description: 'Allow a fill left running on purpose when a `.catch()` on it handles its failure.',
          },
          reportStampede: {
            type: 'boolean',
            description: 'Also report an awaited miss path that loads the value with nothing to let one load serve concurrent misses (a cache stampede).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowHandledFireAndForget: true, reportStampede: false }],
    messages: {
      floatingFill:
        '`{{fill}}` (line {{fillLine}}) fills the cache after `{{lookup}}` (line {{lookupLine}}) missed, in a promise that nothing awaits and nothing catches: if the fill fails no one finds out (an unhandled rejection can stop the process), and until it lands every request for this key misses again and loads the value once more.',
      backgroundFill:
        '`{{fill}}` (line {{fillLine}}) fills the cache after `{{lookup}}` (line {{lookupLine}}) missed, in a promise left running: until it lands every request for this key misses again and loads the value once more, and a serverless function can be frozen before it lands.',
      stampede:
        'Requests that miss `{{lookup}}` (line {{lookupLine}}) at the same time each run `{{load}}` (line {{loadLine}}) and each fill the key with `{{fill}}` (line {{fillLine}}): nothing lets one load serve the others, so when a popular key expires the backing store gets one identical load per waiting request (a cache stampede). {{remedy}}',
      awaitFill: 'Await `{{fill}}` before going on.',
      useReadThrough: 'Read through the cache with {{form}}.',
    },
  },
  create(context, [{ allowHandledFireAndForget = true, reportStampede = false }]) {
    const sourceCode = context.sourceCode;
    const flows: FunctionFlow[] = [];
    let fileAnalysis: FileAnalysis | undefined;

    /** The library's read-through form of the miss path, when the code is written as one block. */
    const readThrough = (miss: CacheMiss, load: TSESTree.CallExpression | undefined, analysis: FileAnalysis): Rewrite | undefined => {
      const path = load && missPath(miss, load);
      return path && adapterFor(miss.fill.library)?.readThrough?.(path, analysis.file);
    };

    const readThroughSuggestion = (rewrite: Rewrite | undefined): TSESLint.SuggestionReportDescriptor<MessageIds>[] =>
      rewrite
        ? [
            {
              messageId: 'useReadThrough',
              data: { form: rewrite.form },
              fix: (fixer) => rewrite.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
            },
          ]
        : [];

    /** `await` where the promise starts, in an async function, when every later use of a kept promise awaits it too. */
    const awaitSuggestion = (miss: CacheMiss, running: RunningFill): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const { promise } = running;
      const fn = enclosingFunction(promise.expression);
      if (!isFunction(fn) || !fn.async || (promise.variable && !onlyAwaited(promise.variable))) return [];
      const voided = promise.voided;
      return [
        {
          messageId: 'awaitFill',
          data: { fill: miss.fill.label },
          fix: (fixer) =>
            voided
              ? fixer.replaceTextRange([voided.range[0], voided.argument.range[0]], 'await ')
              : fixer.insertTextBefore(promise.expression, 'await '),
        },
      ];
    };

    /**
     * Something lets one load serve concurrent misses: a lock taken before the fill, a callback run
     * under a lock, a load made through a helper that coalesces or serialises calls, a function
     * wrapped in one, or a load that is itself a cached read (a cache in front of a cache).
     */
    const isCoalesced = (miss: CacheMiss, load: TSESTree.CallExpression, analysis: FileAnalysis): boolean => {
      const scope = continuationScope(miss.lookup.node);
      const wrapper = isFunction(scope) && scope.parent.type === AST_NODE_TYPES.CallExpression ? scope.parent.callee : undefined;
      const transaction = analysis.transactionOf(miss.fill.node);
      const flow = flows.find((candidate) => candidate.node === enclosingFunction(miss.lookup.node));
      return (
        coalescing.test(sourceCode.getText(load.callee)) ||
        (wrapper !== undefined && coalescing.test(sourceCode.getText(wrapper))) ||
        transaction?.locks === true ||
        transaction?.isolation === 'serializable' ||
        (flow?.accesses ?? []).some(
          (access) =>
            (access.kind === 'lock' && access.node.range[1] <= miss.fill.node.range[0]) ||
            (access.node === load && access.kind === 'read' && access.schemaless === true),
        )
      );
    };

    const inspect = (miss: CacheMiss, analysis: FileAnalysis): void => {
      const where = {
        fill: miss.fill.label,
        fillLine: String(miss.fill.node.loc.start.line),
        lookup: miss.lookup.label,
        lookupLine: String(miss.lookup.node.loc.start.line),
      };
      const load = loadOf(miss, sourceCode);
      const running = runningFill(miss, sourceCode);
      if (running && !(running.handled && allowHandledFireAndForget)) {
        const suggest = [...awaitSuggestion(miss, running), ...readThroughSuggestion(readThrough(miss, load, analysis))];
        context.report({ node: miss.fill.node, messageId: running.handled ? 'backgroundFill' : 'floatingFill', data: where, suggest });
        return;
      }
      if (!reportStampede || !load || isCoalesced(miss, load, analysis)) return;
      const rewrite = readThrough(miss, load, analysis);
      const remedy = rewrite ? `Read through the cache with ${rewrite.form}.` : sharedLoad;
      const data = { ...where, load: sourceCode.getText(load.callee), loadLine: String(load.loc.start.line), remedy };
      context.report({ node: miss.fill.node, messageId: 'stampede', data, suggest: readThroughSuggestion(rewrite) });
    };

    const listeners = collectFlows(context, (flow, analysis) => {
      flows.push(flow);
      fileAnalysis = analysis;
    });
    return {
      ...listeners,
      'Program:exit'(program) {
        listeners['Program:exit']?.(program);
        if (!fileAnalysis) return;
        for (const miss of cacheMisses(flows.flatMap((flow) => flow.accesses), sourceCode)) inspect(miss, fileAnalysis);
      },
    };
  },
});
