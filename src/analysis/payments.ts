import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from './file-facts.js';
import { localCallee } from './callees.js';
import { contains, enclosingFunction, findVariable, memberName, originOf, propertyKey, resolveObject, returnedExpression, staticString, unwrap } from '../utils/ast.js';

/*
 * Calls of payment providers' SDKs that move money or create something billed, and where each
 * takes the idempotency key that lets the provider recognise a repeated request: Stripe and Adyen
 * in the request options after the parameters, Square in the request body.
 */

export type Provider = 'Stripe' | 'Square' | 'Adyen';

/** One operation of an SDK, by its path from the client (`paymentIntents.capture`). */
interface Operation {
  /** What the key names: `payment-intent-capture`. */
  readonly key: string;
  /** How many ids come before the request (`capture(id, params, options)` has one). */
  readonly ids: number;
  /** What a repeat of the request does. */
  readonly repeat: string;
  /** A change of state of an existing object (capture, confirm, pay): its id is a stable key. */
  readonly transition?: true;
}

interface Sdk {
  readonly provider: Provider;
  readonly module: string;
  /** The exports that make a client: `new Stripe(key)`, `new SquareClient({ token })`. */
  readonly constructors: ReadonlySet<string>;
  /** Names a client is given, trusted when nothing else about it is known (an import from the project). */
  readonly clientName: RegExp;
  /** Functions of the project that return a client: `getStripe()`. */
  readonly factory: RegExp;
  /** Where the key goes: a field of the request options or of the request body. */
  readonly slot: 'options' | 'body';
  readonly operations: Readonly<Record<string, Operation>>;
}

const creates = (thing: string, key: string, ids = 0, consequence = ''): Operation => ({
  key,
  ids,
  repeat: `it creates a second ${thing}${consequence}`,
});
const changes = (thing: string, state: string, key: string): Operation => ({
  key,
  ids: 1,
  transition: true,
  repeat: `the repeat fails on the ${thing} that the first request has ${state} already, and the caller treats an operation that succeeded as failed`,
});

const stripe: Sdk = {
  provider: 'Stripe',
  module: 'stripe',
  constructors: new Set(['default', 'Stripe', '*']),
  clientName: /^_?stripe(?:Client|Api|Sdk|Instance)?$/i,
  factory: /^(?:get|create|make|init)Stripe(?:Client)?$/i,
  slot: 'options',
  operations: {
    'paymentIntents.create': creates('payment intent', 'payment-intent', 0, ', charged too once it is confirmed'),
    'paymentIntents.confirm': changes('payment intent', 'confirmed', 'payment-intent-confirm'),
    'paymentIntents.capture': changes('payment intent', 'captured', 'payment-intent-capture'),
    'paymentIntents.incrementAuthorization': { key: 'payment-intent-increment', ids: 1, repeat: 'it raises the authorized amount a second time' },
    'charges.create': creates('charge', 'charge'),
    'charges.capture': changes('charge', 'captured', 'charge-capture'),
    'refunds.create': creates('refund', 'refund'),
    'transfers.create': creates('transfer', 'transfer'),
    'transfers.createReversal': creates('transfer reversal', 'transfer-reversal', 1),
    'payouts.create': creates('payout', 'payout'),
    'topups.create': creates('top-up', 'topup'),
    'subscriptions.create': creates('subscription', 'subscription', 0, ', which bills the customer too'),
    'invoiceItems.create': creates('invoice item', 'invoice-item', 0, ', billed on the next invoice'),
    'invoices.pay': changes('invoice', 'paid', 'invoice-pay'),
    'creditNotes.create': creates('credit note', 'credit-note'),
    'customers.createBalanceTransaction': creates('balance transaction', 'balance-transaction', 1),
    'applicationFees.createRefund': creates('application fee refund', 'application-fee-refund', 1),
    'treasury.outboundPayments.create': creates('outbound payment', 'outbound-payment'),
    'treasury.outboundTransfers.create': creates('outbound transfer', 'outbound-transfer'),
  },
};

