import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from './file-facts.js';
import { requestHandler, routePath, type RequestHandler } from './handlers.js';
import { calleeName, enclosingFunction, findVariable, isFunction, memberName, originOf, staticString, unwrap, type FunctionNode } from '../utils/ast.js';

/*
 * Webhook receivers: the functions that handle a provider's deliveries (Stripe; Svix and the
 * services that send through it, such as Clerk and Resend; GitHub; Shopify; any sender that signs
 * with an HMAC), and the expressions that name one delivery, which a receiver can claim so that
 * its work runs once however often the event is delivered.
 */

export type Provider = 'Stripe' | 'Svix' | 'GitHub' | 'Shopify';

export interface WebhookHandler {
  readonly node: FunctionNode;
  readonly provider: Provider | undefined;
  /** What shows that the function receives deliveries, for messages. */
  readonly evidence: string;
  /** The request handler the function is; undefined for a listener that a webhooks library calls. */
  readonly request: RequestHandler | undefined;
  /** The variable that holds the verified or parsed event, or the listener's event parameter. */
  readonly event: TSESLint.Scope.Variable | undefined;
  /** A listener (`webhooks.on('push', ({ id }) => …)`): its first parameter is the delivery. */
  readonly listener: boolean;
}

/** What one function's own code (not its nested functions) holds that tells a receiver. */
interface Scan {
  readonly calls: TSESTree.CallExpression[];
  /** Header names read, lower case: `req.headers['stripe-signature']`, `headers.get('svix-id')`. */
  readonly headers: string[];
  /** Reads of the request body: `req.body`, `await req.json()`. */
  readonly bodies: TSESTree.Node[];
  /** It branches on an event type: `switch (event.type) { case 'invoice.paid': … }`. */
  dispatches: boolean;
}

/** Headers that carry the id of a delivery, the same on every retry of it. */
const deliveryHeaders = new Set(['svix-id', 'webhook-id', 'x-github-delivery', 'x-shopify-webhook-id', 'x-shopify-event-id']);
/** Text without which a file declares no webhook receiver: a quick test before any analysis. */
const receiverHint = /webhook|constructEvent|svix|timingSafeEqual|createHmac|x-shopify|x-github|x-hub-signature|octokit|probot/i;

export function mayReceiveWebhooks(text: string, filename: string): boolean {
  return receiverHint.test(text) || /webhook/i.test(filename);
}

/** What the id a handler must claim is called: Stripe names events, the others deliveries. */
export function deliveryNoun(handler: WebhookHandler): string {
  return handler.provider === 'Stripe' || (handler.provider === undefined && handler.event) ? 'event id' : 'delivery id';
}

/** The header each provider puts the delivery id in, when the event itself has none. */
export const deliveryHeaderOf: Readonly<Partial<Record<Provider, string>>> = {
  Svix: 'svix-id',
  GitHub: 'x-github-delivery',
  Shopify: 'x-shopify-webhook-id',
};
/** Headers only a webhook delivery carries: its signature, id, event or topic. */
const webhookHeader = /signature|hmac|^svix-|^webhook-|^x-github-|^x-shopify-|^x-[\w-]+-(?:event|delivery|topic)$/;
const providerHeaders: readonly (readonly [RegExp, Provider])[] = [
  [/^stripe-/, 'Stripe'],
  [/^svix-|^webhook-/, 'Svix'],
  [/^x-github-|^x-hub-/, 'GitHub'],
  [/^x-shopify-/, 'Shopify'],
];
const headerGetters = new Set(['get', 'header', 'getHeader']);
/** Fields an event's type is read from, and the values that look like event types. */
const eventTypeFields = new Set(['type', 'event', 'eventType', 'event_type', 'eventName', 'event_name', 'topic', 'action']);
const eventTypeName = /^[a-z][a-z0-9]*(?:[._/][a-z0-9]+)+$/i;
/** Names a delivery or event id is given. */
const deliveryIdName = /(?:event|delivery|webhook|svix|message|msg)_?id$/i;
/** Names an event is given. */
const eventName = /^(?:event|evt|\w+Event)$/;
/** Where a request's body is read: `req.body`, `ctx.request.body`, `await req.json()`, `c.req.json()`. */
const requestObject = /^_?(?:req|request|ctx\.request|c\.req)$/;
const webhookRouteFile = /(?:^|[\\/])app[\\/](?:[^\\/]+[\\/])*[^\\/]*webhook[^\\/]*[\\/](?:[^\\/]+[\\/])*route\.[cm]?[jt]sx?$/i;
const webhookApiFile = /(?:^|[\\/])pages[\\/]api[\\/](?:[^\\/]+[\\/])*[^\\/]*webhook/i;

