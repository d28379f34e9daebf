// The HTTP layer of an entity: Express routers, Fastify plugins, NestJS controllers and Next.js
// route handlers. They call the service, and some handlers query the database inline.
import { indent, methodsFor } from './methods.mjs';
import { queriesFor } from './queries.mjs';
import { sharedCandidates } from './data-access.mjs';
import { sourceFile } from './imports.mjs';

const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Splits `a: string, b: Partial<Pick<X, 'c' | 'd'>>, page = 1` into its parameters. */
const parameters = (params) =>
  params
    .split(/, (?=\w+\s*[:=])/)
    .map((param) => ({ name: param.split(/[:=]/)[0].trim(), optional: param.includes('=') }));

/** The route of a method: its verb, path below the collection, and where each argument comes from. */
function routeOf(method) {
  const verb = /^[a-z]+/.exec(method.name)[0];
  const params = parameters(method.params);
  const withId = params.some((param) => param.name === 'id');
  if (['get', 'find', 'fetch', 'load'].includes(verb)) return { http: 'get', path: '/:id', params };
  if (['list', 'browse', 'findAll', 'search', 'summarize', 'export'].includes(verb)) return { http: 'get', path: `/${verb === 'list' ? '' : kebab(verb)}`.replace(/\/$/, ''), params };
  if (['create', 'add', 'register', 'open', 'ensure'].includes(verb) && !withId) return { http: 'post', path: '', params };
  if (['update', 'edit', 'patch', 'change'].includes(verb)) return { http: 'patch', path: '/:id', params };
  if (['remove', 'delete', 'destroy', 'purge'].includes(verb)) return { http: 'delete', path: '/:id', params };
  return { http: 'post', path: `${withId ? '/:id' : ''}/${kebab(method.name)}`, params };
}

/** Argument expressions for a method's parameters, read from a framework's request. */
function argumentsOf(route, entity, from) {
  return route.params.flatMap(({ name, optional }) => {
    if (name === 'id') return [from.param('id')];
    if (name === 'input') return [`${from.body} as Create${entity.name}Input`];
    if (name === 'patch') return [`${from.body} as Update${entity.name}Input`];
    if (name === 'amount') return [`Number((${from.body} as { amount?: unknown }).amount)`];
    if (name === 'actorId') return [from.actor];
    if (name === 'page') return [`Number(${from.query('page')} ?? 1)`];
    if (optional) return [];
    return [`String(${from.query(name)} ?? '')`];
  });
}

const express = {
  param: (name) => `req.params.${name}`,
  body: 'req.body',
  query: (name) => `req.query.${name}`,
  actor: 'String(res.locals.userId)',
};
const fastify = {
  param: (name) => `(request.params as { ${name}: string }).${name}`,
  body: 'request.body',
  query: (name) => `(request.query as Record<string, string | undefined>).${name}`,
  actor: 'request.headers["x-user-id"] as string',
};

/** How a handler reaches the service: an imported instance, a constructor parameter, or functions. */
function callee(api, method, viaParameter) {
  if (!api.asClass) return method.name;
  return viaParameter ? `service.${method.name}` : `${api.className[0].toLowerCase()}${api.className.slice(1)}.${method.name}`;
}

/** A method's body inlined into a handler: its parameters read from the request, its result sent. */
function inlineHandler(method, entity, from, send) {
  const route = routeOf(method);
  const args = argumentsOf(route, entity, from);
  const declared = route.params.filter((param) => !param.optional || param.name === 'page');
  return {
    route,
    lines: [
      ...declared.map((param, at) => `const ${param.name} = ${args[at]};`),
      ...route.params.filter((param) => param.optional && param.name !== 'page').map((param) => `const ${param.name} = ${defaults(method.params, param.name)};`),
      ...sendingReturns(method.lines, send),
    ],
  };
}

/** The method's top-level `return x;` as `send(x)`; a return spanning lines is held in a local first. */
function sendingReturns(lines, send) {
  const out = [];
  let pending = false;
  for (const line of lines) {
    if (line.startsWith('return ') && line.endsWith(';')) out.push(send(line.slice(7, -1)));
    else if (line.startsWith('return ')) {
      out.push(`const payload = ${line.slice(7)}`);
      pending = true;
    } else {
      out.push(line);
      if (pending && !line.startsWith(' ') && line.endsWith(';')) {
        out.push(send('payload'));
        pending = false;
      }
    }
  }
  return out;
}