/** Square's current SDK (`client.payments.create`) and its legacy one (`client.paymentsApi.createPayment`). */
const square: Sdk = {
  provider: 'Square',
  module: 'square',
  constructors: new Set(['SquareClient', 'Client']),
  clientName: /^_?square(?:Client|Api)?$/i,
  factory: /^(?:get|create|make|init)Square(?:Client)?$/i,
  slot: 'body',
  operations: {
    'payments.create': creates('payment', 'payment'),
    'paymentsApi.createPayment': creates('payment', 'payment'),
    'refunds.refundPayment': creates('refund', 'refund'),
    'refundsApi.refundPayment': creates('refund', 'refund'),
    'orders.create': creates('order', 'order'),
    'ordersApi.createOrder': creates('order', 'order'),
    // The current SDK takes the order's id in the body.
    'orders.pay': { ...changes('order', 'paid', 'order-pay'), ids: 0 },
    'ordersApi.payOrder': changes('order', 'paid', 'order-pay'),
    'subscriptions.create': creates('subscription', 'subscription', 0, ', which bills the customer too'),
    'subscriptionsApi.createSubscription': creates('subscription', 'subscription', 0, ', which bills the customer too'),
  },
};

const adyen: Sdk = {
  provider: 'Adyen',
  module: '@adyen/api-library',
  constructors: new Set(['CheckoutAPI']),
  clientName: /^_?adyen(?:Checkout(?:Api)?)?$/i,
  factory: /^(?:get|create|make|init)Adyen(?:Checkout(?:Api)?)?$/i,
  slot: 'options',
  operations: {
    'PaymentsApi.payments': creates('payment', 'payment'),
    // `checkout.payments(…)` of the library before version 14
    payments: creates('payment', 'payment'),
    'ModificationsApi.captureAuthorisedPayment': creates('capture', 'capture', 1),
    'ModificationsApi.refundCapturedPayment': creates('refund', 'refund', 1),
  },
};

const sdks: readonly Sdk[] = [stripe, square, adyen];
const paths = sdks.flatMap((sdk) => Object.keys(sdk.operations));
/** The method names of every operation: any other call is rejected by one lookup. */
const methodNames = new Set(paths.map((path) => path.split('.').at(-1)));
/** Their last two links (`refunds.create`): `prisma.user.create` is rejected before its client is looked up. */
const lastLinks = new Set(paths.map((path) => path.split('.').slice(-2).join('.')));

/** A recognised call of a payment SDK, and where it takes its idempotency key. */
export interface PaymentCall {
  readonly provider: Provider;
  readonly call: TSESTree.CallExpression;
  /** The callee as written: `stripe.paymentIntents.create`. */
  readonly label: string;
  readonly operation: Operation;
  /** Where the key goes: the field of the options or body argument at `index`. */
  readonly slot: { readonly in: 'options' | 'body'; readonly index: number };
}

/** The payment operation a call performs, when its client is recognised. */
export function paymentCall(call: TSESTree.CallExpression, file: FileFacts): PaymentCall | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !methodNames.has(memberName(callee) ?? '')) return undefined;
  const path = memberPath(callee);
  if (!path || (path.names.length > 1 && !lastLinks.has(path.names.slice(-2).join('.')))) return undefined;
  const client = clientOf(path.base, file, 0);
  if (!client) return undefined;
  const operation = client.sdk.operations[[...client.prefix, ...path.names].join('.')];
  if (!operation) return undefined;
  const index = client.sdk.slot === 'options' ? operation.ids + 1 : operation.ids;
  const label = file.sourceCode.getText(callee).replace(/\s+/g, '');
  return { provider: client.sdk.provider, call, label, operation, slot: { in: client.sdk.slot, index } };
}