/** The webhook receivers among a file's functions. */
export function webhookHandlers(program: TSESTree.Program, file: FileFacts): WebhookHandler[] {
  const scans = new Map<FunctionNode, Scan>();
  const scanOf = (node: TSESTree.Node): Scan | undefined => {
    const owner = isFunction(node) ? node : enclosingFunction(node);
    if (owner.type === AST_NODE_TYPES.Program) return undefined;
    let scan = scans.get(owner);
    if (!scan) scans.set(owner, (scan = { calls: [], headers: [], bodies: [], dispatches: false }));
    return scan;
  };
  simpleTraverse(program, {
    enter: (node) => {
      if (isFunction(node)) scanOf(node);
      if (node.type === AST_NODE_TYPES.CallExpression) scanOf(node)?.calls.push(node);
      const header = node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.MemberExpression ? headerRead(node) : undefined;
      if (header !== undefined) scanOf(node)?.headers.push(header);
      if (isBody(node)) scanOf(node)?.bodies.push(node);
      const scan = isDispatch(node) ? scanOf(node) : undefined;
      if (scan) scan.dispatches = true;
    },
  });
  return [...scans].flatMap(([fn, scan]) => receiver(fn, scan, file) ?? []);
}

function receiver(fn: FunctionNode, scan: Scan, file: FileFacts): WebhookHandler | undefined {
  const sourceCode = file.sourceCode;
  const request = requestHandler(fn, file);
  for (const call of scan.calls) {
    const provider = verifier(call, scan, file);
    if (provider === undefined) continue;
    const evidence = `\`${sourceCode.getText(call.callee).replace(/\s+/g, '')}\` on line ${call.loc.start.line}`;
    // Stripe's and Svix's verifiers return the event; the others only say whether it is genuine.
    const returnsEvent = provider === 'Stripe' || provider === 'Svix';
    const event = (returnsEvent ? resultVariable(call, sourceCode) : undefined) ?? bodyVariable(scan, sourceCode);
    return { node: fn, provider: provider ?? headerProvider(scan), evidence, request, event, listener: false };
  }
  const listened = listenerCall(fn, file);
  if (listened) {
    const [param] = fn.params;
    const event = param?.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode, param) : undefined;
    const evidence = `a listener of \`${sourceCode.getText(listened.callee)}\` on line ${listened.loc.start.line}`;
    return { node: fn, provider: 'GitHub', evidence, request: undefined, event, listener: true };
  }
  const place = request && placeOf(fn, file);
  if (!request || !place || !(scan.dispatches || scan.headers.some((name) => webhookHeader.test(name)))) return undefined;
  return { node: fn, provider: headerProvider(scan), evidence: place, request, event: bodyVariable(scan, sourceCode), listener: false };
}

/**
 * The provider whose signature a call verifies; null for a signature checked by hand (an HMAC
 * compared with a signature header the function reads); undefined when the call verifies nothing.
 */
