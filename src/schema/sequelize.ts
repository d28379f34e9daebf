import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFalse, isTrue, memberName, staticString } from '../utils/ast.js';
import { decoratedFields, decoratorsOf, type DecoratorCall } from './decorators.js';
import { plural } from './default-names.js';
import { fieldList, type FactsBuilder } from './facts-builder.js';
import { className, type ClassNode, type FileIndex } from './source-file.js';
import { isObject, objectProperties, propertyName, propertyValue } from './static-values.js';

/** One attribute's part in a key; attributes sharing a `group` name form one composite key. */
interface SequelizeKey {
  readonly field: string;
  readonly kind: 'primary' | 'unique';
  readonly label: string;
  readonly group?: string;
}

/** `Model.init(…)`, `sequelize.define(…)` and sequelize-typescript `@Table` classes. */
export function readSequelize(file: FileIndex, facts: FactsBuilder): void {
  for (const call of file.calls) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = memberName(call.callee);
    const [first, second, third] = call.arguments;
    // `User.init(attributes, { sequelize, … })`: the `sequelize` option is required by init.
    if (method === 'init' && call.callee.object.type === AST_NODE_TYPES.Identifier && isObject(first)) {
      if (propertyValue(second, 'sequelize') === undefined) continue;
      const model = call.callee.object.name;
      const modelName = staticString(propertyValue(second, 'modelName')) ?? model;
      readModel(call, [model, modelName], modelName, attributeKeys(first), second, facts);
    }
    // `sequelize.define('User', attributes, options)`.
    const defined = method === 'define' ? staticString(first) : undefined;
    if (defined !== undefined && isObject(second)) {
      const variable = file.nameOf.get(call);
      const names = variable === undefined ? [defined] : [defined, variable];
      readModel(call, names, defined, attributeKeys(second), third, facts);
    }
  }
  for (const node of file.classes) readTypescriptClass(node, file, facts);
}

/** A model declared by `node`, known by `names`, with its attribute keys and its model options. */
function readModel(
  node: TSESTree.Node,
  names: readonly string[],
  owner: string,
  keys: readonly SequelizeKey[],
  options: TSESTree.Node | undefined,
  facts: FactsBuilder,
): void {
  const defaultTable = isTrue(propertyValue(options, 'freezeTableName')) ? owner : plural(owner);
  const resources = [...names, staticString(propertyValue(options, 'tableName')) ?? defaultTable];
  facts.declare(resources, { library: 'sequelize', range: node.range });
  addKeys(keys, resources, owner, facts);
  readIndexes(propertyValue(options, 'indexes'), resources, owner, facts);
}

function attributeKeys(attributes: TSESTree.Node | undefined): SequelizeKey[] {
  return objectProperties(attributes).flatMap((attribute) => {
    const field = propertyName(attribute);
    return field === undefined ? [] : optionKeys(field, attribute.value, (option) => option);
  });
}

/** Keys from `{ primaryKey: true, unique: true | 'group' | { name } }`, labelled by `label`. */
function optionKeys(
  field: string,
  options: TSESTree.Node | undefined,
  label: (option: string) => string,
): SequelizeKey[] {
  const keys: SequelizeKey[] = [];
  if (isTrue(propertyValue(options, 'primaryKey'))) {
    keys.push({ field, kind: 'primary', label: label('primaryKey: true') });
  }
  const uniqueOption = propertyValue(options, 'unique');
  const group = staticString(uniqueOption) ?? staticString(propertyValue(uniqueOption, 'name'));
  if (group !== undefined) keys.push({ field, kind: 'unique', label: label(`unique: '${group}'`), group });
  else if (isTrue(uniqueOption) || isObject(uniqueOption)) {
    keys.push({ field, kind: 'unique', label: label('unique: true') });
  }
  return keys;
}

