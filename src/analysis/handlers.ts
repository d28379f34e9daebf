import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from './file-facts.js';
import { calleeName, isFunction, memberName, parameterBinding, property, staticString, type FunctionNode } from '../utils/ast.js';

/*
 * Request handlers of the web frameworks, and the points where they respond: what the client
 * receives, and when. Express/Connect, Fastify, Koa, Hono, NestJS, Next.js route handlers, pages
 * API routes and server actions.
 */

/** A function that answers a request, and the names through which it responds. */
export interface RequestHandler {
  readonly node: FunctionNode;
  /** The response object it is handed (`res`, `reply`, a Nest `@Res()` parameter). */
  readonly response?: string;
  /** The context object that carries the response (Koa `ctx`, Hono `c`). */
  readonly context?: string;
  /** The `next` callback of a middleware: returning its result is not a response. */
  readonly next?: string;
}

/** How a handler answers at one point. */
export type ResponseKind = 'body' | 'redirect' | 'header' | 'stream' | 'return';

export interface HandlerResponse {
  readonly kind: ResponseKind;
  readonly node: TSESTree.Node;
  /** The expressions the client receives: the body, the redirect target, the header value. */
  readonly carries: readonly TSESTree.Node[];
}

const frameworks = ['express', 'connect', 'fastify', 'koa', '@koa/router', 'koa-router', 'hono', 'next', 'polka', 'restify'];
const routeMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);
const handlerParameter = /^_?(?:req|request|ctx|context|c)$/;
const contextParameter = /^_?(?:ctx|context|c)$/;
const nestRoutes = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const nextMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const nextRouteFile = /(?:^|[\\/])app[\\/](?:.*[\\/])?route\.[cm]?[jt]sx?$/;
const pagesApiFile = /(?:^|[\\/])pages[\\/]api[\\/]/;

/** Methods of a response object (`res`, `reply`) by what they send. */
const responseMethods: Readonly<Record<string, ResponseKind>> = {
  send: 'body', json: 'body', jsonp: 'body', end: 'body', sendStatus: 'body', render: 'body', sendFile: 'body', download: 'body',
  redirect: 'redirect', location: 'redirect',
  setHeader: 'header', writeHead: 'header', header: 'header', headers: 'header', set: 'header', type: 'header',
  cookie: 'header', clearCookie: 'header', vary: 'header', append: 'header', flushHeaders: 'header',
  write: 'stream',
};
/** Links that configure a response on the way to a method that sends it: `res.status(201).json()`. */
const configuring = new Set(['status', 'code', 'type', 'header', 'headers', 'set', 'cookie', 'clearCookie', 'vary', 'append']);
/** Methods of a context (Hono `c`, Koa `ctx`) that answer. */
const contextMethods: Readonly<Record<string, ResponseKind>> = {
  json: 'body', text: 'body', html: 'body', body: 'body', newResponse: 'body', render: 'body', redirect: 'redirect', header: 'header',
};
/** Koa's `ctx.body = …`, `ctx.status = …`, also through `ctx.response`. */
const contextFields = new Set(['body', 'status']);
/** Next.js `redirect()` throws to answer from wherever it is called. */
const redirectCalls = new Set(['redirect', 'permanentRedirect']);

/** The request handler a function is, or undefined when nothing shows it answers requests. */
export function requestHandler(fn: FunctionNode, file: FileFacts): RequestHandler | undefined {
  if (isNestRoute(fn)) return nestHandler(fn);
  if (isServerAction(fn, file.sourceCode.ast)) return { node: fn };
  if (nextRouteFile.test(file.filename) && nextMethods.has(exportedName(fn) ?? '')) return { node: fn };
  if (pagesApiFile.test(file.filename) && isDefaultExport(fn, file.sourceCode)) return byParameters(fn);
  if (isRegistered(fn, file) || isTypedHandler(fn, file)) return byParameters(fn);
  return undefined;
}