const defaults = (params, name) => new RegExp(`${name} = ([^,]+)`).exec(params)[1];

function inlineMethods(entity, random, count) {
  if (entity.library === 'typeorm' || count === 0) return [];
  return methodsFor({ entity, q: queriesFor(entity), random }, count).map((method) => ({ ...method, name: `${method.name}Inline` }));
}

export function expressFile(file, entity, api, random) {
  const router = `${entity.camel}Router`;
  const base = `/${entity.module}/${entity.kebab}s`;
  const viaParameter = entity.library === 'typeorm';
  const handlers = api.methods.slice(0, random.int(8, 24)).map((method) => {
    const route = routeOf(method);
    const status = route.http === 'post' ? 201 : 200;
    return [
      `${router}.${route.http}('${base}${route.path}', async (req: Request, res: Response, next: NextFunction) => {`,
      `  const started = performance.now();`,
      `  try {`,
      `    const result = await ${callee(api, method, viaParameter)}(${argumentsOf(route, entity, express).join(', ')});`,
      `    res.status(${status}).json(result ?? { ok: true });`,
      `  } catch (error) {`,
      `    next(error);`,
      `  } finally {`,
      `    logger.debug('${route.http.toUpperCase()} ${base}${route.path}', { ms: Math.round(performance.now() - started) });`,
      `  }`,
      `});`,
    ];
  });
  const inline = inlineMethods(entity, random, random.int(1, 4)).map((method) => {
    const { route, lines } = inlineHandler(method, entity, express, (value) => `res.json(${value});`);
    return [
      `${router}.${route.http}('${base}/v2${route.path}', async (req: Request, res: Response, next: NextFunction) => {`,
      `  try {`,
      ...indent(lines, 2),
      `    if (!res.headersSent) res.status(204).end();`,
      `  } catch (error) {`,
      `    next(error);`,
      `  }`,
      `});`,
    ];
  });
  const routes = [...handlers, ...inline].flatMap((lines) => ['', ...lines]);
  const body = viaParameter
    ? [`export function ${entity.camel}Routes(service: ${api.className}): Router {`, `  const ${router} = Router();`, ...indent(routes), `  return ${router};`, `}`]
    : [`export const ${router} = Router();`, ...routes];
  return sourceFile(file, body, {
    express: ['Router', 'Request:type', 'Response:type', 'NextFunction:type'],
    ...apiCandidates(entity, api),
  });
}

export function fastifyFile(file, entity, api, random) {
  const base = `/${entity.module}/${entity.kebab}s`;
  const viaParameter = entity.library === 'typeorm';
  const handlers = api.methods.slice(0, random.int(8, 24)).map((method) => {
    const route = routeOf(method);
    return [
      `app.${route.http}('${base}${route.path}', async (request, reply) => {`,
      `  const result = await ${callee(api, method, viaParameter)}(${argumentsOf(route, entity, fastify).join(', ')});`,
      ...(route.http === 'post' ? [`  reply.code(201);`] : []),
      `  return result ?? { ok: true };`,
      `});`,
    ];
  });
  const inline = inlineMethods(entity, random, random.int(1, 3)).map((method) => {
    const { route, lines } = inlineHandler(method, entity, fastify, (value) => `return ${value};`);
    return [`app.${route.http}('${base}/v2${route.path}', async (request, reply) => {`, ...indent(lines), `  return reply.code(204).send();`, `});`];
  });
  const plugin = `${entity.camel}Plugin`;
  const body = [
    `export const ${plugin}: FastifyPluginAsync${viaParameter ? `<{ service: ${api.className} }>` : ''} = async (app${viaParameter ? ', { service }' : ''}) => {`,
    ...indent([...handlers, ...inline].flatMap((lines, at) => [...(at ? [''] : []), ...lines])),
    `};`,
  ];
  return sourceFile(file, body, { fastify: ['FastifyPluginAsync:type'], ...apiCandidates(entity, api) });
}