/** `a.b.c` as its base and the names after it: `this.stripe.refunds.create` gives `this.stripe` and `refunds`, `create`. */
function memberPath(node: TSESTree.MemberExpression): { base: TSESTree.Node; names: string[] } | undefined {
  const names: string[] = [];
  let current: TSESTree.Node = node;
  while (current.type === AST_NODE_TYPES.MemberExpression && current.object.type !== AST_NODE_TYPES.ThisExpression) {
    const name = memberName(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = current.object;
  }
  return { base: current, names };
}

/**
 * The SDK whose client an expression holds, and the names already taken from it
 * (`const { paymentsApi } = new Client()` gives `paymentsApi`): by its construction, its declared
 * type, the checker's type, a factory named for the provider (`getStripe()`), or, when nothing else
 * is known of it, its name.
 */
function clientOf(node: TSESTree.Node, file: FileFacts, depth: number): { sdk: Sdk; prefix: string[] } | undefined {
  const bare = unwrap(node);
  const typed = typedClient(file.typeText(bare));
  if (typed) return { sdk: typed, prefix: [] };
  if (bare.type === AST_NODE_TYPES.NewExpression || bare.type === AST_NODE_TYPES.CallExpression) {
    const sdk = constructedClient(bare, file);
    return sdk && { sdk, prefix: [] };
  }
  const taken = bare.type === AST_NODE_TYPES.Identifier && depth < 2 ? destructured(bare, file) : undefined;
  const from = taken && clientOf(taken.from, file, depth + 1);
  if (taken && from) return { sdk: from.sdk, prefix: [...from.prefix, taken.name] };
  const origin = originOf(bare, file.sourceCode);
  if (origin.type) {
    const sdk = declaredClient(origin.type, file);
    return sdk && { sdk, prefix: [] };
  }
  if (origin.init) {
    const client = depth < 2 ? clientOf(origin.init, file, depth + 1) : undefined;
    // A value made some other way is not a client; one returned by a call the file does not explain may be.
    if (client || unwrap(origin.init).type !== AST_NODE_TYPES.CallExpression) return client;
  }
  // The SDK's own export is the class or factory, not a client.
  if (sdks.some((sdk) => fromModule(origin.importSource, sdk))) return undefined;
  const name = bare.type === AST_NODE_TYPES.Identifier ? bare.name : bare.type === AST_NODE_TYPES.MemberExpression ? memberName(bare) : undefined;
  const sdk = name === undefined ? undefined : sdks.find((candidate) => candidate.clientName.test(name));
  return sdk && { sdk, prefix: [] };
}

const fromModule = (source: string | undefined, sdk: Sdk): boolean =>
  source !== undefined && (source === sdk.module || source.startsWith(`${sdk.module}/`));

/** `new Stripe(key)`, `Stripe(key)`, `require('stripe')(key)`, `new SquareClient(…)`, or `getStripe()`. */
function constructedClient(node: TSESTree.NewExpression | TSESTree.CallExpression, file: FileFacts): Sdk | undefined {
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.CallExpression) {
    const required = loadedModule(callee);
    return sdks.find((sdk) => fromModule(required, sdk));
  }
  const binding = exportOf(callee, file);
  const constructed = binding && sdks.find((sdk) => fromModule(binding.module, sdk) && sdk.constructors.has(binding.name));
  if (constructed || node.type === AST_NODE_TYPES.NewExpression || callee.type !== AST_NODE_TYPES.Identifier) return constructed;
  return sdks.find((sdk) => sdk.factory.test(callee.name));
}

/** A client by its declared type: `Stripe`, `SquareClient`, `CheckoutAPI`, imported from the SDK. */
function declaredClient(type: TSESTree.TypeNode, file: FileFacts): Sdk | undefined {
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  let root: TSESTree.EntityName = type.typeName;
  while (root.type === AST_NODE_TYPES.TSQualifiedName) root = root.left;
  const right = type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : undefined;
  const binding = root.type === AST_NODE_TYPES.Identifier ? exportOf(root, file) : undefined;
  if (!binding) return undefined;
  // `Stripe` (the default export, also a namespace of types) and `Stripe.Stripe`.
  const name = right ?? binding.name;
  return sdks.find((sdk) => fromModule(binding.module, sdk) && sdk.constructors.has(name));
}

/** The checker's type, when the file is linted with type information. */
function typedClient(text: string | undefined): Sdk | undefined {
  if (text === undefined) return undefined;
  return sdks.find((sdk) => [...sdk.constructors].some((name) => name !== 'Client' && name === text));
}

/** `const { paymentsApi } = client`: the object a name is taken from, and the property it takes. */
function destructured(identifier: TSESTree.Identifier, file: FileFacts): { from: TSESTree.Node; name: string } | undefined {
  const def = findVariable(file.sourceCode, identifier)?.defs[0];
  const declarator = def?.node;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init) return undefined;
  const name = patternKey(declarator.id, identifier.name);
  return name === undefined ? undefined : { from: declarator.init, name };
}

/** The key under which an object pattern binds a name: `{ v4: uuid }` binds `uuid` under `v4`. */
function patternKey(pattern: TSESTree.ObjectPattern, local: string): string | undefined {
  for (const prop of pattern.properties) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === local) return propertyKey(prop);
  }
  return undefined;
}

/**
 * The module a name or member is imported from and its name there: `{ v4 as uuid } from 'uuid'`
 * gives `uuid`/`v4`; a default import gives `default`, a namespace or a whole `require` gives `*`;
 * `const { CheckoutAPI } = AdyenAPI` and `const Stripe = (await import('stripe')).default` are
 * followed to their module.
 */
