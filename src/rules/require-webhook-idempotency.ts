import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from '../analysis/access.js';
import { resolveCallee, type SourceFile } from '../analysis/callees.js';
import { isErrorHandled } from '../analysis/errors.js';
import { fileFacts, type FileFacts } from '../analysis/file-facts.js';
import { collectFlows, type FileAnalysis, type FunctionFlow } from '../analysis/flow.js';
import { responsesOf } from '../analysis/handlers.js';
import { isMutatingRequest, startedWork } from '../analysis/started-work.js';
import { writtenInside } from '../analysis/summaries.js';
import { deliveryHeaderOf, deliveryIdIn, deliveryIdWithin, deliveryNoun, mayReceiveWebhooks, webhookHandlers, type DeliveryId, type WebhookHandler } from '../analysis/webhooks.js';
import { adapterFor, conflictMarkers } from '../adapters/index.js';
import type { ClaimRecord } from '../adapters/types.js';
import { callsIn, contains, enclosingFunction, findVariable, isFunction, isResultUnused, propertyKey, type FunctionNode } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { normalizeName } from '../utils/names.js';
import { indentOf, statementOf, wrapInCatch } from '../utils/fixes.js';

type MessageIds = 'missingClaim' | 'checkNotClaim' | 'claimWithoutConstraint' | 'unhandledDuplicate' | 'claimFirst' | 'answerDuplicate';

/** Text a file needs to hold a receiver at all (unless its path names a webhook): other files are skipped at once. */
/** Fields that hold a delivery's id, by their name. */
const deliveryField = /(?:event|delivery|webhook)_?id$/i;
/** Values made fresh on each call: a row keyed by one is a new row every time. */
const freshValue = /random|uuid|nanoid|cuid|ulid|Date\.now|new Date/i;
/** Options of a queue or event bus that drop a second message with the same id. */
const dedupOption = /^(?:id|jobId|deduplicationId|messageDeduplicationId|idempotencyKey|dedupe?Key|deduplication)$/i;
const logWords = new Set(['log', 'logs', 'audit', 'history']);
/** An answer that reports a failure, which a duplicate must not get. */
const failure = /\b[45]\d\d\b|error|invalid|fail|unauthori[sz]ed|forbidden|missing|bad request/i;

/** One thing a handler does, where it is written in the handler, and its place in source order. */
interface Step {
  readonly at: TSESTree.Node;
  /** Positions from the handler inwards: the call in the handler, then inside the callee or callback. */
  readonly order: readonly number[];
  readonly label: string;
}

interface AccessStep extends Step {
  readonly access: Access;
  /** It names the delivery id: in its filter, its key, or the row it writes. */
  readonly keyed: boolean;
}

/** A handler's steps by what they are to a second delivery. */
interface Steps {
  /** Reads of the delivery id: they claim nothing. */
  readonly checks: AccessStep[];
  readonly gates: Gate[];
  /** Inserts of the delivery id that no unique key protects. */
  readonly weakClaims: AccessStep[];
  /** What a second delivery would do again, in order. */
  readonly works: Step[];
}

/** How messages name a receiver. */
interface Description {
  readonly receiver: string;
  readonly evidence: string;
  readonly id: string;
  readonly sender: string;
}

/** A write that lets only the first delivery through, and what that rests on. */
interface Gate extends AccessStep {
  /** A create of the delivery id that a unique constraint protects: its violation must be handled. */
  readonly constraint?: string;
}

const before = (a: Step, b: Step): boolean => {
  for (let index = 0; index < Math.max(a.order.length, b.order.length); index += 1) {
    const difference = (a.order[index] ?? -1) - (b.order[index] ?? -1);
    if (difference !== 0) return difference < 0;
  }
  return false;
};

