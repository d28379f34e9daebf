import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field, Isolation, TransactionScope } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate, CallLike, Rewrite, StaleWrite } from './types.js';
import { appendLink, indentOf, isNameFree, setProperty, statementOf } from '../utils/fixes.js';
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
import { heldRecord, onlyRelativeChanges, type HeldRecord, type RecordReader } from './held-record.js';

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

/** `dataSource.createQueryRunner()`, or a value named like one. */
function isQueryRunner(node: TSESTree.Node, file: FileFacts): boolean {
  const init = originOf(node, file.sourceCode).init;
  const value = init && unwrap(init);
  const created = value?.type === AST_NODE_TYPES.CallExpression && calleeName(value) === 'createQueryRunner';
  return created || /queryRunner$/i.test(tailName(node) ?? '');
}

/** `queryRunner.startTransaction('SERIALIZABLE')`. */
function beginAccess(call: TSESTree.CallExpression, receiver: TSESTree.Node, file: FileFacts): Access | undefined {
  if (!importsTypeOrm(file) && !isQueryRunner(receiver, file)) return undefined;
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
  if (name !== undefined && (name in finders || name in builderReads)) {
    return { kind: 'update', resource: callAccess(call, file)?.resource, written: nothing };
  }
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
  const repository = repositoryEntity(receiver, file);
  if (repository === undefined && !isManager(receiver, file)) return undefined;
  const { entity, args } = entityAndArguments(call, repository !== undefined);
  const named = repository ?? (entity && entityName(entity));
  return named !== undefined || method === 'save' ? operationAccess({ call, method, entity: named, args }, file) : undefined;
}

/**
 * The entity a manager call names first (`manager.update(Account, …)`) and the arguments after it;
 * a repository call, or `manager.save(account)`, names none.
 */