/** Where a handler answers, in source order: only its own code, not callbacks that run later. */
export function responsesOf(handler: RequestHandler, sourceCode: Readonly<TSESLint.SourceCode>): HandlerResponse[] {
  const found: HandlerResponse[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node !== handler.node && isFunction(node)) return;
    const response = responseAt(node, handler);
    if (response) found.push(response);
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item)) visit(item);
      }
    }
  };
  visit(handler.node.body);
  if (handler.node.body.type !== AST_NODE_TYPES.BlockStatement) {
    found.push({ kind: 'return', node: handler.node.body, carries: [handler.node.body] });
  }
  return found;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function responseAt(node: TSESTree.Node, handler: RequestHandler): HandlerResponse | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return node.argument && !isNextCall(node.argument, handler) ? { kind: 'return', node, carries: [node.argument] } : undefined;
    case AST_NODE_TYPES.AssignmentExpression:
      return contextAssignment(node, handler);
    case AST_NODE_TYPES.CallExpression:
      return responseCall(node, handler);
    default:
      return undefined;
  }
}

const isNextCall = (node: TSESTree.Node, handler: RequestHandler): boolean =>
  node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === handler.next;

/** `ctx.body = …`, `ctx.response.status = …` */
function contextAssignment(node: TSESTree.AssignmentExpression, handler: RequestHandler): HandlerResponse | undefined {
  const target = node.left;
  if (handler.context === undefined || target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (!contextFields.has(memberName(target) ?? '')) return undefined;
  let owner = target.object;
  if (owner.type === AST_NODE_TYPES.MemberExpression && memberName(owner) === 'response') owner = owner.object;
  return isNamed(owner, handler.context) ? { kind: 'body', node, carries: [node.right] } : undefined;
}

function responseCall(call: TSESTree.CallExpression, handler: RequestHandler): HandlerResponse | undefined {
  const name = calleeName(call);
  if (name === undefined) return undefined;
  if (call.callee.type === AST_NODE_TYPES.Identifier) {
    return redirectCalls.has(name) ? { kind: 'redirect', node: call, carries: call.arguments } : undefined;
  }
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  // `stream.pipe(res)`
  if (name === 'pipe' && call.arguments.some((argument) => isNamed(argument, handler.response))) {
    return { kind: 'stream', node: call, carries: [] };
  }
  // The outermost call of a chain answers for it: `res.status(201).json(x)`.
  const parent = call.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === call && parent.parent.type === AST_NODE_TYPES.CallExpression) {
    return undefined;
  }
  const carries: TSESTree.Node[] = [...call.arguments];
  let receiver: TSESTree.Node = call.callee.object;
  while (receiver.type === AST_NODE_TYPES.CallExpression && receiver.callee.type === AST_NODE_TYPES.MemberExpression) {
    if (!configuring.has(memberName(receiver.callee) ?? '')) return undefined;
    carries.push(...receiver.arguments);
    receiver = receiver.callee.object;
  }
  const kind = responseMethods[name];
  if (kind !== undefined && isNamed(receiver, handler.response)) return { kind, node: call, carries };
  const contextKind = contextMethods[name];
  if (contextKind !== undefined && receiver === call.callee.object && isNamed(receiver, handler.context)) {
    return { kind: contextKind, node: call, carries };
  }
  return undefined;
}

const isNamed = (node: TSESTree.Node, name: string | undefined): boolean =>
  name !== undefined && node.type === AST_NODE_TYPES.Identifier && node.name === name;

/**
 * The handler by the shape of its parameters: `(req, res, next)`, `(err, req, res, next)`,
 * `(request, reply)`, `(ctx, next)`, `(c)`.
 */
function byParameters(fn: FunctionNode): RequestHandler {
  const names = fn.params.map((param) => parameterBinding(param)?.name);
  const [first, second] = names;
  if (names.length >= 4) return { node: fn, response: names[2], next: names[3] };
  if (first !== undefined && contextParameter.test(first) && (names.length === 1 || second === 'next')) {
    return { node: fn, context: first, next: second };
  }
  return { node: fn, response: second, next: names[2] };
}

