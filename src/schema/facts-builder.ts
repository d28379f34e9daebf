import {
  emptyFacts,
  type DeclarationNode,
  type Dialect,
  type ResourceDeclaration,
  type SchemaFacts,
  type UniqueConstraint,
} from './types.js';

/**
 * Collects what one schema source declares. Names are deduplicated, a constraint or declaration
 * stated twice is kept once, and one without a resource or a field is dropped.
 */
export class FactsBuilder {
  private readonly constraints = new Map<string, UniqueConstraint>();
  private readonly declarations = new Map<string, ResourceDeclaration>();
  private dialect: Dialect | undefined;

  constructor(private readonly source: string) {}

  /** The database engine the source names (see `readDialect`). */
  setDialect(dialect: Dialect | undefined): void {
    this.dialect = dialect;
  }

  declare(resources: readonly string[], node?: DeclarationNode): void {
    const names = unique(resources);
    if (names.length === 0) return;
    this.declarations.set(JSON.stringify(names), { resources: names, source: this.source, ...(node ? { node } : {}) });
  }

  add(resources: readonly string[], fields: readonly string[], description: string, partial = false): void {
    const names = unique(resources);
    const columns = unique(fields);
    if (names.length === 0 || columns.length === 0) return;
    const constraint: UniqueConstraint = {
      resources: names,
      fields: columns,
      source: this.source,
      description,
      ...(partial ? { partial: true } : {}),
    };
    this.constraints.set(JSON.stringify([names, columns, description, partial]), constraint);
  }

  /**
   * The primary key formed by the given columns: one column is described by its own `label`
   * (`@PrimaryColumn() on User.id`), several form one composite key.
   */
  addPrimaryKey(
    resources: readonly string[],
    owner: string,
    columns: readonly { readonly field: string; readonly label: string }[],
  ): void {
    const [only] = columns;
    if (columns.length === 1 && only) this.add(resources, [only.field], `${only.label} on ${owner}.${only.field}`);
    if (columns.length > 1) {
      const fields = columns.map((column) => column.field);
      this.add(resources, fields, `primary key (${fieldList(fields)}) on ${owner}`);
    }
  }

  /**
   * The facts collected; `emptyFacts` when the source declared nothing. A source that only names
   * the engine (`db.ts`) is not listed in `files`, which counts schema files for messages.
   */
  build(): SchemaFacts {
    const dialect = this.dialect ? { dialect: this.dialect } : {};
    if (this.declarations.size === 0 && this.constraints.size === 0) {
      return this.dialect ? { ...emptyFacts, ...dialect } : emptyFacts;
    }
    return {
      constraints: [...this.constraints.values()],
      declarations: [...this.declarations.values()],
      files: [this.source],
      ...dialect,
    };
  }
}

/** Field names as constraint descriptions list them: `a, b`. */
export function fieldList(fields: readonly string[]): string {
  return fields.join(', ');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