export default createRule<[], MessageIds>({
  name: 'require-webhook-idempotency',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require webhook handlers to claim the delivery with a race-free write before doing work that must not run twice',
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingClaim:
        'This {{receiver}} ({{evidence}}) runs `{{work}}` (line {{workLine}}) without first claiming the {{id}}. {{sender}} delivers each event at least once and retries it, so a second delivery can arrive while the first is still running, or after it, and runs `{{work}}` again.{{late}} Claim the id before the work with an insert that a unique key protects (or `SET … NX`), and answer a duplicate without doing the work.',
      checkNotClaim:
        'This {{receiver}} ({{evidence}}) checks `{{check}}` (line {{checkLine}}) for the {{id}} before running `{{work}}` (line {{workLine}}), but a check claims nothing: a second delivery that arrives while the first is still running finds no record either, and both run `{{work}}`. Claim the id with an insert that a unique key protects (or `SET … NX`) and act on its result instead.',
      claimWithoutConstraint:
        'This {{receiver}} ({{evidence}}) records the {{id}} with `{{claim}}` (line {{claimLine}}) before its work, but {{reason}}: a second delivery of the same event inserts it again and does the work again. Add a unique constraint or primary key on {{target}}, and answer the unique violation as a duplicate.',
      unhandledDuplicate:
        'This {{receiver}} ({{evidence}}) claims the {{id}} with `{{claim}}` (line {{claimLine}}), and {{constraint}} lets only one delivery through, but the unique violation of a duplicate is not handled: the duplicate fails, and {{sender}} keeps retrying an event that was handled (and may disable the endpoint). Catch the violation and answer the duplicate with success.',
      claimFirst: 'Claim the {{id}} with {{form}} before `{{work}}`, and answer a duplicate without doing the work{{note}}.',
      answerDuplicate: 'Catch the unique violation ({{code}}) of the claim and answer the duplicate with success.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    if (!mayReceiveWebhooks(sourceCode.text, context.filename)) return {};
    const flows = new Map<TSESTree.Node, FunctionFlow>();
    let analysis: FileAnalysis | undefined;
    const listeners = collectFlows(context, (flow, fileAnalysis) => {
      flows.set(flow.node, flow);
      analysis = fileAnalysis;
    });
    const deliver = listeners['Program:exit'];

    const inspectFile = (program: TSESTree.Program): void => {
      const file = analysis?.file ?? fileFacts(context);
      const handlers = webhookHandlers(program, file);
      const receivers = new Set<TSESTree.Node>(handlers.map((handler) => handler.node));
      const accessNodes = new Set<TSESTree.Node>([...flows.values()].flatMap((flow) => flow.accesses.map((access) => access.node)));
      for (const handler of handlers) {
        /** Inside another receiver (nested in this one, or called by it), which is reported on its own. */
        const elsewhere = (node: TSESTree.Node): boolean => {
          for (let current = node.parent; current && current !== handler.node; current = current.parent) {
            if (receivers.has(current)) return true;
          }
          return false;
        };
        inspect(handler, file, accessesOf(handler.node, elsewhere), workCalls(handler, file, elsewhere, accessNodes, receivers));
      }
    };

    /**
     * The handler's accesses and those of the functions nested in it, each once: an access a
     * transaction callback makes also counts as made by the call running it, and is kept so.
     */
    const accessesOf = (fn: FunctionNode, elsewhere: (node: TSESTree.Node) => boolean): Access[] => {
      const inside = [...flows.values()].filter((flow) => flow.node === fn || (contains(fn, flow.node) && !elsewhere(flow.node)));
      const wrapped = new Set<Access>();
      for (const access of inside.flatMap((flow) => flow.accesses)) {
        for (let inner = access.summarized; inner; inner = inner.summarized) wrapped.add(inner);
      }
      return inside.flatMap((flow) => flow.accesses).filter((access) => !wrapped.has(access) && !elsewhere(original(access).node));
    };

    /** The access as written in this file: through summaries of this file's helpers and callbacks. */
    const original = (access: Access): Access =>
      access.summarized && access.summarizedIn === undefined ? original(access.summarized) : access;

    const orderOf = (access: Access): number[] => [
      access.node.range[0],
      ...(access.summarized && access.summarizedIn === undefined ? orderOf(access.summarized) : []),
    ];

    /**
     * Messages sent and requests made by the handler, also by the project's functions it calls (one
     * call deep): a helper of the file, an imported function, a method of an injected service.
     */
    const workCalls = (
      handler: WebhookHandler,
      file: FileFacts,
      elsewhere: (node: TSESTree.Node) => boolean,
      accessNodes: ReadonlySet<TSESTree.Node>,
      receivers: ReadonlySet<TSESTree.Node>,
    ): Step[] => {
      const isAccess = (call: TSESTree.CallExpression): boolean => accessNodes.has(call);
      const here: SourceFile = { filename: context.filename, sourceCode };
      const steps: Step[] = [];
      for (const call of callsIn(handler.node.body, sourceCode)) {
        if (elsewhere(call) || isAccess(call)) continue;
        const label = workOf(call, handler, file, isAccess);
        if (label !== undefined) {
          steps.push({ at: call, order: [call.range[0]], label });
          continue;
        }
        const callee = resolveCallee(call, here);
        if (!callee || callee.fn === handler.node || receivers.has(callee.fn)) continue;
        const facts = callee.file.filename === context.filename ? file : fileFacts({ ...callee.file, settings: context.settings, cwd: context.cwd });
        const name = sourceCode.getText(call.callee);
        for (const inner of callsIn(callee.fn.body, sourceCode)) {
          // The callee's own database work reaches the handler through summaries.
          const innerLabel = facts === file && isAccess(inner) ? undefined : workOf(inner, handler, facts, () => false);
          if (innerLabel !== undefined) steps.push({ at: call, order: [call.range[0], inner.range[0]], label: `${name}() → ${innerLabel}` });
        }
      }
      return steps;
    };

    /** The label of a message or request a call makes that a second delivery would make again. */
    const workOf = (
      call: TSESTree.CallExpression,
      handler: WebhookHandler,
      file: FileFacts,
      isAccess: (call: TSESTree.CallExpression) => boolean,
    ): string | undefined => {
      const started = startedWork(call, file, isAccess);
      if (started?.kind === 'message') return isDeduplicated(call, handler, file.sourceCode) ? undefined : started.label;
      // A POST that asks the sender to verify the delivery (PayPal's verify-webhook-signature) changes nothing.
      const verifies = call.arguments[0] !== undefined && /verif/i.test(file.sourceCode.getText(call.arguments[0]));
      return isMutatingRequest(call, file) && !verifies ? file.sourceCode.getText(call.callee).replace(/\s+/g, '') : undefined;
    };

    /** A message with an id the queue drops duplicates by: `queue.add(name, data, { jobId: event.id })`. */
    const isDeduplicated = (call: TSESTree.CallExpression, handler: WebhookHandler, code: Readonly<TSESLint.SourceCode>): boolean => {
      let found = false;
      for (const argument of call.arguments) {
        simpleTraverse(argument, {
          enter: (node) => {
            if (found || node.type !== AST_NODE_TYPES.Property || !dedupOption.test(propertyKey(node) ?? '')) return;
            found = deliveryIdWithin(node.value, handler, code) !== undefined;
          },
        });
      }
      return found;
    };

    /** What each access of the handler is to a second delivery: a check, a claim that stops it, work it repeats. */
    const classify = (handler: WebhookHandler, file: FileFacts, accesses: readonly Access[], calls: readonly Step[]): Steps => {
      const steps: Steps = { checks: [], gates: [], weakClaims: [], works: [...calls] };
      const keyed = (access: Access): boolean => [...access.keys, ...access.data].some((field) => isDeliveryField(field, handler, access));
      for (const access of accesses) {
        if (access.fileSystem || (access.kind === 'create' && isLog(access.resource))) continue;
        const step: AccessStep = { access, at: writtenInside(access) ?? access.node, order: orderOf(access), label: access.label, keyed: keyed(access) };
        const constraint = access.kind === 'create' && !access.schemaless ? uniqueOver(access, file) : undefined;
        const undeclared = access.resource === undefined || !file.schema().declares(access.resource);
        if (step.keyed && (access.kind === 'read' || access.kind === 'exists')) steps.checks.push(step);
        else if (step.keyed && (access.kind === 'upsert' || access.kind === 'lock' || (access.kind === 'update' && !isResultUnused(step.at)))) steps.gates.push(step);
        // `updateMany({ where: { id, status: 'pending' }, data: { status: 'paid' } })` with its count checked: one delivery moves the record on.
        else if (isTransition(access, step.at)) steps.gates.push(step);
        // A key-value write (SADD tells whether the member was new), or an insert a unique key stops.
        else if (access.kind === 'create' && (access.schemaless || constraint)) steps.gates.push({ ...step, ...(step.keyed && constraint ? { constraint } : {}) });
        // An insert of the id into a table no schema declares: the benefit of the doubt.
        else if (step.keyed && access.kind === 'create' && undeclared) steps.gates.push(step);
        // It records the id but stops nothing: it is work a second delivery repeats too.
        else if (step.keyed && access.kind === 'create') {
          steps.weakClaims.push(step);
          steps.works.push(step);
        }
        else if (access.kind === 'create' || (access.kind === 'atomic-update' && !access.schemaless)) steps.works.push(step);
      }
      steps.works.sort((a, b) => (before(a, b) ? -1 : 1));
      return steps;
    };

    /** The field holds the delivery id: by its name, its value, or an argument its value takes from the helper's parameters. */
    const isDeliveryField = (field: Field, handler: WebhookHandler, access: Access): boolean => {
      if (deliveryField.test(field.name)) return true;
      if (!field.value) return false;
      const found = (node: TSESTree.Node): boolean => deliveryIdWithin(node, handler, sourceCode) !== undefined;
      return found(field.value) || passedIn(field.value, access).some(found);
    };

    /**
     * The arguments of the call a summarised access stands for that its value takes through the
     * helper's parameters: `claim(event.id)` for `` `evt:${id}` `` in `function claim(id)`.
     */
    const passedIn = (value: TSESTree.Node, access: Access): TSESTree.Node[] => {
      const call = access.node;
      if (!access.summarized || access.summarizedIn !== undefined || call.type !== AST_NODE_TYPES.CallExpression) return [];
      const passed: TSESTree.Node[] = [];
      simpleTraverse(value, {
        enter: (node) => {
          const def = node.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode, node)?.defs[0] : undefined;
          if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return;
          const argument = call.arguments[def.node.params.indexOf(def.name)];
          if (argument) passed.push(argument);
        },
      });
      return passed;
    };

    /** Reports the first work no claim stops, once per handler; or an unhandled duplicate of a claim that stops it all. */
    const inspect = (handler: WebhookHandler, file: FileFacts, accesses: readonly Access[], calls: readonly Step[]): void => {
      const { checks, gates, weakClaims, works } = classify(handler, file, accesses, calls);
      const guards = (first: Step, later: Step): boolean => before(first, later) && onPath(first.at, later.at, handler.node);
      const ungated = works.find((work) => !gates.some((gate) => guards(gate, work)));
      const about = describe(handler);
      if (!ungated) {
        const unhandled = gates.find(
          (gate) =>
            gate.constraint !== undefined &&
            gate.access.conflictHandled !== true &&
            works.some((work) => guards(gate, work)) &&
            !checks.some((check) => guards(check, gate)) &&
            ![gate.access.node, gate.at].some((node) => isErrorHandled(node, conflictMarkers, sourceCode)),
        );
        if (unhandled) reportUnhandled(handler, file, unhandled, about);
        return;
      }
      const earlier = checks.filter((check) => guards(check, ungated));
      const weak = weakClaims.find((claim) => claim === ungated || guards(claim, ungated));
      if (weak) {
        // A check before the insert is `no-check-then-create`'s to report.
        if (!earlier.some((check) => before(check, weak))) reportWeak(file, weak, about, handler);
        return;
      }
      const lateClaim = gates.find((claim) => claim.keyed && before(ungated, claim));
      const late = lateClaim ?? weakClaims.find((claim) => before(ungated, claim));
      const [check] = earlier;
      if (check) {
        // A lock or a serializable transaction around the check makes check and record one step.
        const scope = analysis?.transactionOf(check.at);
        const locked = accesses.some((access) => access.kind === 'lock' && before({ at: access.node, order: orderOf(access), label: '' }, check));
        if (scope?.isolation === 'serializable' || scope?.locks === true || locked) return;
        context.report({
          node: ungated.at,
          messageId: 'checkNotClaim',
          data: {
            receiver: about.receiver,
            evidence: about.evidence,
            id: about.id,
            work: ungated.label,
            workLine: String(ungated.at.loc.start.line),
            check: check.label,
            checkLine: String(check.at.loc.start.line),
          },
          suggest: claimFirst(handler, file, ungated, accesses, check, lateClaim),
        });
        return;
      }
      context.report({
        node: ungated.at,
        messageId: 'missingClaim',
        data: {
          receiver: about.receiver,
          evidence: about.evidence,
          id: about.id,
          sender: about.sender,
          work: ungated.label,
          workLine: String(ungated.at.loc.start.line),
          late: late ? ` \`${late.label}\` (line ${late.at.loc.start.line}) records the id only after the work.` : '',
        },
        suggest: claimFirst(handler, file, ungated, accesses, undefined, lateClaim),
      });
    };

    /** How messages name the receiver, its evidence, the delivery id and the sender. */
    const describe = (handler: WebhookHandler): Description => {
      const id = deliveryIdIn(handler, sourceCode);
      const header = handler.provider && deliveryHeaderOf[handler.provider];
      const noun = deliveryNoun(handler);
      return {
        receiver: handler.provider ? `${handler.provider} webhook handler` : 'webhook handler',
        evidence: handler.evidence,
        id: id ? `${noun} \`${id.text}\`` : header ? `${noun} (the \`${header}\` header)` : noun,
        sender: handler.provider ?? 'The sender',
      };
    };


    const reportWeak = (file: FileFacts, weak: AccessStep, about: Description, handler: WebhookHandler): void => {
      const resource = weak.access.resource ?? 'the table';
      const fields = (list: readonly Field[]): string => list.map((field) => field.name).join(', ');
      context.report({
        node: weak.at,
        messageId: 'claimWithoutConstraint',
        data: {
          receiver: about.receiver,
          evidence: about.evidence,
          id: about.id,
          claim: weak.label,
          claimLine: String(weak.at.loc.start.line),
          reason: `no unique constraint on ${file.schema().nameOf(resource)} (${fields(weak.access.data)}) was found in ${file.schema().sourcesOf(resource).join(', ')}`,
          target: `${file.schema().nameOf(resource)} (${fields(weak.access.data.filter((field) => isDeliveryField(field, handler, weak.access)))})`,
        },
      });
    };

    const reportUnhandled = (handler: WebhookHandler, file: FileFacts, gate: Gate, about: Description): void => {
      const statement = statementOf(gate.at);
      const adapter = adapterFor(gate.access.library);
      const exit = statement && enclosingFunction(statement) === handler.node ? exitOf(handler) : undefined;
      const conflictTest = adapter?.conflictTest?.('error', original(gate.access), file);
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] =
        statement && exit && conflictTest && exit.variables.every((variable) => visibleAt(variable, statement))
          ? [
              {
                messageId: 'answerDuplicate',
                data: { code: adapter?.conflictMarkers.join(' / ') ?? '' },
                fix: (fixer) => fixer.replaceText(statement, wrapInCatch(statement, conflictTest, exit.lines, sourceCode)),
              },
            ]
          : [];
      context.report({
        node: gate.at,
        messageId: 'unhandledDuplicate',
        data: {
          receiver: about.receiver,
          evidence: about.evidence,
          id: about.id,
          claim: gate.label,
          claimLine: String(gate.at.loc.start.line),
          constraint: `the unique constraint ${gate.constraint ?? ''}`,
          sender: handler.provider ?? 'the sender',
        },
        suggest,
      });
    };

    /**
     * The claim written before the outermost statement around the work where the id, the client and
     * the answer to a duplicate are all in scope, with the client the handler already uses.
     */
    const claimFirst = (
      handler: WebhookHandler,
      file: FileFacts,
      work: Step,
      accesses: readonly Access[],
      check: AccessStep | undefined,
      late: AccessStep | undefined,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      // An insert of the id made after the work moves to the front, with its columns; otherwise the
      // claim goes in the record the check reads, or in one the adapter names.
      const moved = late?.access.kind === 'create' && !late.access.schemaless ? late : undefined;
      const kept = recordOf(moved ?? check ?? late, handler);
      const removal = moved && removable(moved, handler);
      if (moved && (!kept || !removal)) return [];
      const inKey = kept && deliveryIdWithin(kept.key, handler, sourceCode);
      const found: DeliveryId | undefined = inKey ? { text: sourceCode.getText(inKey), node: inKey, variables: [] } : deliveryIdIn(handler, sourceCode);
      const id = found && { text: found.text, variables: found.node ? variablesRead(found.node) : found.variables };
      const exit = exitOf(handler);
      if (!id || !exit) return [];
      const fileAccesses = [...flows.values()].flatMap((flow) => flow.accesses);
      const candidates = [...new Set([...(kept ? [kept.access] : []), ...[...accesses, ...fileAccesses].map(original)])].filter(
        (access) => access.summarizedIn === undefined,
      );
      for (const point of insertionPoints(handler.node, work.at)) {
        if (![...id.variables, ...exit.variables].every((variable) => visibleAt(variable, point))) continue;
        for (const near of candidates) {
          const client = near.node.type === AST_NODE_TYPES.CallExpression ? near.node.callee : near.node.type === AST_NODE_TYPES.TaggedTemplateExpression ? near.node.tag : undefined;
          if (!client || !variablesRead(client).every((variable) => visibleAt(variable, point))) continue;
          const record = near === kept?.access && kept.variables.every((variable) => visibleAt(variable, point)) ? kept.record : undefined;
          const claim = (!moved || record) && adapterFor(near.library)?.claim?.(near, id.text, record, file);
          if (!claim) continue;
          const indent = indentOf(point, sourceCode);
          const answer = exit.lines.length === 1 ? ` ${exit.lines[0]}` : ` {\n${exit.lines.map((line) => `${indent}  ${line}`).join('\n')}\n${indent}}`;
          const declared = claim.resource === undefined || file.schema().declares(claim.resource);
          const note = declared ? '' : `; it needs a \`${claim.resource ?? ''}\` table keyed by the id, which no schema file declares`;
          return [
            {
              messageId: 'claimFirst',
              data: { id: `${deliveryNoun(handler)} \`${id.text}\``, form: claim.form, work: work.label, note },
              fix: (fixer) => [
                fixer.insertTextBefore(point, `if (${claim.taken})${answer}\n${indent}`),
                ...(removal ? [fixer.removeRange(removal)] : []),
              ],
            },
          ];
        }
      }
      return [];
    };

    /** The record an access keeps the delivery id in, and the expression that holds the id there. */
    const recordOf = (
      step: AccessStep | undefined,
      handler: WebhookHandler,
    ): { access: Access; key: TSESTree.Node; record: ClaimRecord; variables: TSESLint.Scope.Variable[] } | undefined => {
      const access = step && step.access.summarizedIn === undefined ? original(step.access) : undefined;
      const key = access && [...access.keys, ...access.data].find((field) => field.value && deliveryIdWithin(field.value, handler, sourceCode));
      if (access?.resource === undefined || !key?.value) return undefined;
      const { resource } = access;
      // A key-value store's key as written; a table's key column, and the row an insert writes.
      if (access.schemaless) return { access, key: key.value, record: { resource, field: sourceCode.getText(key.value) }, variables: variablesRead(key.value) };
      const like = access.kind === 'create' ? { like: access } : {};
      return { access, key: key.value, record: { resource, field: key.name, ...like }, variables: access.kind === 'create' ? variablesRead(access.node) : [] };
    };

    /** The range of the statement an access of the handler's own code is, with the line break before it. */
    const removable = (step: AccessStep, handler: WebhookHandler): [number, number] | undefined => {
      const statement = step.access.summarized ? undefined : statementOf(step.at);
      const previous = statement && sourceCode.getTokenBefore(statement);
      const own = statement?.type === AST_NODE_TYPES.ExpressionStatement && enclosingFunction(statement) === handler.node;
      return own && previous ? [previous.range[1], statement.range[1]] : undefined;
    };

    /**
     * How the handler answers a duplicate: its last answer that reports no failure, as a return
     * (`return NextResponse.json({ received: true })`) or a response call followed by `return;`;
     * a bare `return;` where the handler returns nothing.
     */
    const exitOf = (handler: WebhookHandler): { lines: string[]; variables: TSESLint.Scope.Variable[] } | undefined => {
      const answers = handler.request
        ? responsesOf(handler.request, sourceCode).filter((answer) => answer.kind === 'body' || answer.kind === 'return').map((answer) => answer.node)
        : ownReturns(handler.node);
      const chosen = answers.filter((node) => !failure.test(sourceCode.getText(node))).at(-1);
      if (!chosen) {
        return ownReturns(handler.node).every((node) => node.type === AST_NODE_TYPES.ReturnStatement && !node.argument)
          ? { lines: ['return;'], variables: [] }
          : undefined;
      }
      const statement = chosen.type === AST_NODE_TYPES.ReturnStatement ? chosen : statementOf(chosen);
      const variables = variablesRead(chosen);
      if (statement?.type === AST_NODE_TYPES.ReturnStatement) return { lines: [sourceCode.getText(statement)], variables };
      return { lines: [`${sourceCode.getText(chosen)};`, 'return;'], variables };
    };

    const ownReturns = (fn: FunctionNode): TSESTree.Node[] => {
      const found: TSESTree.Node[] = [];
      simpleTraverse(fn.body, {
        enter: (node) => {
          if (node.type === AST_NODE_TYPES.ReturnStatement && enclosingFunction(node) === fn) found.push(node);
        },
      });
      return found;
    };

    /** The variables an expression reads from outside it, by the scope manager. */
    const variablesRead = (node: TSESTree.Node): TSESLint.Scope.Variable[] => {
      const found = new Set<TSESLint.Scope.Variable>();
      const visit = (scope: TSESLint.Scope.Scope): void => {
        for (const reference of scope.references) {
          const variable = reference.resolved;
          if (variable && contains(node, reference.identifier) && !contains(node, variable.scope.block)) found.add(variable);
        }
        scope.childScopes.forEach(visit);
      };
      visit(sourceCode.getScope(node));
      return [...found];
    };

    /** The variable is the one its name means at `point`, and holds its value there. */
    const visibleAt = (variable: TSESLint.Scope.Variable, point: TSESTree.Node): boolean => {
      let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(point);
      while (scope && !scope.set.has(variable.name)) scope = scope.upper;
      if (scope?.set.get(variable.name) !== variable) return false;
      if (variable.defs.some((def) => def.type !== TSESLint.Scope.DefinitionType.Variable)) return true;
      return variable.references.some((reference) => reference.isWrite() && reference.identifier.range[1] <= point.range[0]);
    };

    return {
      ...listeners,
      'Program:exit'(program) {
        deliver?.(program);
        inspectFile(program);
      },
    };
  },
});