/** `app.post('/x', handler)`, `router.route('/x').put(handler)`, `fastify.route({ handler })`, also by name. */
function isRegistered(fn: FunctionNode, file: FileFacts): boolean {
  return registration(fn, file) !== undefined;
}

/** The call that registers a handler: the route method it is passed to, or `route({ handler })`. */
function registration(fn: FunctionNode, file: FileFacts): TSESTree.CallExpression | undefined {
  const direct = registeringCall(fn, fn, file);
  if (direct) return direct;
  for (const variable of declaredVariables(fn, file.sourceCode)) {
    for (const reference of variable.references) {
      const call = registeringCall(reference.identifier, fn, file);
      if (call) return call;
    }
  }
  return undefined;
}

/** The call that takes `value` (the function or a name of it) where a framework takes a handler. */
function registeringCall(value: TSESTree.Node, fn: FunctionNode, file: FileFacts): TSESTree.CallExpression | undefined {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(value as TSESTree.CallExpressionArgument)) {
    const routes = parent.callee.type === AST_NODE_TYPES.MemberExpression && routeMethods.has(calleeName(parent) ?? '');
    return routes && looksLikeHandler(fn, file) ? parent : undefined;
  }
  // `fastify.route({ method: 'POST', url, handler })`
  if (parent?.type !== AST_NODE_TYPES.Property || parent.value !== value || parent.computed) return undefined;
  const call = parent.parent.type === AST_NODE_TYPES.ObjectExpression ? parent.parent.parent : undefined;
  const isHandler = parent.key.type === AST_NODE_TYPES.Identifier && parent.key.name === 'handler';
  return isHandler && call?.type === AST_NODE_TYPES.CallExpression && calleeName(call) === 'route' ? call : undefined;
}

/**
 * The path a handler is registered under, as written: `app.post('/webhooks/stripe', h)`,
 * `router.route('/hooks').post(h)`, `fastify.route({ url: '/hooks', handler })`, or a Nest
 * controller's path joined with its method's (`@Controller('webhooks')` and `@Post('stripe')`).
 * A part built at run time reads as `*`.
 */
export function routePath(fn: FunctionNode, file: FileFacts): string | undefined {
  if (isNestRoute(fn)) return nestPath(fn);
  const call = registration(fn, file);
  const [first] = call?.arguments ?? [];
  if (!call || !first) return undefined;
  if (first.type === AST_NODE_TYPES.ObjectExpression) return pathText(property(first, 'url') ?? property(first, 'path'));
  const receiver = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : undefined;
  // `router.route('/hooks').post(h)`
  const chained = receiver?.type === AST_NODE_TYPES.CallExpression && calleeName(receiver) === 'route' ? receiver.arguments[0] : undefined;
  return pathText(first) ?? pathText(chained);
}

function pathText(node: TSESTree.Node | undefined): string | undefined {
  if (node?.type !== AST_NODE_TYPES.TemplateLiteral) return staticString(node);
  return node.quasis.map((quasi) => quasi.value.cooked ?? '').join('*');
}

/** `@Controller('webhooks')` (or `{ path: 'webhooks' }`) and `@Post('stripe')` give `webhooks/stripe`. */
function nestPath(fn: FunctionNode): string | undefined {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition) return undefined;
  const argumentOf = (decorators: readonly TSESTree.Decorator[], names: ReadonlySet<string>): string | undefined => {
    const decorator = decorators.find((d) => names.has(decoratorName(d) ?? ''));
    const [first] = decorator?.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.arguments : [];
    return first?.type === AST_NODE_TYPES.ObjectExpression ? pathText(property(first, 'path')) : pathText(first);
  };
  const parts = [argumentOf(method.parent.parent.decorators, new Set(['Controller'])), argumentOf(method.decorators, nestRoutes)];
  const written = parts.filter((part): part is string => part !== undefined);
  return written.length > 0 ? written.join('/') : undefined;
}