export function nestControllerFile(file, entity, api, random) {
  const decorators = { get: 'Get', post: 'Post', patch: 'Patch', delete: 'Delete' };
  const nest = {
    param: () => 'id',
    body: 'body',
    query: (name) => `query.${name}`,
    actor: 'user.id',
  };
  const handlers = api.methods.slice(0, random.int(8, 24)).map((method) => {
    const route = routeOf(method);
    const inputs = [
      ...(route.path.includes(':id') ? [`@Param('id') id: string`] : []),
      ...(route.params.some((param) => ['input', 'patch', 'amount'].includes(param.name)) ? [`@Body() body: unknown`] : []),
      ...(route.http === 'get' && route.params.some((param) => !['id'].includes(param.name)) ? [`@Query() query: Record<string, string>`] : []),
      ...(route.params.some((param) => param.name === 'actorId') ? [`@CurrentUser() user: { id: string }`] : []),
    ];
    const target = api.asClass ? `this.service.${method.name}` : method.name;
    return [
      `@${decorators[route.http]}('${route.path.replace(/^\//, '')}')`,
      `@ApiOperation({ summary: '${words(method.name)}' })`,
      `@ApiResponse({ status: ${route.http === 'post' ? 201 : 200} })`,
      ...(route.http === 'post' ? [`@HttpCode(201)`] : []),
      `async ${method.name}(${inputs.join(', ')}) {`,
      `  return ${target}(${argumentsOf(route, entity, nest).join(', ')});`,
      `}`,
    ];
  });
  const body = [
    `@ApiTags('${entity.module}')`,
    `@Controller('${entity.module}/${entity.kebab}s')`,
    `export class ${entity.name}Controller {`,
    ...(api.asClass ? [`  constructor(private readonly service: ${api.className}) {}`] : []),
    ...handlers.flatMap((lines) => ['', ...indent(lines)]),
    `}`,
  ];
  return sourceFile(file, body, {
    '@nestjs/common': ['Body', 'Controller', 'Delete', 'Get', 'HttpCode', 'Param', 'Patch', 'Post', 'Query'],
    '@nestjs/swagger': ['ApiOperation', 'ApiResponse', 'ApiTags'],
    'src/lib/auth': ['CurrentUser'],
    ...apiCandidates(entity, api),
  });
}

/** `app/api/<module>/<entity>/route.ts`: collection handlers, some with the query inline. */
export function nextRouteFile(file, entity, api, random) {
  const next = {
    param: () => `searchParams.get('id') ?? ''`,
    body: 'body',
    query: (name) => `searchParams.get('${name}')`,
    actor: `request.headers.get('x-user-id') ?? ''`,
  };
  const byVerb = new Map();
  const methods = [...api.methods.slice(0, random.int(3, 6)), ...inlineMethods(entity, random, random.int(0, 2))];
  for (const method of methods) {
    const { http } = routeOf(method);
    if (!byVerb.has(http)) byVerb.set(http, method);
  }
  const handlers = [...byVerb].map(([http, method]) => {
    const inline = method.name.endsWith('Inline');
    const route = routeOf(method);
    const reads = [
      `const { searchParams } = new URL(request.url);`,
      ...(http === 'get' || http === 'delete' ? [] : [`const body: unknown = await request.json();`]),
    ];
    const call = inline
      ? inlineHandler(method, entity, next, (value) => `return NextResponse.json(${value});`).lines
      : [`const result = await ${callee(api, method, false)}(${argumentsOf(route, entity, next).join(', ')});`, `return NextResponse.json(result ?? { ok: true }, { status: ${http === 'post' ? 201 : 200} });`];
    return [
      `export async function ${http.toUpperCase()}(request: NextRequest) {`,
      ...indent(reads),
      `  try {`,
      ...indent(call, 2),
      ...(inline ? [`    return new NextResponse(null, { status: 204 });`] : []),
      `  } catch (error) {`,
      `    return errorResponse(error);`,
      `  }`,
      `}`,
    ];
  });
  return sourceFile(file, handlers.flatMap((lines, at) => [...(at ? [''] : []), ...lines]), {
    'next/server': ['NextResponse', 'NextRequest:type'],
    'src/lib/http': ['errorResponse'],
    ...apiCandidates(entity, api),
  });
}

/** The service's names and, for inlined queries, everything a service file may use. */
function apiCandidates(entity, api) {
  return {
    ...sharedCandidates(entity, queriesFor(entity)),
    [api.file.replace(/\.ts$/, '')]: api.asClass ? [api.className, `${api.className[0].toLowerCase()}${api.className.slice(1)}`] : api.methods.map((method) => method.name),
    [`${entity.dir}/${entity.kebab}.types`]: [`Create${entity.name}Input:type`, `Update${entity.name}Input:type`, `${entity.name}Record:type`],
  };
}