function exportOf(node: TSESTree.Node, file: FileFacts, depth = 0): { module: string; name: string } | undefined {
  if (depth > 2) return undefined;
  const loaded = loadedModule(node);
  if (loaded !== undefined) return { module: loaded, name: '*' };
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    const namespace = exportOf(unwrap(node.object), file, depth + 1);
    return namespace && name !== undefined ? { module: namespace.module, name } : undefined;
  }
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = findVariable(file.sourceCode, node)?.defs[0];
  const declaration = def?.node;
  if (def?.parent?.type === AST_NODE_TYPES.ImportDeclaration) {
    const module = def.parent.source.value;
    if (declaration?.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported = declaration.imported;
      return { module, name: imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value };
    }
    return { module, name: declaration?.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : '*' };
  }
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclarator || !declaration.init) return undefined;
  const value = exportOf(unwrap(declaration.init), file, depth + 1);
  if (!value || declaration.id.type === AST_NODE_TYPES.Identifier) return value;
  const name = declaration.id.type === AST_NODE_TYPES.ObjectPattern ? patternKey(declaration.id, node.name) : undefined;
  return name === undefined ? undefined : { module: value.module, name };
}

/** `require('stripe')` and `import('stripe')` give `stripe`. */
function loadedModule(node: TSESTree.Node): string | undefined {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.ImportExpression) return staticString(bare.source);
  const isRequire = bare.type === AST_NODE_TYPES.CallExpression && bare.callee.type === AST_NODE_TYPES.Identifier && bare.callee.name === 'require';
  return isRequire ? staticString(bare.arguments[0]) : undefined;
}

/** The idempotency key a call passes, as far as the code shows. */
export type KeyArgument =
  /** No key: `into` is the options or body literal written in the call, when there is one. */
  | { readonly kind: 'missing'; readonly into?: TSESTree.ObjectExpression }
  /** The options or body are built elsewhere or spread: they may carry one. */
  | { readonly kind: 'unknown' }
  | { readonly kind: 'given'; readonly value: TSESTree.Node };

const keyField = 'idempotencyKey';
/** A variable named like request options (`requestOptions`, `opts`): in the parameters' place, it may be the options. */
const optionNames = /options|opts$/i;

export function keyArgument(payment: PaymentCall, file: FileFacts): KeyArgument {
  const args = payment.call.arguments;
  if (args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return { kind: 'unknown' };
  const { index } = payment.slot;
  // Stripe also reads request options from the last argument in the request's place (`capture(id, { idempotencyKey })`).
  const places = payment.slot.in === 'options' ? args.slice(payment.operation.ids) : args.slice(index, index + 1);
  for (const place of places) {
    const value = keyIn(resolveObject(place, file.sourceCode));
    if (value) return { kind: 'given', value };
  }
  const target = args[index];
  if (!target) {
    const previous = args[index - 1];
    const opaqueOptions =
      payment.slot.in === 'options' && previous?.type === AST_NODE_TYPES.Identifier && optionNames.test(previous.name) && !resolveObject(previous, file.sourceCode);
    return opaqueOptions ? { kind: 'unknown' } : { kind: 'missing' };
  }
  const object = resolveObject(target, file.sourceCode);
  if (!object || object.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement)) return { kind: 'unknown' };
  return object === unwrap(target) ? { kind: 'missing', into: object } : { kind: 'missing' };
}

/** `idempotencyKey: …`, or the `Idempotency-Key` header among the options' `headers`. */
function keyIn(object: TSESTree.ObjectExpression | undefined): TSESTree.Node | undefined {
  for (const prop of object?.properties ?? []) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const name = propertyKey(prop);
    if (name === keyField) return prop.value;
    if (name === 'headers' && prop.value.type === AST_NODE_TYPES.ObjectExpression) {
      const header = prop.value.properties.find(
        (entry) => entry.type === AST_NODE_TYPES.Property && propertyKey(entry)?.toLowerCase() === 'idempotency-key',
      );
      if (header?.type === AST_NODE_TYPES.Property) return header.value;
    }
  }
  return undefined;
}

