import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field, Isolation, TransactionScope } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate } from './types.js';
import { appendLink } from '../utils/fixes.js';
import {
  calleeName,
  chainOf,
  chainText,
  isChainEnd,
  isFunction,
  isResultUnused,
  memberName,
  objectFields,
  originOf,
  property,
  resolveObject,
  rowFields,
  staticString,
  unwrap,
  type ChainLink,
} from '../utils/ast.js';
import { heldRecord, type HeldRecord, type RecordReader } from './held-record.js';

const library = 'typeorm';

/** Repository and EntityManager finders: `by` finders take the filter itself, the others `{ where }`. */
const finders: Readonly<Record<string, { readonly kind: 'read' | 'exists'; readonly by: boolean }>> = {
  findOne: { kind: 'read', by: false },
  findOneOrFail: { kind: 'read', by: false },
  find: { kind: 'read', by: false },
  findAndCount: { kind: 'read', by: false },
  findOneBy: { kind: 'read', by: true },
  findOneByOrFail: { kind: 'read', by: true },
  findBy: { kind: 'read', by: true },
  findAndCountBy: { kind: 'read', by: true },
  exists: { kind: 'exists', by: false },
  exist: { kind: 'exists', by: false },
  count: { kind: 'exists', by: false },
  existsBy: { kind: 'exists', by: true },
  countBy: { kind: 'exists', by: true },
};
const writers = new Set(['save', 'insert', 'upsert', 'update', 'increment', 'decrement', 'delete']);
/** What a select query builder's terminal returns. */
const builderReads: Readonly<Record<string, 'read' | 'exists'>> = {
  getOne: 'read',
  getOneOrFail: 'read',
  getMany: 'read',
  getManyAndCount: 'read',
  getRawOne: 'read',
  getRawMany: 'read',
  getRawAndEntities: 'read',
  getCount: 'exists',
  getExists: 'exists',
};
/** Lock modes that stop a second locking read of the same rows until the transaction ends. */
const writeLocks = new Set(['pessimistic_write', 'pessimistic_write_or_fail', 'pessimistic_partial_write', 'for_no_key_update']);
const repositoryTypes = /^(?:Repository|TreeRepository|MongoRepository)$/;
const repositoryTypeText = /^(?:Repository|TreeRepository|MongoRepository)<(\w+)>$/;
const isolationLevels: Readonly<Record<string, Isolation>> = {
  SERIALIZABLE: 'serializable',
  'REPEATABLE READ': 'repeatable-read',
  'READ COMMITTED': 'read-committed',
  'READ UNCOMMITTED': 'read-uncommitted',
};

type Written = ReturnType<typeof objectFields>;
const nothing: Written = { fields: [], opaque: [] };

const importsTypeOrm = (file: FileFacts): boolean => file.imports('typeorm') || file.imports('@nestjs/typeorm');

/** A TypeORM type or class name: imported from typeorm, or used in a file that imports it. */
function isTypeOrmName(name: string, file: FileFacts): boolean {
  const source = file.importSourceOf(name);
  return source === undefined ? importsTypeOrm(file) : source === 'typeorm';
}

function isolationOf(level: string | undefined): Isolation {
  return (level === undefined ? undefined : isolationLevels[level.toUpperCase()]) ?? 'unknown';
}

/** Entities are classes: `Account`, not `account` or `'Account'`. */
function entityName(node: TSESTree.Node | undefined): string | undefined {
  const target = node && unwrap(node);
  return target?.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(target.name) ? target.name : undefined;
}

/** The last name of an identifier or member expression: `this.dataSource.manager` gives `manager`. */
function tailName(node: TSESTree.Node): string | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  return target.type === AST_NODE_TYPES.MemberExpression ? memberName(target) : undefined;
}

function typeName(type: TSESTree.TypeNode | undefined): string | undefined {
  return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier
    ? type.typeName.name
    : undefined;
}

