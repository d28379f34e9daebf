import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isTrue, staticString } from '../utils/ast.js';
import { decoratedFields, decoratorsOf, type DecoratorCall } from './decorators.js';
import { snakeCase } from './default-names.js';
import { fieldList, type FactsBuilder } from './facts-builder.js';
import { className, isImported, type ClassNode, type FileIndex } from './source-file.js';
import { fieldsFromArrow, isObject, objectProperties, propertyName, propertyValue, stringArray } from './static-values.js';

const PRIMARY_COLUMNS = ['PrimaryColumn', 'PrimaryGeneratedColumn', 'ObjectIdColumn'];

/** `@Entity()` classes and `new EntitySchema({ … })` definitions. */
export function readTypeOrm(file: FileIndex, facts: FactsBuilder): void {
  for (const node of file.classes) {
    const entity = decoratorsOf(node, file, 'typeorm').find((d) => d.binding.name === 'Entity');
    const name = className(node, file);
    if (entity && name !== undefined) readEntityClass(node, name, entity, file, facts);
  }
  for (const call of file.calls) {
    if (call.type === AST_NODE_TYPES.NewExpression && isImported(call.callee, file, 'typeorm', ['EntitySchema'])) {
      readEntitySchema(call, facts);
    }
  }
}

function readEntityClass(
  node: ClassNode,
  name: string,
  entity: DecoratorCall,
  file: FileIndex,
  facts: FactsBuilder,
): void {
  const [first, second] = entity.args;
  const table =
    staticString(first) ?? staticString(propertyValue(first, 'name')) ?? staticString(propertyValue(second, 'name'));
  const resources = [name, table ?? snakeCase(name)];
  facts.declare(resources, { library: 'typeorm', range: node.range });

  const primary: { field: string; label: string }[] = [];
  for (const { field, decorators } of decoratedFields(node, file, 'typeorm')) {
    for (const decorator of decorators) {
      const kind = decorator.binding.name;
      if (PRIMARY_COLUMNS.includes(kind)) primary.push({ field, label: `@${kind}()` });
      else readPropertyDecorator(decorator, `${name}.${field}`, resources, field, facts);
    }
  }
  facts.addPrimaryKey(resources, name, primary);

  for (const decorator of decoratorsOf(node, file, 'typeorm')) {
    readClassDecorator(decorator, name, resources, facts);
  }
}

function readPropertyDecorator(
  decorator: DecoratorCall,
  target: string,
  resources: readonly string[],
  field: string,
  facts: FactsBuilder,
): void {
  const options = decorator.args.find(isObject);
  const label = staticString(decorator.args[0]);
  switch (decorator.binding.name) {
    case 'Column':
      if (isTrue(propertyValue(options, 'unique'))) {
        facts.add(resources, [field], `@Column({ unique: true }) on ${target}`);
      }
      break;
    case 'Index':
      if (isTrue(propertyValue(options, 'unique'))) {
        const description = `@Index(${label ? `'${label}', ` : ''}{ unique: true }) on ${target}`;
        facts.add(resources, [field], description, propertyValue(options, 'where') !== undefined);
      }
      break;
    case 'Unique':
      facts.add(resources, [field], label ? `@Unique('${label}') on ${target}` : `@Unique() on ${target}`);
      break;
    default:
      break;
  }
}

/** `@Index(['a', 'b'], { unique: true })`, `@Index('name', fields, options)`, `@Unique('name', fields)`. */
function readClassDecorator(
  decorator: DecoratorCall,
  name: string,
  resources: readonly string[],
  facts: FactsBuilder,
): void {
  const kind = decorator.binding.name;
  if (kind !== 'Index' && kind !== 'Unique') return;
  const label = staticString(decorator.args[0]);
  const args = label === undefined ? decorator.args : decorator.args.slice(1);
  const fields = stringArray(args[0]) ?? fieldsFromArrow(args[0]);
  const options = args.find(isObject);
  if (!fields || (kind === 'Index' && !isTrue(propertyValue(options, 'unique')))) return;
  const description = `@${kind}${label ? `('${label}')` : ''} on ${name}(${fieldList(fields)})`;
  facts.add(resources, fields, description, propertyValue(options, 'where') !== undefined);
}

/** `new EntitySchema({ name, tableName, columns: { email: { unique: true } }, indices, uniques })`. */
function readEntitySchema(call: TSESTree.NewExpression, facts: FactsBuilder): void {
  const [options] = call.arguments;
  const name = staticString(propertyValue(options, 'name'));
  if (name === undefined) return;
  const resources = [name, staticString(propertyValue(options, 'tableName')) ?? snakeCase(name)];
  facts.declare(resources, { library: 'typeorm', range: call.range });
  const primary: { field: string; label: string }[] = [];
  for (const column of objectProperties(propertyValue(options, 'columns'))) {
    const field = propertyName(column);
    if (field === undefined) continue;
    if (isTrue(propertyValue(column.value, 'primary'))) primary.push({ field, label: 'primary: true' });
    if (isTrue(propertyValue(column.value, 'unique'))) facts.add(resources, [field], `unique: true on ${name}.${field}`);
  }
  facts.addPrimaryKey(resources, name, primary);
  for (const key of ['indices', 'uniques']) {
    const entries = propertyValue(options, key);
    if (entries?.type !== AST_NODE_TYPES.ArrayExpression) continue;
    for (const entry of entries.elements) {
      if (!entry || (key === 'indices' && !isTrue(propertyValue(entry, 'unique')))) continue;
      const fields = stringArray(propertyValue(entry, 'columns')) ?? fieldsFromArrow(propertyValue(entry, 'columns'));
      if (!fields) continue;
      const label = staticString(propertyValue(entry, 'name')) ?? `${key} on ${name}(${fieldList(fields)})`;
      facts.add(resources, fields, label, propertyValue(entry, 'where') !== undefined);
    }
  }
}