/** Generators of a new value on every call, by module and export. */
const generatorExports: Readonly<Record<string, ReadonlySet<string>>> = {
  crypto: new Set(['randomUUID', 'randomBytes', 'randomInt']),
  'node:crypto': new Set(['randomUUID', 'randomBytes', 'randomInt']),
  uuid: new Set(['v1', 'v4', 'v6', 'v7']),
  nanoid: new Set(['nanoid']),
  ulid: new Set(['ulid']),
  ulidx: new Set(['ulid']),
  cuid: new Set(['default', '*']),
  '@paralleldrive/cuid2': new Set(['createId']),
};
/** The same among globals: `Date.now()`, `crypto.randomUUID()`. */
const generatorGlobals: Readonly<Record<string, ReadonlySet<string>>> = {
  Date: new Set(['now']),
  Math: new Set(['random']),
  performance: new Set(['now']),
  crypto: new Set(['randomUUID']),
};

/**
 * The call that makes a value new on every run of the code that computes it, when it is one:
 * `randomUUID()`, `Date.now()`, `new Date()`, `` `order-${Date.now()}` ``, `uuid().slice(0, 8)`,
 * a local variable set to one in the same function, or a helper of the file that returns one.
 * A fallback (`header ?? randomUUID()`) is not: the stable value is the one meant.
 */
export function freshSource(node: TSESTree.Node, file: FileFacts, depth = 0): TSESTree.Node | undefined {
  if (depth > 3) return undefined;
  const value = unwrap(node);
  switch (value.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      return firstFresh(value.expressions, file, depth);
    case AST_NODE_TYPES.BinaryExpression:
      return value.operator === '+' ? firstFresh([value.left, value.right], file, depth) : undefined;
    case AST_NODE_TYPES.NewExpression:
      return isGlobal(value.callee, 'Date', file) && value.arguments.length === 0 ? value : undefined;
    case AST_NODE_TYPES.CallExpression:
      return freshCall(value, file, depth);
    case AST_NODE_TYPES.Identifier:
      return freshLocal(value, file, depth);
    default:
      return undefined;
  }
}

function firstFresh(nodes: readonly TSESTree.Node[], file: FileFacts, depth: number): TSESTree.Node | undefined {
  for (const node of nodes) {
    const found = freshSource(node, file, depth);
    if (found) return found;
  }
  return undefined;
}

function freshCall(call: TSESTree.CallExpression, file: FileFacts, depth: number): TSESTree.Node | undefined {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if (isGlobal(callee, 'String', file)) return call.arguments[0] && freshSource(call.arguments[0], file, depth);
    if (isGlobal(callee, 'Date', file)) return call;
    const binding = exportOf(callee, file);
    if (binding) return generatorExports[binding.module]?.has(binding.name) ? call : undefined;
    const helper = localCallee(call, file.sourceCode);
    const returned = helper && returnedExpression(helper);
    return returned && freshSource(returned, file, depth + 1) ? call : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  const owner = callee.object;
  if (owner.type === AST_NODE_TYPES.Identifier && method !== undefined) {
    const binding = exportOf(owner, file);
    const exports = binding ? (['*', 'default'].includes(binding.name) ? generatorExports[binding.module] : undefined) : generatorGlobals[owner.name];
    if (exports?.has(method) && (binding !== undefined || isGlobal(owner, owner.name, file))) return call;
  }
  // A method of a new value is new too: `randomBytes(16).toString('hex')`, `new Date().toISOString()`.
  return freshSource(owner, file, depth + 1);
}

/** A global the file does not redeclare: `Date`, `String`. */
function isGlobal(node: TSESTree.Node, name: string, file: FileFacts): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier || node.name !== name) return false;
  const variable = findVariable(file.sourceCode, node);
  return !variable || (variable.scope.type === TSESLint.Scope.ScopeType.global && variable.defs.length === 0);
}

/**
 * `const key = randomUUID()`, never reassigned, in the function that uses `key` or one around it
 * (`retry(() => charge({ idempotencyKey: key }))` reuses it for its own retries only). Not a
 * module-level value: that is made once per process.
 */
function freshLocal(identifier: TSESTree.Identifier, file: FileFacts, depth: number): TSESTree.Node | undefined {
  const variable = findVariable(file.sourceCode, identifier);
  const declarator = variable?.defs[0]?.node;
  if (variable?.defs.length !== 1 || declarator?.type !== AST_NODE_TYPES.VariableDeclarator || !declarator.init) return undefined;
  if (variable.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
  const owner = enclosingFunction(declarator);
  if (owner.type === AST_NODE_TYPES.Program || !contains(owner, identifier)) return undefined;
  return freshSource(declarator.init, file, depth + 1);
}