/** A callback of a route method is a handler in a file that imports a framework, or by its parameters. */
function looksLikeHandler(fn: FunctionNode, file: FileFacts): boolean {
  if (fn.params.length === 0) return false;
  return frameworks.some((framework) => file.imports(framework)) || handlerParameter.test(parameterBinding(fn.params[0])?.name ?? '');
}

/** The variables a function is bound to: `function f() {}` or `const f = () => {}`. */
function declaredVariables(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): readonly TSESLint.Scope.Variable[] {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return sourceCode.getDeclaredVariables(fn);
  return fn.parent.type === AST_NODE_TYPES.VariableDeclarator ? sourceCode.getDeclaredVariables(fn.parent) : [];
}

/**
 * `(req: Request, res: Response)`, `(ctx: Context)` with the types imported from a framework, or
 * `const h: RequestHandler = …`. A request alone does not make a handler: helpers take one too.
 */
function isTypedHandler(fn: FunctionNode, file: FileFacts): boolean {
  const fromFramework = (type: TSESTree.TypeNode | undefined, named = /./): boolean => {
    if (type?.type !== AST_NODE_TYPES.TSTypeReference) return false;
    let name: TSESTree.EntityName = type.typeName;
    while (name.type === AST_NODE_TYPES.TSQualifiedName) name = name.right;
    if (name.type !== AST_NODE_TYPES.Identifier || !named.test(name.name)) return false;
    let root: TSESTree.EntityName = type.typeName;
    while (root.type === AST_NODE_TYPES.TSQualifiedName) root = root.left;
    const source = root.type === AST_NODE_TYPES.Identifier ? file.importSourceOf(root.name) : undefined;
    return source !== undefined && frameworks.some((framework) => source === framework || source.startsWith(`${framework}/`));
  };
  const answering = /Res(?:ponse)?$|Reply$|Context$/;
  if (fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && fromFramework(param.typeAnnotation?.typeAnnotation, answering))) {
    return true;
  }
  const declarator = fn.parent;
  return (
    declarator.type === AST_NODE_TYPES.VariableDeclarator &&
    declarator.id.type === AST_NODE_TYPES.Identifier &&
    fromFramework(declarator.id.typeAnnotation?.typeAnnotation)
  );
}

const decoratorName = (decorator: TSESTree.Decorator): string | undefined =>
  decorator.expression.type === AST_NODE_TYPES.CallExpression ? calleeName(decorator.expression) : undefined;

/** A method with `@Post()`, `@Get()`, … in a `@Controller()` class. */
function isNestRoute(fn: FunctionNode): boolean {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || !method.decorators.some((d) => nestRoutes.has(decoratorName(d) ?? ''))) {
    return false;
  }
  const owner = method.parent.parent;
  return owner.decorators.some((d) => decoratorName(d) === 'Controller');
}

/** A Nest controller method answers by its return value, or through an injected `@Res()`. */
function nestHandler(fn: FunctionNode): RequestHandler {
  const injected = fn.params.find((param) => param.decorators.some((d) => ['Res', 'Response'].includes(decoratorName(d) ?? '')));
  const response = parameterBinding(injected)?.name;
  return response === undefined ? { node: fn } : { node: fn, response };
}

const hasUseServer = (statements: readonly TSESTree.Node[]): boolean =>
  statements.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use server');

/** A function with `'use server'`, or an exported function of a `'use server'` file. */
function isServerAction(fn: FunctionNode, program: TSESTree.Program): boolean {
  if (fn.body.type === AST_NODE_TYPES.BlockStatement && hasUseServer(fn.body.body)) return true;
  const exported = exportedName(fn) !== undefined || fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  return exported && hasUseServer(program.body);
}

/** The name a top-level function is exported by: `export async function POST`, `export const POST = …`. */
function exportedName(fn: FunctionNode): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? fn.id?.name : undefined;
  }
  const declarator = fn.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return declarator.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? declarator.id.name : undefined;
}

/** `export default function handler(req, res)` or `export default handler` naming it. */
function isDefaultExport(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  return declaredVariables(fn, sourceCode).some((variable) =>
    variable.references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration),
  );
}
