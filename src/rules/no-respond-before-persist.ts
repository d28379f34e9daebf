import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access } from '../analysis/access.js';
import { collectFlows, type FunctionFlow } from '../analysis/flow.js';
import { floatingPromise, onlyAwaited, type FloatingPromise } from '../analysis/floating.js';
import { requestHandler, responsesOf, type HandlerResponse, type RequestHandler } from '../analysis/handlers.js';
import { contains, findVariable, isFunction, unwrap } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';

type MessageIds = 'respondsWithCreated' | 'redirectsBeforePersist' | 'respondsBeforePersist' | 'awaitWrite';

const writeKinds = new Set<Access['kind']>(['create', 'update', 'upsert', 'atomic-update', 'delete']);

const serverless = 'On a serverless platform the function may be frozen once it has answered, and the write may never finish.';

const verbs: Readonly<Record<HandlerResponse['kind'], string>> = {
  body: 'sends its response',
  redirect: 'redirects',
  header: 'sets a response header',
  stream: 'starts streaming the response',
  return: 'returns its response',
};

export default createRule<[], MessageIds>({
  name: 'no-respond-before-persist',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow answering a request while a write it started is still running',
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      respondsWithCreated:
        '`{{write}}` (line {{writeLine}}) is started without being awaited, and the handler then {{verb}} (line {{responseLine}}) with {{values}}, which that write stores: the client can call back with it before the write has landed and find nothing, and if the write fails it holds a reference to a record that never existed. ' +
        serverless,
      redirectsBeforePersist:
        '`{{write}}` (line {{writeLine}}) is started without being awaited, and the handler then redirects (line {{responseLine}}): the browser follows the redirect at once and can load the next page before the write has landed, showing the state from before it; if the write fails, the user is never told. ' +
        serverless,
      respondsBeforePersist:
        '`{{write}}` (line {{writeLine}}) is started without being awaited, and the handler then {{verb}} (line {{responseLine}}) while the write is still running: the client is told the request succeeded, its next request can still find the state from before the write, and if the write fails, the client is never told. ' +
        serverless,
      awaitWrite: 'Await `{{write}}` before responding{{makeAsync}}.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;

    const inspect = (handler: RequestHandler, responses: readonly HandlerResponse[], write: Access): void => {
      const floating = floatingPromise(write.node, sourceCode);
      if (!floating) return;
      const settled = floating.settledAt?.range[0] ?? Infinity;
      const answers = responses
        .filter((response) => response.node.range[0] < settled && reaches(floating.expression, response.node))
        .map((response) => ({ response, values: createdValues(write, response, handler) }));
      // The answer that hands the client what the write stores says most; otherwise the first.
      const answer = answers.find(({ values }) => values.length > 0) ?? answers[0];
      if (!answer) return;
      const { response, values } = answer;
      const label = startedLabel(write);
      const data = {
        write: label,
        writeLine: String(write.node.loc.start.line),
        verb: verbs[response.kind],
        responseLine: String(response.node.loc.start.line),
        values: values.map((name) => `\`${name}\``).join(', '),
      };
      const messageId = values.length > 0 ? 'respondsWithCreated' : response.kind === 'redirect' ? 'redirectsBeforePersist' : 'respondsBeforePersist';
      context.report({ node: write.node, messageId, data, suggest: awaitSuggestion(handler, floating, label) });
    };

    /** A write inside a transaction callback is started by the call that opens the transaction. */
    const startedLabel = (write: Access): string =>
      write.summarized && write.node.type === AST_NODE_TYPES.CallExpression
        ? `${sourceCode.getText(write.node.callee)}() → ${write.label}`
        : write.label;

    /**
     * The local values that both the write stores and the response carries: a generated id, the
     * record built for the write (`new Model(…)`). Not values taken as they are from the request
     * or awaited from a read: the client has those already, or they exist already.
     */
    const createdValues = (write: Access, response: HandlerResponse, handler: RequestHandler): string[] => {
      const written = new Set<TSESLint.Scope.Variable>();
      identifiersIn(write.node, (identifier) => {
        const variable = findVariable(sourceCode, identifier);
        if (variable && isCreatedLocally(variable, handler)) written.add(variable);
      });
      const names = new Set<string>();
      for (const carried of response.carries) {
        identifiersIn(carried, (identifier) => {
          const variable = findVariable(sourceCode, identifier);
          if (variable && written.has(variable)) names.add(variable.name);
        });
      }
      return [...names];
    };

    const identifiersIn = (root: TSESTree.Node, onIdentifier: (identifier: TSESTree.Identifier) => void): void => {
      const visit = (node: TSESTree.Node): void => {
        if (node.type === AST_NODE_TYPES.Identifier) {
          const parent = node.parent;
          const isKey =
            (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) ||
            (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand);
          if (!isKey) onIdentifier(node);
          return;
        }
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          for (const item of Array.isArray(child) ? child : [child]) {
            if (typeof item === 'object' && item !== null && 'type' in item) visit(item as TSESTree.Node);
          }
        }
      };
      visit(root);
    };

    const awaitSuggestion = (
      handler: RequestHandler,
      floating: FloatingPromise,
      label: string,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const fn = handler.node;
      // Awaiting at the start keeps the code valid only where every later use awaits the variable too.
      if (floating.variable && !onlyAwaited(floating.variable)) return [];
      // A non-async function with a declared return type would need `Promise<…>` written by hand.
      if (!fn.async && (fn.generator || fn.returnType)) return [];
      const asyncAt = fn.async ? undefined : asyncPosition(fn);
      return [
        {
          messageId: 'awaitWrite',
          data: { write: label, makeAsync: fn.async ? '' : ' (and make the handler `async`)' },
          fix: (fixer) => [
            floating.voided
              ? fixer.replaceTextRange([floating.voided.range[0], floating.voided.argument.range[0]], 'await ')
              : fixer.insertTextBefore(floating.expression, 'await '),
            ...(asyncAt === undefined ? [] : [fixer.insertTextBeforeRange([asyncAt, asyncAt], 'async ')]),
          ],
        },
      ];
    };

    /** Where `async` goes: before `function`, the arrow's parameters, or a method's name. */
    const asyncPosition = (fn: TSESTree.Node): number => {
      const method = fn.parent;
      if (method?.type === AST_NODE_TYPES.MethodDefinition || (method?.type === AST_NODE_TYPES.Property && method.method)) {
        const key = method.computed ? sourceCode.getTokenBefore(method.key) : sourceCode.getFirstToken(method.key);
        return key?.range[0] ?? method.key.range[0];
      }
      return fn.range[0];
    };

    return collectFlows(context, (flow, analysis) => {
      if (flow.node.type === AST_NODE_TYPES.Program) return;
      const writes = flow.accesses.filter((access) => writeKinds.has(access.kind) && !access.fileSystem && !isCacheFill(flow, access));
      if (writes.length === 0) return;
      const handler = requestHandler(flow.node, analysis.file);
      if (!handler) return;
      const responses = responsesOf(handler, sourceCode);
      // The writes of one transaction callback are all started by one call: report it once.
      const started = new Set<TSESTree.Node>();
      for (const write of writes) {
        if (started.has(write.node)) continue;
        started.add(write.node);
        inspect(handler, responses, write);
      }
    });
  },
});

