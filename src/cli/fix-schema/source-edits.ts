import {
  Node,
  SyntaxKind,
  type ArrayLiteralExpression,
  type CallExpression,
  type Decorator,
  type ImportDeclaration,
  type NamedImports,
  type NewExpression,
  type ObjectLiteralExpression,
  type PropertyAssignment,
  type SourceFile,
} from 'ts-morph';
import { normalizeName } from '../../utils/names.js';

/** Text to put in place of `[start, end)` of the original text. */
interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Small edits to one model file, each made against the file as read, so that the rest of the
 * file keeps its layout: a property added to an object, an argument to a call, a line after a
 * statement, a name to an import. Inserted code follows the file's quotes and the list's layout
 * (one item a line, trailing commas).
 */
export class SourceEdits {
  private readonly edits: TextEdit[] = [];
  private readonly addedImports = new Map<ImportDeclaration, string[]>();
  /** The quote the file's imports use. */
  readonly quote: string;

  constructor(readonly source: SourceFile) {
    const [first] = source.getImportDeclarations();
    this.quote = first?.getModuleSpecifier().getText().startsWith('"') ? '"' : "'";
  }

  /** A string literal in the file's quotes. */
  string(value: string): string {
    return `${this.quote}${value.replaceAll('\\', '\\\\').replaceAll(this.quote, `\\${this.quote}`)}${this.quote}`;
  }

  /** Adds `name: value` to an object literal, or sets the value of the property it has. */
  setProperty(object: ObjectLiteralExpression, name: string, value: string): void {
    const current = propertyAssignments(object).findLast((property) => keyOf(property) === name);
    if (current) this.replace(current.getInitializerOrThrow(), value);
    else this.appendItem(object, object.getProperties(), `${name}: ${value}`);
  }

  /**
   * Adds entries to the array in property `name` of an object (`indexes: [...]`), or adds the
   * property; false, and no edit, when the property holds something other than an array literal.
   */
  addToArrayProperty(object: ObjectLiteralExpression, name: string, entries: readonly string[]): boolean {
    const current = propertyValue(object, name);
    if (current !== undefined && !Node.isArrayLiteralExpression(current)) return false;
    if (current) for (const entry of entries) this.addElement(current, entry);
    else if (entries.length > 0) this.setProperty(object, name, `[${entries.join(', ')}]`);
    return true;
  }

  addArgument(call: CallExpression | NewExpression, text: string): void {
    this.appendItem(call, call.getArguments(), text);
  }

  addElement(array: ArrayLiteralExpression, text: string): void {
    this.appendItem(array, array.getElements(), text);
  }

  replace(node: Node, text: string): void {
    this.edits.push({ start: node.getStart(), end: node.getEnd(), text });
  }

  insertAt(position: number, text: string): void {
    this.edits.push({ start: position, end: position, text });
  }

  /** A line after `node`, indented as the line `node` starts on: a decorator, a statement. */
  insertLineAfter(node: Node, text: string): void {
    this.insertAt(node.getEnd(), `\n${this.indentOf(node)}${text}`);
  }

  /** A line before `node`, indented as the line `node` starts on. */
  insertLineBefore(node: Node, text: string): void {
    this.insertAt(node.getStart(), `${text}\n${this.indentOf(node)}`);
  }

  /**
   * The name the file can use for the export `name` of `module`: the local name it imports it
   * by, `ns.name` through a namespace import, or `name` added to the file's named import of the
   * module. Undefined when the file has no import of the module to add it to, or `name` is taken.
   */
  importedName(module: string, name: string): string | undefined {
    const local = this.localName(module, name);
    if (local !== undefined) return local;
    const target = this.valueImports(module).find((declaration) => Node.isNamedImports(declaration.getImportClause()?.getNamedBindings()));
    if (!target || this.isTaken(name)) return undefined;
    const added = this.addedImports.get(target) ?? [];
    if (!added.includes(name)) added.push(name);
    this.addedImports.set(target, added);
    return name;
  }

  /** The name the file imports the export `name` of `module` by, as code would write it: `Index`, `orm.Index`. */
  localName(module: string, name: string): string | undefined {
    for (const declaration of this.valueImports(module)) {
      const namespace = declaration.getNamespaceImport();
      if (namespace) return `${namespace.getText()}.${name}`;
      const named = declaration.getNamedImports().find((specifier) => specifier.getName() === name && !specifier.isTypeOnly());
      if (named) return named.getAliasNode()?.getText() ?? name;
    }
    return undefined;
  }