/** `Repository<Account>` gives `Account`. */
function repositoryTypeEntity(type: TSESTree.TypeNode | undefined, file: FileFacts): string | undefined {
  const name = typeName(type);
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || name === undefined) return undefined;
  return repositoryTypes.test(name) && isTypeOrmName(name, file) ? typeName(type.typeArguments?.params[0]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Receivers: repositories, entity managers, data sources

/**
 * The entity of a repository: `dataSource.getRepository(Account)`, a value typed or injected as
 * `Repository<Account>`, or `this` in a class that extends `Repository<Account>`.
 */
function repositoryEntity(node: TSESTree.Node, file: FileFacts, depth = 0): string | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.CallExpression && calleeName(target) === 'getRepository') {
    return entityName(target.arguments[0]);
  }
  if (target.type === AST_NODE_TYPES.ThisExpression) return extendedRepositoryEntity(target, file);
  const typed = repositoryTypeText.exec(file.typeText(target) ?? '');
  if (typed) return typed[1];
  const origin = originOf(target, file.sourceCode);
  const declared = repositoryTypeEntity(origin.type, file);
  if (declared !== undefined) return declared;
  return origin.init && depth < 2 ? repositoryEntity(origin.init, file, depth + 1) : undefined;
}

/** `class AccountRepository extends Repository<Account>`: `this` is a repository of `Account`. */
function extendedRepositoryEntity(node: TSESTree.ThisExpression, file: FileFacts): string | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
  const owner = current?.parent;
  if (owner?.type !== AST_NODE_TYPES.ClassDeclaration && owner?.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const base = owner.superClass;
  if (base?.type !== AST_NODE_TYPES.Identifier || !repositoryTypes.test(base.name) || !isTypeOrmName(base.name, file)) {
    return undefined;
  }
  return typeName(owner.superTypeArguments?.params[0]);
}

/**
 * An EntityManager: `dataSource.manager`, `queryRunner.manager`, a value typed `EntityManager`,
 * or the parameter of a TypeORM transaction callback.
 */
function isManager(node: TSESTree.Node, file: FileFacts, depth = 0): boolean {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.MemberExpression && memberName(target) === 'manager') return true;
  if (file.typeText(target) === 'EntityManager') return true;
  const origin = originOf(target, file.sourceCode);
  if (typeName(origin.type) === 'EntityManager' && isTypeOrmName('EntityManager', file)) return true;
  const owner = origin.parameterOf?.parent;
  if (owner?.type === AST_NODE_TYPES.CallExpression && transactionScope(owner, file)) return true;
  return origin.init !== undefined && depth < 2 && isManager(origin.init, file, depth + 1);
}

/** A DataSource or EntityManager that opens transactions. */
function isConnection(node: TSESTree.Node, callback: TSESTree.Node, file: FileFacts): boolean {
  if (importsTypeOrm(file) || isManager(node, file)) return true;
  if (/datasource$/i.test(tailName(node) ?? '')) return true;
  const origin = originOf(node, file.sourceCode);
  const init = origin.init && unwrap(origin.init);
  if (init?.type === AST_NODE_TYPES.NewExpression && entityName(init.callee) === 'DataSource') return true;
  const [parameter] = isFunction(callback) ? callback.params : [];
  const annotation = parameter?.type === AST_NODE_TYPES.Identifier ? parameter.typeAnnotation?.typeAnnotation : undefined;
  return typeName(annotation) === 'EntityManager' || /^(?:DataSource|EntityManager)$/.test(file.typeText(node) ?? '');
}

/** `dataSource.transaction(cb)`, `dataSource.transaction('SERIALIZABLE', cb)`, `manager.transaction(…)`. */
function transactionScope(call: TSESTree.CallExpression, file: FileFacts): TransactionScope | undefined {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'transaction') return undefined;
  const [first, second] = call.arguments;
  // Only TypeORM passes the isolation level as a string before the callback.
  const level = second ? staticString(first) : undefined;
  const callback = level === undefined ? first : second;
  if (!callback || !isFunction(callback)) return undefined;
  if (level === undefined && (call.arguments.length > 1 || !isConnection(call.callee.object, callback, file))) return undefined;
  return { callback, library, isolation: isolationOf(level) };
}