function verifier(call: TSESTree.CallExpression, scan: Scan, file: FileFacts): Provider | null | undefined {
  const name = calleeName(call);
  const callee = call.callee;
  if (name === 'timingSafeEqual' || name === 'createHmac') {
    return scan.headers.some((header) => /signature|hmac/.test(header)) ? null : undefined;
  }
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const source = file.importSourceOf(callee.name) ?? '';
    // Clerk's `verifyWebhook(req)` checks the Svix signature its deliveries carry.
    if (name === 'verifyWebhook' && source.startsWith('@clerk/')) return 'Svix';
    return name === 'verify' && source === '@octokit/webhooks-methods' ? 'GitHub' : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || name === undefined) return undefined;
  const receiver = unwrap(callee.object);
  const onWebhooks = receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'webhooks';
  if (name === 'constructEvent' || name === 'constructEventAsync') return onWebhooks ? 'Stripe' : undefined;
  if (name === 'verify' && constructedFrom(receiver, ['svix', 'standardwebhooks'], file)) return 'Svix';
  if ((name === 'verify' || name === 'verifyAndReceive') && isOctokitWebhooks(receiver, file)) return 'GitHub';
  if (name === 'validate' && onWebhooks && file.imports('@shopify/shopify-api')) return 'Shopify';
  // The Shopify app template's `authenticate.webhook(request)`, which checks the HMAC.
  if (name === 'webhook' && receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'authenticate') return 'Shopify';
  return undefined;
}

/** `new Webhook(secret)` of one of the modules, inline or through the variable that holds it. */
function constructedFrom(receiver: TSESTree.Node, modules: readonly string[], file: FileFacts): boolean {
  const made = receiver.type === AST_NODE_TYPES.NewExpression ? receiver : originOf(receiver, file.sourceCode).init;
  const created = made && unwrap(made);
  if (created?.type !== AST_NODE_TYPES.NewExpression || created.callee.type !== AST_NODE_TYPES.Identifier) return false;
  return modules.includes(file.importSourceOf(created.callee.name) ?? '');
}

/** An `@octokit/webhooks` instance, or the `webhooks` of an Octokit or Probot app. */
function isOctokitWebhooks(receiver: TSESTree.Node, file: FileFacts): boolean {
  if (constructedFrom(receiver, ['@octokit/webhooks'], file)) return true;
  const named = receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'webhooks';
  return named && ['octokit', '@octokit/app', '@octokit/webhooks', 'probot'].some((module) => file.imports(module));
}

/** `webhooks.on('push', fn)`, `app.webhooks.onAny(fn)`, Probot's `app.on('issues.opened', fn)`: the call `fn` listens through. */
function listenerCall(fn: FunctionNode, file: FileFacts): TSESTree.CallExpression | undefined {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument) || call.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return undefined;
  }
  if (calleeName(call) !== 'on' && calleeName(call) !== 'onAny') return undefined;
  const receiver = unwrap(call.callee.object);
  // Probot hands its app to the exported function: `(app: Probot) => { app.on('issues.opened', …) }`.
  const probot = file.imports('probot') && receiver.type === AST_NODE_TYPES.Identifier && /^(?:app|robot|probot)$/.test(receiver.name);
  return probot || isOctokitWebhooks(receiver, file) ? call : undefined;
}

/** "its route `/webhooks/stripe`" or "its file `app/api/webhooks/route.ts`", when either names a webhook. */
function placeOf(fn: FunctionNode, file: FileFacts): string | undefined {
  const path = routePath(fn, file);
  if (path !== undefined && /webhook/i.test(path)) return `its route \`${path}\``;
  const named = webhookRouteFile.exec(file.filename) ?? webhookApiFile.exec(file.filename);
  return named ? `its file \`${named[0].replace(/^[\\/]/, '').replace(/\\/g, '/')}\`` : undefined;
}

function headerProvider(scan: Scan): Provider | undefined {
  for (const header of scan.headers) {
    const known = providerHeaders.find(([pattern]) => pattern.test(header));
    if (known) return known[1];
  }
  return undefined;
}

