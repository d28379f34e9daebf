// Plans the generated server codebase: entities until the TypeScript file count is reached,
// then every file's path and text. Pure: the same options give the same files.
import { createEntity } from './domain.mjs';
import { createRandom } from './random.mjs';
import { cacheFile } from './templates/cache.mjs';
import { jobsFile, serviceFile } from './templates/data-access.mjs';
import { expressFile, fastifyFile, nestControllerFile, nextRouteFile } from './templates/http.mjs';
import { clients, dataSourceFile, entryPoint, library, packageJson, tsconfig } from './templates/project.mjs';
import { drizzleSchema, migration, prismaSchema, typeormEntity } from './templates/schema.mjs';
import { eventsFile, mapperFile, typesFile, validationFile } from './templates/support.mjs';
import { webhookFile } from './templates/webhooks.mjs';

/** TypeScript files an entity brings: types, mapper, validation, data access, HTTP, extras. */
const filesOf = (entity) =>
  5 + (entity.library === 'typeorm' ? 1 : 0) + [entity.cached, entity.webhooks, entity.jobs, entity.events].filter(Boolean).length;

/** @returns {{ path: string, text: string }[]} */
export function planCodebase({ files: target, seed }) {
  const random = createRandom(seed);
  const entities = [];
  const taken = new Set();
  const fixed = Object.keys(clients).length + Object.keys(library).length + 8;
  let count = fixed;
  while (count < target) {
    const entity = createEntity(random, entities.length, taken);
    entity.dir = `src/modules/${entity.module}/${entity.kebab}`;
    entities.push(entity);
    count += filesOf(entity);
  }

  const out = [];
  const add = (path, text) => out.push({ path, text });
  const mounts = { express: [], fastify: [], nest: [] };
  for (const entity of entities) {
    const at = (suffix) => `${entity.dir}/${entity.kebab}.${suffix}`;
    add(at('types.ts'), typesFile(at('types.ts'), entity, random));
    add(at('mapper.ts'), mapperFile(at('mapper.ts'), entity, random));
    add(at('validation.ts'), validationFile(at('validation.ts'), entity, random));
    if (entity.library === 'typeorm') add(at('entity.ts'), typeormEntity(at('entity.ts'), entity, random));
    const dataFile = at(['prisma', 'typeorm'].includes(entity.library) ? 'service.ts' : 'repository.ts');
    const { text, api } = serviceFile(dataFile, entity, random, { needsClass: entity.http === 'nest' });
    add(dataFile, text);
    addHttp(entity, api, random, add, mounts);
    if (entity.cached) add(at('cache.ts'), cacheFile(at('cache.ts'), entity, random));
    if (entity.webhooks) add(`src/webhooks/${entity.kebab}.ts`, webhookFile(`src/webhooks/${entity.kebab}.ts`, entity, random));
    if (entity.jobs) add(at('jobs.ts'), jobsFile(at('jobs.ts'), entity, random));
    if (entity.events) add(at('events.ts'), eventsFile(at('events.ts'), entity, random));
  }

  add('package.json', packageJson());
  add('tsconfig.json', tsconfig());
  add('prisma/schema.prisma', prismaSchema(entities.filter((entity) => entity.library === 'prisma')));
  const sqlEntities = entities.filter((entity) => ['knex', 'pg'].includes(entity.library));
  for (let i = 0, n = 1; i < sqlEntities.length; n++) {
    const batch = sqlEntities.slice(i, i + random.int(1, 3));
    i += batch.length;
    add(`migrations/${String(n).padStart(4, '0')}_${batch[0].table}.sql`, migration(batch, random));
  }
  const drizzleModules = [...new Set(entities.filter((entity) => entity.library === 'drizzle').map((entity) => entity.module))].sort();
  for (const module of drizzleModules) {
    const file = `src/db/schema/${module}.ts`;
    add(file, drizzleSchema(file, entities.filter((entity) => entity.library === 'drizzle' && entity.module === module)));
  }
  add('src/db/schema/index.ts', `${drizzleModules.map((module) => `export * from './${module}';`).join('\n')}\n`);
  for (const [file, lines] of Object.entries(clients)) add(file, lines().join('\n'));
  add('src/db/data-source.ts', dataSourceFile('src/db/data-source.ts', entities.filter((entity) => entity.library === 'typeorm')));
  for (const [file, lines] of Object.entries(library)) add(file, `${lines.join('\n')}\n`);
  add('src/main.ts', entryPoint('src/main.ts', 'express', mounts.express));
  add('src/server.ts', entryPoint('src/server.ts', 'fastify', mounts.fastify));
  add('src/app.module.ts', entryPoint('src/app.module.ts', 'nest', mounts.nest));
  return out;
}

function addHttp(entity, api, random, add, mounts) {
  const at = (suffix) => `${entity.dir}/${entity.kebab}.${suffix}`;
  const module = api.file.replace(/\.ts$/, '');
  if (entity.http === 'express') {
    add(at('routes.ts'), expressFile(at('routes.ts'), entity, api, random));
    if (entity.library !== 'typeorm') {
      mounts.express.push({ expression: `${entity.camel}Router`, imports: { [at('routes')]: [`${entity.camel}Router`] } });
    }
  } else if (entity.http === 'fastify') {
    add(at('plugin.ts'), fastifyFile(at('plugin.ts'), entity, api, random));
    if (entity.library !== 'typeorm') {
      mounts.fastify.push({ expression: `${entity.camel}Plugin`, imports: { [at('plugin')]: [`${entity.camel}Plugin`] } });
    }
  } else if (entity.http === 'nest') {
    add(at('controller.ts'), nestControllerFile(at('controller.ts'), entity, api, random));
    mounts.nest.push({
      expression: `${entity.name}Controller`,
      providers: api.asClass ? [api.className] : [],
      entities: entity.library === 'typeorm' ? [entity.name] : [],
      imports: {
        [at('controller')]: [`${entity.name}Controller`],
        ...(api.asClass ? { [module]: [api.className] } : {}),
        ...(entity.library === 'typeorm' ? { [at('entity')]: [entity.name] } : {}),
      },
    });
  } else {
    const file = `src/app/api/${entity.module}/${entity.kebab}/route.ts`;
    add(file, nextRouteFile(file, entity, api, random));
  }
}