/** A unique constraint over the fields a create writes, leaving out values made fresh for it. */
function uniqueOver(access: Access, file: FileFacts): string | undefined {
  const kept = access.data.filter((field) => !field.value || !freshValue.test(file.sourceCode.getText(field.value)));
  const constraint = access.resource === undefined ? undefined : file.schema().uniqueFor(access.resource, kept.map((field) => field.name));
  return constraint && `${constraint.description} (${constraint.source})`;
}

/** A table of records of what happened (`webhookLog`, `audit_events`, `deliveryHistory`): a row per delivery is its purpose. */
function isLog(resource: string | undefined): boolean {
  const words = resource?.split(/[_\s-]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase()) ?? [];
  return words.some((word) => logWords.has(word));
}

/** An update that filters on a field it writes, and whose result shows whether it matched. */
function isTransition(access: Access, at: TSESTree.Node): boolean {
  if (access.kind !== 'update' || (!access.failsWithoutMatch && isResultUnused(at))) return false;
  return access.keys.some((key) => access.data.some((field) => normalizeName(field.name) === normalizeName(key.name)));
}

/**
 * `first` runs on every path that reaches `later`: no branch (a `switch` case, an arm of `if` or
 * `?:`, the right of `&&`, a `catch`) holds `first` without holding `later` too.
 */