/** The lower-case header name a node reads: `req.headers['svix-id']`, `headers.get('svix-id')`, `req.header('x-github-delivery')`. */
function headerRead(node: TSESTree.CallExpression | TSESTree.MemberExpression): string | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const name = headerGetters.has(calleeName(node) ?? '') ? staticString(node.arguments[0]) : undefined;
    return node.callee.type === AST_NODE_TYPES.MemberExpression ? name?.toLowerCase() : undefined;
  }
  const owner = unwrap(node.object);
  const fromHeaders = owner.type === AST_NODE_TYPES.MemberExpression && memberName(owner) === 'headers';
  return node.computed && fromHeaders ? staticString(node.property)?.toLowerCase() : undefined;
}

/** `switch (event.type)` with a case like `'invoice.paid'`, or `body.topic === 'orders/create'`. */
function isDispatch(node: TSESTree.Node): boolean {
  const isTypeField = (expression: TSESTree.Node): boolean => {
    const bare = unwrap(expression);
    const name = bare.type === AST_NODE_TYPES.MemberExpression ? memberName(bare) : bare.type === AST_NODE_TYPES.Identifier ? bare.name : undefined;
    return eventTypeFields.has(name ?? '');
  };
  const isTypeName = (expression: TSESTree.Node | null): boolean => eventTypeName.test(staticString(expression ?? undefined) ?? '');
  if (node.type === AST_NODE_TYPES.SwitchStatement) return isTypeField(node.discriminant) && node.cases.some((c) => isTypeName(c.test));
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !['===', '==', '!==', '!='].includes(node.operator)) return false;
  return (isTypeField(node.left) && isTypeName(node.right)) || (isTypeField(node.right) && isTypeName(node.left));
}

/** The variable a value is stored in: `const event = …`, `event = await …`. */
function resultVariable(value: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | undefined {
  let node: TSESTree.Node = value;
  while (node.parent && unwrap(node.parent) === value) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
    return findVariable(sourceCode, parent.id);
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) {
    return findVariable(sourceCode, parent.left);
  }
  return undefined;
}

/** The first variable of the function that holds the request body: `const event = req.body`. */
function bodyVariable(scan: Scan, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | undefined {
  for (const body of scan.bodies) {
    const variable = resultVariable(body, sourceCode);
    if (variable) return variable;
  }
  return undefined;
}

function isBody(node: TSESTree.Node): boolean {
  const bare = unwrap(node);
  const text = (owner: TSESTree.Node): string => {
    const inner = unwrap(owner);
    if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
    return inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.Identifier
      ? `${inner.object.name}.${memberName(inner) ?? ''}`
      : '';
  };
  if (bare.type === AST_NODE_TYPES.MemberExpression) return memberName(bare) === 'body' && requestObject.test(text(bare.object));
  if (bare.type !== AST_NODE_TYPES.CallExpression || bare.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = memberName(bare.callee);
  if (name === 'parse') return text(bare.callee.object) === 'JSON';
  return name === 'json' && requestObject.test(text(bare.callee.object));
}

/**
 * The first part of an expression that names the delivery, preferring a variable that holds it:
 * the event's `id`, a delivery-id header, a variable holding either (`const svixId =
 * headers.get('svix-id')`, `const { id } = event`), the listener's delivery `id`, or a variable
 * named like one (`eventId`, `svix_id`).
 */
export function deliveryIdWithin(root: TSESTree.Node, handler: WebhookHandler, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  const found: TSESTree.Node[] = [];
  simpleTraverse(root, {
    enter: (node) => {
      if (isDeliveryId(node, handler, sourceCode, 0) && isValue(node)) found.push(node);
    },
  });
  return found.find((node) => node.type === AST_NODE_TYPES.Identifier) ?? found[0];
}

/** The delivery id as a claim can write it, and the variables it reads. */
export interface DeliveryId {
  readonly text: string;
  readonly node?: TSESTree.Node;
  readonly variables: readonly TSESLint.Scope.Variable[];
}

/**
 * How the handler can name its delivery: the first expression of it that does, else what the
 * provider guarantees: a Stripe event's `id`, a listener's `id`.
 */
export function deliveryIdIn(handler: WebhookHandler, sourceCode: Readonly<TSESLint.SourceCode>): DeliveryId | undefined {
  const node = deliveryIdWithin(handler.node.body, handler, sourceCode);
  if (node) return { text: sourceCode.getText(node), node, variables: [] };
  // A variable declared for it but not used yet: `({ id, payload }) => …`, `const { event_id: eventId } = req.body`
  const declared = sourceCode.scopeManager?.acquire(handler.node)?.variables ?? [];
  const bound = declared.find((variable) => {
    const def = variable.defs[0];
    return def !== undefined && isDeliveryId(def.name, handler, sourceCode, 0, true);
  });
  if (bound) return { text: bound.name, variables: [bound] };
  const event = handler.event;
  return event && (handler.listener || handler.provider === 'Stripe') ? { text: `${event.name}.id`, variables: [event] } : undefined;
}

/** A node that stands for a value where it is written (not a name being declared or a property key). */
function isValue(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === node) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.parent.type === AST_NODE_TYPES.ObjectPattern) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand) return false;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) return false;
  return !isFunction(parent) || parent.body === node;
}