function addKeys(keys: readonly SequelizeKey[], resources: readonly string[], owner: string, facts: FactsBuilder): void {
  const primary = keys.filter((key) => key.kind === 'primary');
  // Sequelize adds an `id` primary key to a model that declares none.
  if (primary.length === 0) facts.add(resources, ['id'], `default id primary key on ${owner}`);
  else facts.addPrimaryKey(resources, owner, primary);

  const groups = new Map<string, SequelizeKey[]>();
  for (const key of keys) {
    if (key.kind !== 'unique') continue;
    if (key.group === undefined) facts.add(resources, [key.field], `${key.label} on ${owner}.${key.field}`);
    else groups.set(key.group, [...(groups.get(key.group) ?? []), key]);
  }
  for (const members of groups.values()) {
    const fields = members.map((key) => key.field);
    facts.add(resources, fields, `${members[0]?.label ?? 'unique'} on ${owner}(${fieldList(fields)})`);
  }
}

/** `indexes: [{ unique: true, fields: ['a', { name: 'b' }], name?, where? }]`. */
function readIndexes(
  indexes: TSESTree.Node | undefined,
  resources: readonly string[],
  owner: string,
  facts: FactsBuilder,
): void {
  if (indexes?.type !== AST_NODE_TYPES.ArrayExpression) return;
  for (const index of indexes.elements) {
    if (!index || !isTrue(propertyValue(index, 'unique'))) continue;
    const entries = propertyValue(index, 'fields');
    if (entries?.type !== AST_NODE_TYPES.ArrayExpression || entries.elements.length === 0) continue;
    const fields = entries.elements.map(
      (entry) =>
        staticString(entry ?? undefined) ??
        staticString(propertyValue(entry ?? undefined, 'name')) ??
        staticString(propertyValue(entry ?? undefined, 'attribute')),
    );
    // An expression field (`sequelize.fn('lower', …)`) leaves the key unknown: skip the index.
    if (!fields.every((field): field is string => field !== undefined)) continue;
    const name = staticString(propertyValue(index, 'name'));
    const description = name ? `unique index ${name}` : `unique index on ${owner}(${fieldList(fields)})`;
    facts.add(resources, fields, description, propertyValue(index, 'where') !== undefined);
  }
}

/** sequelize-typescript: `@Table class User extends Model { @Unique @Column email: string }`. */
function readTypescriptClass(node: ClassNode, file: FileIndex, facts: FactsBuilder): void {
  const table = decoratorsOf(node, file, 'sequelize').find((d) => d.binding.name === 'Table');
  const name = className(node, file);
  if (!table || name === undefined) return;
  const [options] = table.args;
  const modelName = staticString(propertyValue(options, 'modelName')) ?? name;
  const keys = decoratedFields(node, file, 'sequelize').flatMap(({ field, decorators }) =>
    decorators.flatMap((decorator) => decoratorKeys(field, decorator)),
  );
  // `readModel` passes names on to `FactsBuilder`, which drops the repeat when they are equal.
  readModel(node, [name, modelName], modelName, keys, options, facts);
}

function decoratorKeys(field: string, decorator: DecoratorCall): SequelizeKey[] {
  const [first] = decorator.args;
  switch (decorator.binding.name) {
    case 'PrimaryKey':
      return [{ field, kind: 'primary', label: '@PrimaryKey' }];
    case 'Unique': {
      const group = staticString(first) ?? staticString(propertyValue(first, 'name'));
      if (isFalse(first)) return [];
      return [
        group === undefined
          ? { field, kind: 'unique', label: '@Unique' }
          : { field, kind: 'unique', label: `@Unique('${group}')`, group },
      ];
    }
    case 'Column':
      return optionKeys(field, decorator.args.find(isObject), (option) => `@Column({ ${option} })`);
    case 'Index': {
      if (!isTrue(propertyValue(first, 'unique'))) return [];
      const group = staticString(propertyValue(first, 'name'));
      return [
        group === undefined
          ? { field, kind: 'unique', label: '@Index({ unique: true })' }
          : { field, kind: 'unique', label: `@Index('${group}')`, group },
      ];
    }
    default:
      return [];
  }
}
