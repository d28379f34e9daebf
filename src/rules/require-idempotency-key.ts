import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isTestCode } from '../analysis/code-kind.js';
import { fileFacts, type FileFacts } from '../analysis/file-facts.js';
import { freshSource, keyArgument, paymentCall, type PaymentCall } from '../analysis/payments.js';
import { valueEdit } from '../adapters/rewrites.js';
import { findVariable, memberName, unwrap } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { addProperty } from '../utils/fixes.js';

type MessageIds = 'missingKey' | 'freshKey' | 'addKey' | 'deriveKey';

/** A stable id the key can be built from, and the variable its text starts with (none for `this.…`). */
interface StableId {
  readonly text: string;
  readonly root?: TSESLint.Scope.Variable;
}

/**
 * Words that name one payment operation or the record it is for: `orderId`, `invoice_id`,
 * `paymentIntentId`, `order.id`. Not customers, users or payment methods: one of those takes part
 * in many payments, and a key built from it would block the second.
 */
const operationWords = ['order', 'invoice', 'payment', 'paymentintent', 'checkout', 'checkoutsession', 'cart', 'booking', 'purchase', 'reservation', 'refund', 'payout', 'transfer', 'withdrawal', 'donation', 'charge'];
const isOperationId = (name: string): boolean => {
  const lower = name.toLowerCase();
  return operationWords.some((word) => lower.endsWith(`${word}id`) || lower.endsWith(`${word}_id`));
};
const isOperationRecord = (name: string): boolean => operationWords.some((word) => name.toLowerCase().endsWith(word));

const repeats = 'a double-clicked button, a client or a job retrying after a timeout although the first attempt went through, two workers taking the same message';