/** `queryRunner.startTransaction('SERIALIZABLE')`. */
function beginAccess(call: TSESTree.CallExpression, receiver: TSESTree.Node, file: FileFacts): Access | undefined {
  const init = originOf(receiver, file.sourceCode).init;
  const value = init && unwrap(init);
  const created = value?.type === AST_NODE_TYPES.CallExpression && calleeName(value) === 'createQueryRunner';
  const known = importsTypeOrm(file) || created || /queryRunner$/i.test(tailName(receiver) ?? '');
  if (!known) return undefined;
  return {
    kind: 'begin',
    library,
    resource: undefined,
    keys: [],
    data: [],
    node: call,
    label: file.sourceCode.getText(call.callee),
    isolation: isolationOf(staticString(call.arguments[0])),
  };
}

// ---------------------------------------------------------------------------------------------
// Filters and written data

/** `IsNull()` and `null` match every record not yet written: no key a create must write. */
function matchesUnwritten(value: TSESTree.Node | undefined): boolean {
  const target = value && unwrap(value);
  if (target?.type === AST_NODE_TYPES.Literal && target.value === null) return true;
  return target?.type === AST_NODE_TYPES.CallExpression && calleeName(target) === 'IsNull';
}

/**
 * The keys of a `where` object. An array (OR) or an object with spreads filters on more than can
 * be named, and reads as no keys rather than fewer.
 */
function filterKeys(node: TSESTree.Node | undefined, file: FileFacts): Field[] {
  const object = resolveObject(node, file.sourceCode);
  if (!object || object.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement || prop.computed)) return [];
  return objectFields(object, file.sourceCode).fields.filter((field) => !matchesUnwritten(field.value));
}

/** `update(id, …)` and `delete(id)` select by primary key. */
function criteriaKeys(node: TSESTree.Node | undefined, file: FileFacts): Field[] {
  if (!node) return [];
  if (resolveObject(node, file.sourceCode)) return filterKeys(node, file);
  const target = unwrap(node);
  const scalar = target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.Literal || target.type === AST_NODE_TYPES.MemberExpression;
  return scalar ? [{ name: 'id', value: node }] : [];
}

/** `{ count: () => 'count + 1' }`: TypeORM sends a function's SQL as the new value. */
function isRelative(data: Written): boolean {
  return data.fields.some((field) => field.value !== undefined && isFunction(unwrap(field.value)));
}

function isWriteLock(lock: TSESTree.Node | undefined, file: FileFacts): boolean {
  const mode = staticString(property(resolveObject(lock, file.sourceCode), 'mode'));
  return mode !== undefined && writeLocks.has(mode);
}

/**
 * How an entity given to `save` was built, and so whether saving it inserts or updates: a value
 * nothing shows the making of is a new record written whole, and one of two loaded records an
 * update of no fields known. The entity class is known when the value shows it
 * (`new Account()`, `manager.create(Account, …)`).
 */
const entities: RecordReader = {
  classify(node, file, resolve) {
    switch (node.type) {
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrayExpression:
        return { kind: 'create', resource: undefined, written: rowFields(node, file.sourceCode), builtAt: node };
      case AST_NODE_TYPES.NewExpression:
        return { kind: 'create', resource: entityName(node.callee), written: nothing, builtAt: node };
      case AST_NODE_TYPES.CallExpression:
        return builtByCall(node, file, resolve);
      default:
        return undefined;
    }
  },
  unknown: (node) => ({ kind: 'create', resource: undefined, written: { fields: [], opaque: [node] } }),
  eitherLoaded: () => ({ kind: 'update', resource: undefined, written: nothing }),
};