/**
 * A value computed in the handler rather than taken from the request or read from the store:
 * `randomUUID()`, `new Order(…)`, `` `${slug}-${Date.now()}` ``.
 */
function isCreatedLocally(variable: TSESLint.Scope.Variable, handler: RequestHandler): boolean {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const init = def.node.init;
  if (!init || !contains(handler.node, def.node) || init.type === AST_NODE_TYPES.AwaitExpression) return false;
  const value = unwrap(init);
  return value.type !== AST_NODE_TYPES.Identifier && value.type !== AST_NODE_TYPES.MemberExpression && value.type !== AST_NODE_TYPES.Literal;
}

/**
 * A write to a key-value store of a key the function read before: the miss path of a cache, which
 * fills a copy of data stored elsewhere and leaves no state for the client to act on.
 */
function isCacheFill(flow: FunctionFlow, write: Access): boolean {
  if (!write.schemaless) return false;
  const keys = new Set(write.keys.map((key) => key.name));
  return flow.accesses.some(
    (read) => read.kind === 'read' && read.schemaless === true && read.node.range[1] <= write.node.range[0] && read.keys.some((key) => keys.has(key.name)),
  );
}

/**
 * Running on from `from`, control can reach `to`: `to` comes later, not in another branch of an
 * `if` or `?:` than `from`, and no `return` or `throw` leaves the blocks around `from` first.
 */
function reaches(from: TSESTree.Node, to: TSESTree.Node): boolean {
  if (to.range[0] < from.range[1]) return false;
  let child: TSESTree.Node = from;
  for (let parent = from.parent; parent && !isFunction(child); child = parent, parent = parent.parent) {
    const statements = statementList(parent);
    const inside = contains(parent, to);
    if (inside && (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression)) {
      return parent.test === child;
    }
    if (statements) {
      const after = statements.slice(statements.indexOf(child) + 1);
      const exit = after.find((statement) => statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement);
      if (exit && exit.range[1] <= to.range[0]) return false;
    }
    if (inside) return true;
  }
  return false;
}

function statementList(node: TSESTree.Node): readonly TSESTree.Node[] | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
      return node.body;
    case AST_NODE_TYPES.SwitchCase:
      return node.consequent;
    default:
      return undefined;
  }
}