export default createRule<[], MessageIds>({
  name: 'require-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an idempotency key derived from the operation on payment provider calls that move money',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingKey: `\`{{call}}\` sends no idempotency key, so {{provider}} cannot tell a repeat of this request from a new one. When it is sent twice (${repeats}), {{repeat}}.`,
      freshKey: `The idempotency key of \`{{call}}\` is new on every call (\`{{source}}\`, line {{sourceLine}}), so a repeat of the request (${repeats}) carries a different key and {{provider}} takes it for a new one: {{repeat}}. Derive the key from the id of the operation instead.`,
      addKey: 'Pass an idempotency key derived from `{{id}}`.',
      deriveKey: 'Derive the idempotency key from `{{id}}`.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    let facts: FileFacts | undefined;
    const file = (): FileFacts => (facts ??= fileFacts(context));
    let testCode: boolean | undefined;

    const inspect = (payment: PaymentCall): void => {
      const key = keyArgument(payment, file());
      const { label: call, provider, operation } = payment;
      if (key.kind === 'missing') {
        const id = stableId(payment, payment.call);
        const fix = id && addKeyFix(payment, key.into, keyText(payment, id));
        context.report({
          node: payment.call,
          messageId: 'missingKey',
          data: { call, provider, repeat: operation.repeat },
          suggest: id && fix ? [{ messageId: 'addKey', data: { id: id.text }, fix }] : [],
        });
        return;
      }
      if (key.kind !== 'given') return;
      const source = freshSource(key.value, file());
      if (!source) return;
      context.report({
        node: key.value,
        messageId: 'freshKey',
        data: { call, provider, repeat: operation.repeat, source: sourceCode.getText(source), sourceLine: String(source.loc.start.line) },
        suggest: deriveKeySuggestion(payment, key.value),
      });
    };

    /** Adds the key: into the options or body written in the call, or as a new options argument. */
    const addKeyFix = (payment: PaymentCall, into: TSESTree.ObjectExpression | undefined, text: string): TSESLint.ReportFixFunction | undefined => {
      const property = `idempotencyKey: ${text}`;
      if (into) {
        const edit = addProperty(into, property, sourceCode);
        return (fixer) => fixer.replaceTextRange(edit.range, edit.text);
      }
      const args = payment.call.arguments;
      const last = args.at(-1);
      if (payment.slot.in !== 'options' || !last) return undefined;
      // `confirm(id)` takes its parameters before the options: they become `{}`.
      const missing = payment.slot.index - args.length;
      if (missing === 0) return (fixer) => fixer.insertTextAfter(last, `, { ${property} }`);
      if (missing === 1) return (fixer) => fixer.insertTextAfter(last, `, {}, { ${property} }`);
      return undefined;
    };

    /** Replaces a fresh key: the local it is kept in is set from the stable id, or else the value itself. */
    const deriveKeySuggestion = (payment: PaymentCall, value: TSESTree.Node): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const local = freshLocalInit(value);
      const site = local ?? value;
      const id = stableId(payment, site);
      if (!id) return [];
      const text = keyText(payment, id);
      const edit = local ? { range: local.range, text } : valueEdit({ name: 'idempotencyKey', value }, text);
      return edit ? [{ messageId: 'deriveKey', data: { id: id.text }, fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text) }] : [];
    };

    /** `const key = randomUUID()` behind a key passed as `key`: its initialiser. */
    const freshLocalInit = (value: TSESTree.Node): TSESTree.Expression | undefined => {
      const bare = unwrap(value);
      const declarator = bare.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode, bare)?.defs[0]?.node : undefined;
      return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init && freshSource(declarator.init, file())
        ? declarator.init
        : undefined;
    };

    /**
     * The id a key for this operation can be built from, visible at `site`: the object a state
     * change acts on (`capture(paymentIntentId)`), an operation id the call passes
     * (`metadata: { orderId: order.id }`), or one the function holds: a parameter or local named
     * `…orderId`/`…invoice_id`, or a record named `order`/`invoice`/… whose `.id` the code reads;
     * among those, one named for the operation's own kind first.
     */
    const stableId = (payment: PaymentCall, site: TSESTree.Node): StableId | undefined => {
      const target = payment.operation.transition ? payment.call.arguments[0] : undefined;
      const targetId = target && localReference(target);
      const candidates = [...(targetId ? [targetId] : []), ...idsPassed(payment.call), ...idsInScope(site)].filter(
        (candidate) => !candidate.root || isVisibleAt(candidate.root, site),
      );
      // A refund keyed by `refundId` rather than by the payment, which would block a second partial refund.
      const kind = payment.operation.key.split('-')[0] ?? '';
      return candidates.find((candidate) => candidate.text.toLowerCase().includes(kind)) ?? candidates[0];
    };

    /** An identifier or a chain of static names (`req.params.id`, `this.orderId`) rooted in a function's own variable. */
    const localReference = (node: TSESTree.Node): StableId | undefined => {
      let root: TSESTree.Node = node;
      while (root.type === AST_NODE_TYPES.MemberExpression && !root.computed) root = root.object;
      if (root.type === AST_NODE_TYPES.ThisExpression && root !== node) return { text: sourceCode.getText(node) };
      if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = findVariable(sourceCode, root);
      if (!variable || isModuleLevel(variable.scope)) return undefined;
      return { text: sourceCode.getText(node), root: variable };
    };

    /** Operation ids among the call's arguments, in source order. */
    const idsPassed = (call: TSESTree.CallExpression): StableId[] => {
      const found: StableId[] = [];
      const visit = (node: TSESTree.Node): void => {
        if (node.type === AST_NODE_TYPES.MemberExpression) {
          const names = staticNames(node);
          if (names) {
            const [last, before] = [names.at(-1) ?? '', names.at(-2) ?? ''];
            const id = isOperationId(last) || (last === 'id' && isOperationRecord(before)) ? localReference(node) : undefined;
            if (id) found.push(id);
            return;
          }
        }
        if (node.type === AST_NODE_TYPES.Identifier && isOperationId(node.name)) {
          const id = localReference(node);
          if (id) found.push(id);
        }
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          // Keys of an object literal and names after a dot are not values.
          const isName = (node.type === AST_NODE_TYPES.Property || node.type === AST_NODE_TYPES.MemberExpression) && !node.computed;
          if (isName && (key === 'key' || key === 'property')) continue;
          const child = (node as unknown as Record<string, unknown>)[key];
          for (const item of Array.isArray(child) ? child : [child]) {
            if (isNode(item)) visit(item);
          }
        }
      };
      call.arguments.forEach(visit);
      return found;
    };

    /** Operation ids and records the enclosing functions declare before `site`, innermost first. */
    const idsInScope = (site: TSESTree.Node): StableId[] => {
      const found: StableId[] = [];
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(site); scope && !isModuleLevel(scope); scope = scope.upper) {
        for (const variable of scope.variables) {
          const declared = variable.defs[0]?.name;
          if (!declared || declared.range[0] >= site.range[0]) continue;
          if (isOperationId(variable.name)) found.push({ text: variable.name, root: variable });
          else if (isOperationRecord(variable.name) && readsId(variable)) found.push({ text: `${variable.name}.id`, root: variable });
        }
      }
      return found;
    };

    const isVisibleAt = (variable: TSESLint.Scope.Variable, site: TSESTree.Node): boolean => {
      const declared = variable.defs[0]?.name;
      if (!declared || declared.range[0] >= site.range[0]) return false;
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(site); scope; scope = scope.upper) {
        const found = scope.set.get(variable.name);
        if (found) return found === variable;
      }
      return false;
    };

    return {
      CallExpression(call) {
        const payment = paymentCall(call, file());
        if (!payment) return;
        testCode ??= isTestCode(file());
        if (!testCode) inspect(payment);
      },
    };
  },
});

/** `` `payment-intent-${order.id}` ``: the operation and the id, so one order's charge and refund keys differ. */
function keyText(payment: PaymentCall, id: StableId): string {
  return `\`${payment.operation.key}-\${${id.text}}\``;
}

/** The names of a member chain without computed links: `req.params.orderId` gives `req`, `params`, `orderId`. */
function staticNames(node: TSESTree.MemberExpression): string[] | undefined {
  const names: string[] = [];
  let current: TSESTree.Node = node;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.computed) return undefined;
    const name = memberName(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = current.object;
  }
  if (current.type === AST_NODE_TYPES.Identifier) names.unshift(current.name);
  return names;
}

const isModuleLevel = (scope: TSESLint.Scope.Scope): boolean =>
  scope.type === TSESLint.Scope.ScopeType.module || scope.type === TSESLint.Scope.ScopeType.global;

/** The code reads `<variable>.id`. */
function readsId(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.some((reference) => {
    const parent = reference.identifier.parent;
    return parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && memberName(parent) === 'id';
  });
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