  /** True when the two nodes start on the same line. */
  sameLine(a: Node, b: Node): boolean {
    return this.lineOf(a.getStart()) === this.lineOf(b.getStart());
  }

  /** The indentation of the line a node starts on. */
  indentOf(node: Node): string {
    const text = this.source.getFullText();
    const lineStart = text.lastIndexOf('\n', node.getStart() - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  }

  /** The text with every edit applied; inserts at one position keep the order they were made in. */
  result(): string {
    for (const [declaration, names] of this.addedImports) {
      const bindings = declaration.getImportClauseOrThrow().getNamedBindingsOrThrow();
      if (Node.isNamedImports(bindings)) for (const name of names.sort(byName)) this.addImported(bindings, name);
    }
    const ordered = this.edits.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.start - a.edit.start || b.order - a.order);
    let text = this.source.getFullText();
    for (const { edit } of ordered) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    return text;
  }

  /** A name added to a named import: in order when the import lists its names in order, else last. */
  private addImported(bindings: NamedImports, name: string): void {
    const elements = bindings.getElements();
    const names = elements.map((element) => element.getName());
    const isSorted = names.every((current, i) => i === 0 || byName(names[i - 1] ?? '', current) <= 0);
    const next = isSorted ? elements.find((element) => byName(element.getName(), name) > 0) : undefined;
    const last = elements.at(-1);
    if (!next || !last) {
      this.appendItem(bindings, elements, name);
      return;
    }
    this.insertAt(next.getStart(), this.sameLine(bindings, last) ? `${name}, ` : `${name},\n${this.indentOf(next)}`);
  }

  /**
   * Appends an item to the list inside a bracketed node (object, array, arguments, named
   * imports): on a line of its own when the list puts its items on separate lines.
   */
  private appendItem(container: Node, items: readonly Node[], text: string): void {
    const open = container.getFirstChild(isOpening);
    const close = container.getLastChild(isClosing);
    if (!open || !close) throw new Error(`no brackets around the list in ${container.getKindName()}`);
    const last = items.at(-1);
    if (!last) {
      const padding = open.getKind() === SyntaxKind.OpenBraceToken ? ' ' : '';
      this.edits.push({ start: open.getEnd(), end: close.getStart(), text: `${padding}${text}${padding}` });
      return;
    }
    const comma = last.getNextSiblingIfKind(SyntaxKind.CommaToken);
    const end = comma?.getEnd() ?? last.getEnd();
    const onOwnLines = this.lineOf(last.getStart()) !== this.lineOf(open.getStart());
    const separator = comma ? '' : ',';
    const item = onOwnLines ? `\n${this.indentOf(last)}${text}${comma ? ',' : ''}` : ` ${text}`;
    this.insertAt(end, `${separator}${item}`);
  }

  /** True when the file imports or declares something else by this name at its top level. */
  private isTaken(name: string): boolean {
    return this.source.getStatements().some((statement) => {
      if (Node.isImportDeclaration(statement)) {
        const names = [statement.getDefaultImport(), statement.getNamespaceImport()].map((node) => node?.getText());
        const named = statement.getNamedImports().map((specifier) => specifier.getAliasNode()?.getText() ?? specifier.getName());
        return [...names, ...named].includes(name);
      }
      if (Node.isVariableStatement(statement)) return statement.getDeclarations().some((declaration) => declaration.getName() === name);
      return (Node.isClassDeclaration(statement) || Node.isFunctionDeclaration(statement)) && statement.getName() === name;
    });
  }

  /** The file's imports of a module that bring values, not only types. */
  private valueImports(module: string): ImportDeclaration[] {
    return this.source
      .getImportDeclarations()
      .filter((declaration) => declaration.getModuleSpecifierValue() === module && !declaration.isTypeOnly());
  }

  private lineOf(position: number): number {
    return this.source.getLineAndColumnAtPos(position).line;
  }
}

const byName = (a: string, b: string): number => a.localeCompare(b, 'en');

const openings = new Set([SyntaxKind.OpenBraceToken, SyntaxKind.OpenBracketToken, SyntaxKind.OpenParenToken]);
const closings = new Set([SyntaxKind.CloseBraceToken, SyntaxKind.CloseBracketToken, SyntaxKind.CloseParenToken]);
const isOpening = (node: Node): boolean => openings.has(node.getKind());
const isClosing = (node: Node): boolean => closings.has(node.getKind());