/** `declaration`: the node is where a variable is declared, not a use of it. */
function isDeliveryId(node: TSESTree.Node, handler: WebhookHandler, sourceCode: Readonly<TSESLint.SourceCode>, depth: number, declaration = false): boolean {
  if (node.type === AST_NODE_TYPES.CallExpression || (node.type === AST_NODE_TYPES.MemberExpression && node.computed)) {
    const header = headerRead(node);
    if (header !== undefined) return deliveryHeaders.has(header);
  }
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node) ?? '';
    // `headers['svix-id']` of an object built from the request's headers
    if (deliveryHeaders.has(name.toLowerCase())) return true;
    return (name === 'id' || deliveryIdName.test(name)) && !node.computed && isEvent(node.object, handler, sourceCode, depth);
  }
  if (node.type !== AST_NODE_TYPES.Identifier || (!declaration && !isValue(node)) || depth > 2) return false;
  if (deliveryIdName.test(node.name)) return true;
  const variable = findVariable(sourceCode, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return false;
  // `const { id } = event`, and a listener's `({ id, payload }) => …`
  const destructuredId =
    def.name.parent.type === AST_NODE_TYPES.Property &&
    def.name.parent.value === def.name &&
    def.name.parent.key.type === AST_NODE_TYPES.Identifier &&
    def.name.parent.key.name === 'id';
  if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
    if (def.node.id.type === AST_NODE_TYPES.Identifier) return isDeliveryIdValue(def.node.init, handler, sourceCode, depth + 1);
    return destructuredId && isEvent(def.node.init, handler, sourceCode, depth + 1);
  }
  return destructuredId && handler.listener && def.node === handler.node;
}

function isDeliveryIdValue(node: TSESTree.Node, handler: WebhookHandler, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): boolean {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.LogicalExpression) return isDeliveryIdValue(bare.left, handler, sourceCode, depth);
  if (bare.type === AST_NODE_TYPES.CallExpression && calleeName(bare) === 'String' && bare.arguments[0]) {
    return isDeliveryIdValue(bare.arguments[0], handler, sourceCode, depth);
  }
  return isDeliveryId(bare, handler, sourceCode, depth);
}

/** The event of a delivery: the verified or parsed event, the request body, or a name like `event`. */
function isEvent(node: TSESTree.Node, handler: WebhookHandler, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): boolean {
  const bare = unwrap(node);
  if (isBody(bare)) return true;
  if (bare.type !== AST_NODE_TYPES.Identifier || depth > 2) return false;
  const variable = findVariable(sourceCode, bare);
  if (eventName.test(bare.name) || (variable !== undefined && variable === handler.event)) return true;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const init = def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : null;
  return init !== null && isEvent(init, handler, sourceCode, depth + 1);
}
