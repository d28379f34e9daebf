// Services and repositories: an entity's data access through its library, and its batch jobs.
import { asClassMethod, asFunction, indent, methodsFor } from './methods.mjs';
import { queriesFor } from './queries.mjs';
import { sourceFile } from './imports.mjs';

const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** Names the service and repository files may use from the rest of the codebase. */
export function sharedCandidates(entity, q) {
  const local = (suffix) => `${entity.dir}/${entity.kebab}.${suffix}`;
  return {
    ...q.imports,
    ...(entity.library === 'typeorm'
      ? {
          '@nestjs/common': ['Injectable'],
          '@nestjs/typeorm': ['InjectRepository'],
          typeorm: ['DataSource:type', 'Repository:type', 'QueryFailedError'],
          [local('entity')]: [entity.name],
        }
      : {}),
    'src/lib/errors': ['NotFoundError', 'ConflictError', 'ValidationError'],
    'src/lib/observability': ['logger', 'metrics'],
    'src/lib/numbers': ['clamp'],
    'src/lib/audit': ['audit'],
    [local('mapper')]: [`to${entity.name}Dto`],
    [local('validation')]: [`validate${entity.name}`],
    [local('types')]: [`Create${entity.name}Input:type`, `${entity.name}Record:type`],
  };
}

const parameterNotes = {
  id: (entity) => `the ${words(entity.name)}'s id`,
  input: (entity) => `the fields of the new ${words(entity.name)}, validated here`,
  patch: () => 'the fields to change; the others keep their value',
  amount: () => 'how much to add or take, in the smallest unit',
  actorId: () => 'who asked for it, for the audit trail',
  page: () => 'the page, from 1',
  pageSize: () => 'items per page, at most the configured maximum',
  by: () => 'the step',
};

/** A JSDoc block: what the method does, its parameters, and the errors it raises. */
function docComment(entity, method) {
  const names = method.params.split(/, (?=\w+\s*[:=])/).map((param) => param.split(/[:=]/)[0].trim());
  const throws = ['NotFoundError', 'ConflictError', 'ValidationError'].filter((error) => method.lines.some((line) => line.includes(error)));
  return [
    `/**`,
    ` * ${words(method.name)[0].toUpperCase()}${words(method.name).slice(1)}.`,
    ` *`,
    ...names.map((name) => ` * @param ${name} ${(parameterNotes[name] ?? (() => `the ${words(name)} to filter by`))(entity)}`),
    ...throws.map((error) => ` * @throws ${error}`),
    ` */`,
  ];
}

/** A class holding the methods (always, for TypeORM's injected repositories) or plain functions. */
function container(entity, className, methods, asClass) {
  const documented = (method, lines) => [...docComment(entity, method), ...lines];
  if (entity.library === 'typeorm') {
    return [
      `@Injectable()`,
      `export class ${className} {`,
      `  constructor(`,
      `    @InjectRepository(${entity.name}) private readonly ${entity.plural}: Repository<${entity.name}>,`,
      `    private readonly dataSource: DataSource,`,
      `  ) {}`,
      ...methods.flatMap((method) => ['', ...indent(documented(method, asClassMethod(method)))]),
      `}`,
    ];
  }
  if (asClass) {
    return [
      `export class ${className} {`,
      ...methods.flatMap((method, at) => [...(at ? [''] : []), ...indent(documented(method, asClassMethod(method)))]),
      `}`,
      ``,
      `export const ${className[0].toLowerCase()}${className.slice(1)} = new ${className}();`,
    ];
  }
  return methods.flatMap((method, at) => [...(at ? [''] : []), ...documented(method, asFunction(method))]);
}

/**
 * The entity's service or repository, and its API for the HTTP layer: the methods, and whether
 * they are reached through an instance (`instance`, its class and file) or as functions.
 */
export function serviceFile(file, entity, random, { needsClass }) {
  const q = queriesFor(entity);
  const methods = methodsFor({ entity, q, random }, random.int(22, 40));
  const className = `${entity.name}${file.endsWith('.repository.ts') ? 'Repository' : 'Service'}`;
  const asClass = entity.library === 'typeorm' || needsClass || random.chance(0.5);
  const text = sourceFile(file, container(entity, className, methods, asClass), sharedCandidates(entity, q));
  return { text, api: { file, className, asClass, methods } };
}

export function jobsFile(file, entity, random) {
  const q = queriesFor(entity);
  const [from, to] = entity.statuses;
  const batch = random.pick([100, 250, 500]);
  const sweep = {
    name: `sweep${entity.name}s`,
    params: `${entity.owner}s: readonly string[], olderThanDays = ${random.pick([7, 14, 30, 90])}`,
    lines: [
      `const cutoff = Date.now() - olderThanDays * 24 * 60 * 60 * 1000;`,
      `let processed = 0;`,
      `for (const ${entity.owner} of ${entity.owner}s) {`,
      `  for (let offset = 0; ; offset += ${batch}) {`,
      ...indent(q.many(q.client, 'batch', entity.owner, batch, 'offset'), 2),
      `    if (batch.length === 0) break;`,
      `    for (const item of batch) {`,
      `      if (item.status !== '${from}' || new Date(item.createdAt).getTime() > cutoff) continue;`,
      ...indent(q.updateById(q.client, 'item.id', [['status', `'${to}'`]]), 3),
      `      processed += 1;`,
      `    }`,
      `    if (batch.length < ${batch}) break;`,
      `  }`,
      `}`,
      `logger.info('${entity.kebab} sweep finished', { processed });`,
      `return processed;`,
    ],
  };
  const recount = {
    name: `recount${entity.name}${entity.counter[0].toUpperCase()}${entity.counter.slice(1)}`,
    params: `ids: readonly string[]`,
    lines: [
      `const results = await Promise.allSettled(`,
      `  ids.map(async (id) => {`,
      ...indent(q.increment(q.client, 'id', entity.counter, '0'), 2),
      `    return id;`,
      `  }),`,
      `);`,
      `const failed = results.filter((result) => result.status === 'rejected').length;`,
      `if (failed > 0) logger.warn('${entity.kebab} recount failures', { failed });`,
      `return results.length - failed;`,
    ],
  };
  const methods = [sweep, ...(random.chance(0.5) ? [recount] : [])];
  const body = [
    ...container(entity, `${entity.name}Jobs`, methods, false),
    ``,
    `export const ${entity.camel}Schedule = {`,
    `  sweep: '${random.int(0, 59)} ${random.int(0, 23)} * * *',`,
    `  timezone: '${random.pick(['UTC', 'Europe/Berlin', 'America/New_York'])}',`,
    `} as const;`,
  ];
  return sourceFile(file, body, sharedCandidates(entity, q));
}