/** `repo.create({ … })`, `manager.create(Account, { … })`, `Object.assign(target, …)`, or a read. */
function builtByCall(
  call: TSESTree.CallExpression,
  file: FileFacts,
  resolve: (node: TSESTree.Node) => HeldRecord | undefined,
): HeldRecord | undefined {
  const name = calleeName(call);
  if (name !== undefined && (name in finders || name in builderReads)) return { kind: 'update', resource: undefined, written: nothing };
  const receiver = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : undefined;
  if (name === 'create' && receiver) {
    const repository = repositoryEntity(receiver, file);
    const [first, second] = call.arguments;
    const named = repository === undefined ? entityName(first) : undefined;
    return {
      kind: 'create',
      resource: repository ?? named,
      written: rowFields(named === undefined ? first : second, file.sourceCode),
      builtAt: call,
    };
  }
  if (name === 'assign' && receiver && tailName(receiver) === 'Object' && call.arguments[0]) {
    const [targetArg, ...sources] = call.arguments;
    const base = resolve(targetArg);
    const added = sources.map((source) => objectFields(source, file.sourceCode));
    return (
      base && {
        ...base,
        written: {
          fields: [...base.written.fields, ...added.flatMap((part) => part.fields)],
          opaque: [...base.written.opaque, ...added.flatMap((part) => part.opaque)],
        },
      }
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Accesses

interface Operation {
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  /** The entity the repository or the manager call names; undefined for `manager.save(instance)`. */
  readonly entity: string | undefined;
  /** The arguments after the entity. */
  readonly args: readonly TSESTree.CallExpressionArgument[];
}

function access(operation: Operation, kind: AccessKind, keys: Field[], data: Written, file: FileFacts, extra: Partial<Access> = {}): Access {
  return {
    kind,
    library,
    resource: operation.entity,
    keys,
    data: data.fields,
    opaqueData: data.opaque,
    node: operation.call,
    label: file.sourceCode.getText(operation.call.callee),
    ...extra,
  };
}


function operationAccess(operation: Operation, file: FileFacts): Access | undefined {
  const { method, args } = operation;
  const [first, second] = args;
  const finder = finders[method];
  if (finder) {
    const options = finder.by ? undefined : resolveObject(first, file.sourceCode);
    const keys = filterKeys(finder.by ? first : property(options, 'where'), file);
    return access(operation, finder.kind, keys, nothing, file, isWriteLock(property(options, 'lock'), file) ? { locks: true } : {});
  }
  switch (method) {
    case 'save': {
      if (!first) return undefined;
      const saved = heldRecord(first, operation.call, file, entities);
      const entity = operation.entity ?? saved?.resource;
      if (!saved || entity === undefined) return undefined;
      const built = saved.kind === 'create' && saved.builtAt ? { builtAt: saved.builtAt } : {};
      return access({ ...operation, entity }, saved.kind, [], saved.written, file, built);
    }
    case 'insert':
      return access(operation, 'create', [], rowFields(first, file.sourceCode), file);
    case 'upsert':
      return access(operation, 'upsert', [], rowFields(first, file.sourceCode), file);
    case 'update': {
      const data = rowFields(second, file.sourceCode);
      return access(operation, isRelative(data) ? 'atomic-update' : 'update', criteriaKeys(first, file), data, file);
    }
    case 'increment':
    case 'decrement': {
      const column = staticString(second);
      return access(operation, 'atomic-update', criteriaKeys(first, file), { fields: column ? [{ name: column }] : [], opaque: [] }, file);
    }
    case 'delete':
      return access(operation, 'delete', criteriaKeys(first, file), nothing, file);
    default:
      return undefined;
  }
}

/** `repo.findOneBy(…)`, `manager.findOneBy(Account, …)`, `manager.save(account)`. */
function methodAccess(call: TSESTree.CallExpression, method: string, receiver: TSESTree.Node, file: FileFacts): Access | undefined {
  const entity = repositoryEntity(receiver, file);
  if (entity !== undefined) return operationAccess({ call, method, entity, args: call.arguments }, file);
  if (!isManager(receiver, file)) return undefined;
  const [first, ...rest] = call.arguments;
  const named = entityName(first);
  if (named !== undefined && (rest.length > 0 || method !== 'save')) {
    return operationAccess({ call, method, entity: named, args: rest }, file);
  }
  return method === 'save' ? operationAccess({ call, method, entity: undefined, args: call.arguments }, file) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Query builders

interface Builder {
  readonly chain: ReturnType<typeof chainOf>;
  /** The links after `createQueryBuilder`. */
  readonly links: readonly ChainLink[];
  readonly entity: string;
  readonly alias: string | undefined;
}

/** `repo.createQueryBuilder('a')…`, `manager.createQueryBuilder(Account, 'a')…`, `….from(Account, 'a')`. */
function builderOf(call: TSESTree.CallExpression, file: FileFacts): Builder | undefined {
  const chain = chainOf(call);
  const start = chain.links.findIndex((link) => link.name === 'createQueryBuilder');
  const builder = chain.links[start];
  if (!builder) return undefined;
  const links = chain.links.slice(start + 1);
  const owner = builder.call.callee.type === AST_NODE_TYPES.MemberExpression ? builder.call.callee.object : undefined;
  const [first, second] = builder.call.arguments;
  const repository = owner && repositoryEntity(owner, file);
  if (repository !== undefined) return { chain, links, entity: repository, alias: staticString(first) };
  const named = entityName(first);
  if (named !== undefined) return { chain, links, entity: named, alias: staticString(second) };
  const target = links.find((link) => ['from', 'into', 'update'].includes(link.name) && entityName(link.call.arguments[0]));
  const entity = target && entityName(target.call.arguments[0]);
  return entity === undefined ? undefined : { chain, links, entity, alias: staticString(target?.call.arguments[1]) };
}

/** `alias.column = :param` conjuncts of a where string; anything with OR gives no keys. */
function conditionKeys(condition: string, alias: string | undefined, parameters: ReadonlyMap<string, TSESTree.Node>): Field[] | undefined {
  if (/\bor\b/i.test(condition)) return undefined;
  return condition.split(/\band\b/i).flatMap((part) => {
    const match = /^[\s(]*(?:[`"]?(\w+)[`"]?\.)?[`"]?(\w+)[`"]?\s*=\s*:(\w+)[\s)]*$/.exec(part);
    if (!match?.[2] || !match[3] || (match[1] !== undefined && alias !== undefined && match[1] !== alias)) return [];
    const value = parameters.get(match[3]);
    return [{ name: match[2], ...(value ? { value } : {}) }];
  });
}

/** Parameters given with `where(…, { email })`, `setParameter('email', …)` or `setParameters({ … })`. */
function builderParameters(links: readonly ChainLink[], file: FileFacts): Map<string, TSESTree.Node> {
  const parameters = new Map<string, TSESTree.Node>();
  for (const link of links) {
    const [first, second] = link.call.arguments;
    const object = link.name === 'setParameters' ? first : ['where', 'andWhere'].includes(link.name) ? second : undefined;
    for (const field of objectFields(object, file.sourceCode).fields) if (field.value) parameters.set(field.name, field.value);
    const name = link.name === 'setParameter' ? staticString(first) : undefined;
    if (name !== undefined && second) parameters.set(name, second);
  }
  return parameters;
}

function builderKeys(builder: Builder, file: FileFacts): Field[] {
  if (builder.links.some((link) => link.name === 'orWhere')) return [];
  const joins = builder.links.some((link) => /join/i.test(link.name));
  // With joins, an unqualified or foreign-alias column may belong to another table.
  const alias = builder.alias ?? (joins ? '\0' : undefined);
  const parameters = builderParameters(builder.links, file);
  const keys: Field[] = [];
  for (const link of builder.links) {
    if (link.name !== 'where' && link.name !== 'andWhere') continue;
    const [condition] = link.call.arguments;
    const text = staticString(condition);
    if (text === undefined) {
      keys.push(...filterKeys(condition, file));
      continue;
    }
    const found = conditionKeys(text, alias, parameters);
    if (!found) return [];
    keys.push(...found);
  }
  return keys;
}

function builderAccess(call: TSESTree.CallExpression, file: FileFacts): Access | undefined {
  if (!isChainEnd(call)) return undefined;
  const builder = builderOf(call, file);
  if (!builder) return undefined;
  const has = (name: string): boolean => builder.links.some((link) => link.name === name);
  const argumentOf = (name: string): TSESTree.Node | undefined => builder.links.find((link) => link.name === name)?.call.arguments[0];
  const terminal = builder.links.at(-1)?.name ?? '';
  let kind: AccessKind | undefined;
  let data = nothing;
  if (has('insert') && terminal === 'execute') {
    data = rowFields(argumentOf('values'), file.sourceCode);
    kind = has('orIgnore') || has('orUpdate') || has('onConflict') ? 'upsert' : 'create';
  } else if (has('update') && terminal === 'execute') {
    data = rowFields(argumentOf('set'), file.sourceCode);
    kind = isRelative(data) ? 'atomic-update' : 'update';
  } else if ((has('delete') || has('softDelete')) && terminal === 'execute') {
    kind = 'delete';
  } else {
    kind = builderReads[terminal];
  }
  if (kind === undefined) return undefined;
  const lock = staticString(argumentOf('setLock'));
  return {
    kind,
    library,
    resource: builder.entity,
    keys: kind === 'create' || kind === 'upsert' ? [] : builderKeys(builder, file),
    data: data.fields,
    opaqueData: data.opaque,
    node: call,
    label: chainText(builder.chain, file.sourceCode, (link) => ['getRepository', 'createQueryBuilder', 'from', 'into'].includes(link.name)),
    ...(lock !== undefined && writeLocks.has(lock) ? { locks: true } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Rewrites

/**
 * Inserts with `.orIgnore()` (ON CONFLICT DO NOTHING, INSERT IGNORE, INSERT OR IGNORE): like the
 * check it replaces, it leaves an existing record alone, where `upsert` would overwrite it.
 */
function orIgnore(create: Access, file: FileFacts): { node: TSESTree.Node; text: string } | undefined {
  const call = create.node;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
  const method = memberName(call.callee);
  if (method === 'execute') {
    const values = builderOf(call, file)?.links.find((link) => link.name === 'values');
    return values && { node: values.call, text: appendLink(values.call, '.orIgnore()', file.sourceCode) };
  }
  if (method !== 'save' && method !== 'insert') return undefined;
  // `save` resolves to the entity, an insert to an `InsertResult`: only swap them when unused.
  if (method === 'save' && !isResultUnused(call)) return undefined;
  const receiver = call.callee.object;
  const [first, second] = call.arguments;
  const insert = (into: string, data: TSESTree.Node): { node: TSESTree.Node; text: string } => ({
    node: call,
    text: `${text(receiver)}.createQueryBuilder().insert()${into}.values(${text(data)}).orIgnore().execute()`,
  });
  if (repositoryEntity(receiver, file) !== undefined) return first && insert('', first);
  if (entityName(first) !== undefined && first && second) return insert(`.into(${text(first)})`, second);
  return first && create.resource !== undefined ? insert(`.into(${create.resource})`, first) : undefined;
}

export const typeorm: Adapter = {
  library,
  callNames: new Set([...Object.keys(finders), ...writers, ...Object.keys(builderReads), 'execute', 'transaction', 'startTransaction']),
  conflictMarkers: ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT'],
  // QueryFailedError copies the driver error's fields, `code` among them.
  conflictTest: (error) =>
    `${error} instanceof Object && 'code' in ${error} && (${error}.code === '23505' || ${error}.code === 'ER_DUP_ENTRY')`,

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(call.callee);
    // No TypeORM query method takes a callback: `items.find((item) => …)` is rejected at once.
    if (method === undefined || call.arguments.some(isFunction)) return undefined;
    if (method === 'execute' || method in builderReads) return builderAccess(call, file);
    if (method === 'startTransaction') return beginAccess(call, call.callee.object, file);
    return method in finders || writers.has(method) ? methodAccess(call, method, call.callee.object, file) : undefined;
  },

  transaction: transactionScope,

  atomicCreate(check, create, file): AtomicCreate | undefined {
    const rewrite = orIgnore(create, file);
    if (!rewrite) return undefined;
    const keys = check.keys.map((key) => key.name);
    const unique = check.keysAreUnique || (create.resource !== undefined && file.schema().uniqueFor(create.resource, keys));
    const requirement = unique ? '' : `, after adding a unique constraint on ${create.resource ?? 'the entity'} (${keys.join(', ')})`;
    return { form: `an insert with \`.orIgnore()\` (ON CONFLICT DO NOTHING)${requirement}`, ...rewrite };
  },
};