function onPath(first: TSESTree.Node, later: TSESTree.Node, stop: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = first, parent = first.parent; parent && child !== stop; child = parent, parent = parent.parent) {
    const branch =
      parent.type === AST_NODE_TYPES.SwitchCase || parent.type === AST_NODE_TYPES.CatchClause
        ? parent
        : (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test !== child
          ? child
          : parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === child
            ? child
            : undefined;
    if (branch && !contains(branch, later)) return false;
  }
  return true;
}

/** Statements around `at` in the handler's own body, outermost first, before which a statement can go. */
function insertionPoints(fn: FunctionNode, at: TSESTree.Node): TSESTree.Statement[] {
  const points: TSESTree.Statement[] = [];
  for (let child: TSESTree.Node = at, parent = at.parent; parent && child !== fn.body; child = parent, parent = parent.parent) {
    if (isFunction(parent)) {
      if (parent === fn) break;
      // A statement inside a nested function cannot answer for the handler.
      points.length = 0;
      continue;
    }
    const inList =
      (parent.type === AST_NODE_TYPES.BlockStatement && parent.body.includes(child as TSESTree.Statement)) ||
      (parent.type === AST_NODE_TYPES.SwitchCase && parent.consequent.includes(child as TSESTree.Statement));
    if (inList) points.push(child as TSESTree.Statement);
  }
  return points.reverse();
}
