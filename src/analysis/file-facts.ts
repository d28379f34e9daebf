import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getSchemaIndex, type SchemaIndex } from '../schema/index.js';
import { readSettings, type RaceSettings } from '../utils/settings.js';
import { staticString } from '../utils/ast.js';

/** What an adapter may ask about the file being linted. Computed once per file. */
export interface FileFacts {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly settings: RaceSettings;
  /** True when the file imports or requires this module or one of its subpaths. */
  imports(module: string): boolean;
  /** The module a local name was imported from (`{ Pool } from 'pg'` gives `pg` for `Pool`). */
  importSourceOf(localName: string): string | undefined;
  /** The type of an expression as text, when type information is available. */
  typeText(node: TSESTree.Node): string | undefined;
  /** The project's schema, loaded on first use. */
  schema(): SchemaIndex;
}

/** What file facts need of a rule's context; a file read for summaries supplies the same. */
export type FileContext = Pick<TSESLint.RuleContext<string, readonly unknown[]>, 'sourceCode' | 'filename' | 'settings' | 'cwd'>;

export function fileFacts(context: FileContext): FileFacts {
  const sourceCode = context.sourceCode;
  const bindings = importBindings(sourceCode.ast);
  const sources = new Set(bindings.values());
  for (const source of bareImports(sourceCode.ast)) sources.add(source);
  const settings = readSettings(context.settings);
  const services = sourceCode.parserServices;
  const program = services?.program;
  let schema: SchemaIndex | undefined;
  return {
    sourceCode,
    filename: context.filename,
    settings,
    imports(module) {
      for (const source of sources) {
        if (source === module || source.startsWith(`${module}/`)) return true;
      }
      return false;
    },
    importSourceOf: (name) => bindings.get(name),
    typeText(node) {
      if (!program || !services.esTreeNodeToTSNodeMap) return undefined;
      const tsNode = services.esTreeNodeToTSNodeMap.get(node as never);
      const checker = program.getTypeChecker();
      return checker.typeToString(checker.getTypeAtLocation(tsNode));
    },
    schema() {
      schema ??= getSchemaIndex(
        { filename: context.filename, text: sourceCode.text, program: sourceCode.ast },
        settings,
        context.cwd,
      );
      return schema;
    },
  };
}

/** Local name → module source, for imports and top-level `require` calls. */
function importBindings(program: TSESTree.Program): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      for (const specifier of statement.specifiers) bindings.set(specifier.local.name, statement.source.value);
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const source = requireSource(declarator.init);
        if (source === undefined) continue;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) bindings.set(declarator.id.name, source);
        if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
          for (const prop of declarator.id.properties) {
            if (prop.type === AST_NODE_TYPES.Property && prop.value.type === AST_NODE_TYPES.Identifier) {
              bindings.set(prop.value.name, source);
            }
          }
        }
      }
    }
  }
  return bindings;
}

function bareImports(program: TSESTree.Program): string[] {
  return program.body.flatMap((statement) =>
    statement.type === AST_NODE_TYPES.ImportDeclaration && statement.specifiers.length === 0
      ? [statement.source.value]
      : [],
  );
}

/** `require('pg')` and `require('pg').Pool` give `pg`. */
function requireSource(init: TSESTree.Expression | null): string | undefined {
  let node: TSESTree.Node | null = init;
  while (node?.type === AST_NODE_TYPES.MemberExpression) node = node.object;
  if (
    node?.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require'
  ) {
    return staticString(node.arguments[0]);
  }
  return undefined;
}