function entityAndArguments(
  call: TSESTree.CallExpression,
  isRepository: boolean,
): { entity: TSESTree.Node | undefined; args: readonly TSESTree.CallExpressionArgument[] } {
  const [first, ...rest] = call.arguments;
  const names = !isRepository && entityName(first) !== undefined && (rest.length > 0 || calleeName(call) !== 'save');
  return names ? { entity: first, args: rest } : { entity: undefined, args: call.arguments };
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

/**
 * `alias.column = :param` conjuncts of a where string; anything with OR gives no keys. A write's
 * filter also names the columns it compares (`stock >= :qty`): they make the write conditional.
 */
function conditionKeys(
  condition: string,
  alias: string | undefined,
  parameters: ReadonlyMap<string, TSESTree.Node>,
  comparisons: boolean,
): Field[] | undefined {
  if (/\bor\b/i.test(condition)) return undefined;
  return condition.split(/\band\b/i).flatMap((part) => {
    const match = /^[\s(]*(?:[`"]?(\w+)[`"]?\.)?[`"]?(\w+)[`"]?\s*(=|<>|!=|[<>]=?)\s*:(\w+)[\s)]*$/.exec(part);
    const [, table, column, operator, parameter] = match ?? [];
    if (!column || !parameter || (operator !== '=' && !comparisons) || (table !== undefined && alias !== undefined && table !== alias)) return [];
    const value = parameters.get(parameter);
    return [{ name: column, ...(value ? { value } : {}) }];
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

function builderKeys(builder: Builder, file: FileFacts, comparisons: boolean): Field[] {
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
    const found = conditionKeys(text, alias, parameters, comparisons);
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
    keys: kind === 'create' || kind === 'upsert' ? [] : builderKeys(builder, file, kind !== 'read' && kind !== 'exists'),
    data: data.fields,
    opaqueData: data.opaque,
    node: call,
    label: chainText(builder.chain, file.sourceCode, (link) => ['getRepository', 'createQueryBuilder', 'from', 'into'].includes(link.name)),
    ...(lock !== undefined && writeLocks.has(lock) ? { locks: true } : {}),
  };
}

function callAccess(call: CallLike, file: FileFacts): Access | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(call.callee);
  // No TypeORM query method takes a callback: `items.find((item) => …)` is rejected at once.
  if (method === undefined || call.arguments.some(isFunction)) return undefined;
  if (method === 'execute' || method in builderReads) return builderAccess(call, file);
  if (method === 'startTransaction') return beginAccess(call, call.callee.object, file);
  return method in finders || writers.has(method) ? methodAccess(call, method, call.callee.object, file) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Rewrites

/** `findOneBy(where)` is `findOne({ where })`: the form that takes a lock. */
const optionFinders: Readonly<Record<string, string>> = {
  findOneBy: 'findOne',
  findOneByOrFail: 'findOneOrFail',
  findBy: 'find',
  findAndCountBy: 'findAndCount',
};
const writeLock = "lock: { mode: 'pessimistic_write' }";
/** Calls that give a repository or manager of the same connection (and transaction). */
const sameConnection = new Set(['getRepository', 'getTreeRepository', 'withRepository', 'getCustomRepository']);

/**
 * A receiver that runs its queries in the transaction: the manager a transaction callback is given,
 * a query runner's manager, or a repository taken from either. A lock taken through any other
 * connection is not held by the transaction (TypeORM even refuses a pessimistic lock outside one).
 */
function runsInTransaction(node: TSESTree.Node, file: FileFacts, depth = 0): boolean {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.CallExpression && target.callee.type === AST_NODE_TYPES.MemberExpression) {
    return sameConnection.has(memberName(target.callee) ?? '') && runsInTransaction(target.callee.object, file, depth);
  }
  if (target.type === AST_NODE_TYPES.MemberExpression && memberName(target) === 'manager') return isQueryRunner(target.object, file);
  const origin = originOf(target, file.sourceCode);
  const owner = origin.parameterOf?.parent;
  if (owner?.type === AST_NODE_TYPES.CallExpression && transactionScope(owner, file)?.callback === origin.parameterOf) return true;
  return origin.init !== undefined && depth < 2 && runsInTransaction(origin.init, file, depth + 1);
}

/** `findOne({ where, lock: { mode: 'pessimistic_write' } })`, or `.setLock('pessimistic_write')` on a query builder. */
function lockedRead(read: Access, file: FileFacts): Rewrite | undefined {
  const call = read.node;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(call.callee) ?? '';
  if (method in builderReads) return lockedBuilder(call, file);
  if (finders[method]?.kind !== 'read' || !runsInTransaction(call.callee.object, file)) return undefined;
  const form = `\`${writeLock}\``;
  const [options] = entityAndArguments(call, repositoryEntity(call.callee.object, file) !== undefined).args;
  const renamed = optionFinders[method];
  if (renamed !== undefined) {
    return options && {
      form,
      edits: [
        { range: call.callee.property.range, text: renamed },
        { range: options.range, text: `{ where: ${file.sourceCode.getText(options)}, ${writeLock} }` },
      ],
    };
  }
  const object = options && unwrap(options);
  if (object?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return { form, edits: [setProperty(object, 'lock', writeLock, file.sourceCode)] };
}

function lockedBuilder(call: TSESTree.CallExpression, file: FileFacts): Rewrite | undefined {
  const builder = builderOf(call, file);
  const start = builder?.chain.links.find((link) => link.name === 'createQueryBuilder')?.call.callee;
  const previous = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : undefined;
  if (start?.type !== AST_NODE_TYPES.MemberExpression || previous?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (!runsInTransaction(start.object, file)) return undefined;
  const form = "`.setLock('pessimistic_write')`";
  const lock = builder?.links.find((link) => link.name === 'setLock')?.call.arguments[0];
  if (lock) return { form, edits: [{ range: lock.range, text: "'pessimistic_write'" }] };
  return { form, edits: [{ range: previous.range, text: appendLink(previous, ".setLock('pessimistic_write')", file.sourceCode) }] };
}

/** `id` is the entity's primary key, as TypeORM's conventions have it, unless the schema says otherwise. */
function keyedById(resource: string, file: FileFacts): boolean {
  const schema = file.schema();
  return !schema.declares(resource) || schema.uniqueFor(resource, ['id']) !== undefined;
}

/** The criteria of the increment: an update's own, or the saved entity's `{ id: account.id }`. */
function incrementCriteria(method: string, first: TSESTree.Node, resource: string, file: FileFacts): string | undefined {
  const target = unwrap(first);
  if (method === 'update' && resolveObject(first, file.sourceCode)) return file.sourceCode.getText(first);
  if (!keyedById(resource, file)) return undefined;
  if (method === 'save') return target.type === AST_NODE_TYPES.Identifier ? `{ id: ${target.name}.id }` : undefined;
  // `update(id, …)` selects by primary key; `increment` takes only a where object.
  if (target.type === AST_NODE_TYPES.Identifier && target.name === 'id') return '{ id }';
  const scalar = [AST_NODE_TYPES.Identifier, AST_NODE_TYPES.Literal, AST_NODE_TYPES.MemberExpression].includes(target.type);
  return scalar ? `{ id: ${file.sourceCode.getText(first)} }` : undefined;
}

/**
 * The entity a manager's increment names first: the write's own, or for `manager.save(account)`,
 * which names none, the class the record was read as, where that name is in scope.
 */
function entityArgument(call: TSESTree.CallExpression, entity: TSESTree.Node | undefined, resource: string, file: FileFacts): string | undefined {
  if (entity) return `${file.sourceCode.getText(entity)}, `;
  return isNameFree(resource, call, file.sourceCode) ? undefined : `${resource}, `;
}

/**
 * `repo.increment(criteria, 'balance', amount)` in place of an update or a save whose every written
 * field is a relative change. A save resolves to the entity, so the entity stays its result.
 */
function incrementInstead(stale: StaleWrite, file: FileFacts): Rewrite | undefined {
  const { write, changes } = stale;
  const call = write.node;
  if (write.library !== library || write.resource === undefined || !onlyRelativeChanges(stale)) return undefined;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
  const method = memberName(call.callee);
  const receiver = call.callee.object;
  const isRepository = repositoryEntity(receiver, file) !== undefined;
  const { entity, args } = entityAndArguments(call, isRepository);
  const [first] = args;
  if (!first || (method !== 'save' && method !== 'update')) return undefined;
  const criteria = incrementCriteria(method, first, write.resource, file);
  const named = isRepository ? '' : entityArgument(call, entity, write.resource, file);
  if (criteria === undefined || named === undefined) return undefined;
  const calls = changes.map((change) => {
    const amount = change.amount ? text(change.amount) : '1';
    const operation = change.operator === '+' ? 'increment' : 'decrement';
    return `${text(receiver)}.${operation}(${named}${criteria}, '${change.field}', ${amount})`;
  });
  const operations = changes.map((change) => `\`${change.operator === '+' ? 'increment' : 'decrement'}(…, '${change.field}', …)\``);
  const form = `${operations.join(' and ')} in place of \`${method}\``;
  const [only] = calls;
  if (calls.length === 1 && only !== undefined) {
    const kept = method === 'save' && !isResultUnused(call) ? `${only}.then(() => ${text(first)})` : only;
    return { form, edits: [{ range: call.range, text: kept }] };
  }
  // One call per column: only a statement of its own can become several.
  const statement = statementOf(call);
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
  return { form, edits: [{ range: statement.range, text: calls.map((next) => `await ${next};`).join(`\n${indentOf(statement, file.sourceCode)}`) }] };
}

/** `transaction('SERIALIZABLE', callback)`: TypeORM takes the level before the callback. */
function serializableTransaction(scope: TransactionScope): Rewrite | undefined {
  const call = scope.callback.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const [first] = call.arguments;
  const form = "`transaction('SERIALIZABLE', …)`";
  if (first && first !== scope.callback && staticString(first) !== undefined) return { form, edits: [{ range: first.range, text: "'SERIALIZABLE'" }] };
  return first === scope.callback ? { form, edits: [{ range: [first.range[0], first.range[0]], text: "'SERIALIZABLE', " }] } : undefined;
}

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
  transactionHandles: ['EntityManager', 'QueryRunner'],
  callNames: new Set([...Object.keys(finders), ...writers, ...Object.keys(builderReads), 'execute', 'transaction', 'startTransaction']),
  conflictMarkers: ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT'],
  // QueryFailedError copies the driver error's fields, `code` among them.
  conflictTest: (error) =>
    `${error} instanceof Object && 'code' in ${error} && (${error}.code === '23505' || ${error}.code === 'ER_DUP_ENTRY')`,

  access: callAccess,

  transaction: transactionScope,
  atomicUpdate: incrementInstead,
  lockRead: lockedRead,
  serializable: serializableTransaction,

  atomicCreate(check, create, file): AtomicCreate | undefined {
    const rewrite = orIgnore(create, file);
    if (!rewrite) return undefined;
    const keys = check.keys.map((key) => key.name);
    const unique = check.keysAreUnique || (create.resource !== undefined && file.schema().uniqueFor(create.resource, keys));
    const requirement = unique ? '' : `, after adding a unique constraint on ${create.resource ?? 'the entity'} (${keys.join(', ')})`;
    return { form: `an insert with \`.orIgnore()\` (ON CONFLICT DO NOTHING)${requirement}`, ...rewrite };
  },
};