/** The decorator among `decorators` that is the export `name` of `module`, however the file imports it. */
export function decoratorNamed(decorators: readonly Decorator[], edits: SourceEdits, module: string, name: string): Decorator | undefined {
  const local = edits.localName(module, name);
  return local === undefined ? undefined : decorators.find((decorator) => decorator.getFullName() === local);
}

/** The object literal passed as a decorator's options, or none; `false` when the options are not a literal. */
export function decoratorOptions(decorator: Decorator): ObjectLiteralExpression | undefined | false {
  const options = decorator.getArguments().filter((argument) => !Node.isStringLiteral(argument));
  const object = options.find(Node.isObjectLiteralExpression);
  return object ?? (options.length === 0 ? undefined : false);
}

/** Sets an option on a decorator: `@Column()` → `@Column({ unique: true })`, `@Column('int')` → `@Column('int', { unique: true })`. */
export function setDecoratorOption(decorator: Decorator, edits: SourceEdits, name: string, value: string): boolean {
  const options = decoratorOptions(decorator);
  if (options === false) return false;
  if (options) edits.setProperty(options, name, value);
  else if (decorator.isDecoratorFactory()) edits.addArgument(decorator.getCallExpressionOrThrow(), `{ ${name}: ${value} }`);
  else edits.insertAt(decorator.getEnd(), `({ ${name}: ${value} })`);
  return true;
}

/** The item among `named` whose name is the field's, however the code spells it (`tenant_id`, `tenantId`). */
export function byField<T>(named: readonly T[], nameOf: (item: T) => string | undefined, field: string): T | undefined {
  const wanted = normalizeName(field);
  return named.find((item) => {
    const name = nameOf(item);
    return name !== undefined && normalizeName(name) === wanted;
  });
}

/** A property name as code writes it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string, edits: SourceEdits): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : edits.string(name);
}

/** The expression inside any parentheses: `(t) => ({ … })` returns an object. */
export function withoutParentheses(node: Node): Node {
  let current = node;
  while (Node.isParenthesizedExpression(current)) current = current.getExpression();
  return current;
}

/**
 * `code: { type: X }` gets `unique: true`; `code: X` becomes `code: { type: X, unique: true }` when
 * `X` is a type, as Mongoose paths and Sequelize attributes take either. False, and no edit, for
 * any other value (options kept in a variable).
 */
export function markUnique(property: PropertyAssignment, edits: SourceEdits, isType: (value: Node) => boolean): boolean {
  const value = withoutParentheses(property.getInitializerOrThrow());
  if (Node.isObjectLiteralExpression(value)) edits.setProperty(value, 'unique', 'true');
  else if (isType(value)) edits.replace(value, `{ type: ${value.getText()}, unique: true }`);
  else return false;
  return true;
}

/** The name at the end of `a.b.C` or `a.b.C(…)`, or of an identifier: what a type expression names. */
export function lastName(node: Node): string | undefined {
  const callee = Node.isCallExpression(node) ? node.getExpression() : node;
  if (Node.isIdentifier(callee)) return callee.getText();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
}

/** The identifier at the start of `a.b.C` or `a.b.C(…)`. */
export function firstName(node: Node): string | undefined {
  let current = Node.isCallExpression(node) ? node.getExpression() : node;
  while (Node.isPropertyAccessExpression(current)) current = current.getExpression();
  return Node.isIdentifier(current) ? current.getText() : undefined;
}

/** An object literal's `key: value` properties; none for anything else. */
export function propertyAssignments(object: Node | undefined): PropertyAssignment[] {
  return Node.isObjectLiteralExpression(object) ? object.getProperties().filter(Node.isPropertyAssignment) : [];
}

/** A property's key as a string: `email`, `'profile.handle'` → `profile.handle`. */
export function keyOf(property: PropertyAssignment): string {
  const key = property.getNameNode();
  return Node.isStringLiteral(key) || Node.isNoSubstitutionTemplateLiteral(key) ? key.getLiteralValue() : key.getText();
}

/** The value of an object literal's property, without parentheses. */
export function propertyValue(object: Node | undefined, name: string): Node | undefined {
  const property = propertyAssignments(object).findLast((candidate) => keyOf(candidate) === name);
  return property && withoutParentheses(property.getInitializerOrThrow());
}
