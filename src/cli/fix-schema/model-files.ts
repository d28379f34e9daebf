import path from 'node:path';
import { Node, Project, type SourceFile } from 'ts-morph';
import { parseModelFile } from '../../schema/typescript.js';
import type { DeclarationNode, ModelLibrary } from '../../schema/types.js';
import { oneLine } from '../../utils/messages.js';
import type { MissingConstraint } from '../missing-constraint.js';
import { groupBy } from '../output/findings.js';
import { addDrizzleConstraints } from './drizzle-model.js';
import type { ModelEditor } from './model-outcome.js';
import { addMongooseConstraints } from './mongoose-model.js';
import type { SchemaEdit } from './prisma-constraints.js';
import { addSequelizeConstraints } from './sequelize-model.js';
import { SourceEdits } from './source-edits.js';
import { addTypeOrmConstraints } from './typeorm-model.js';

/** A missing constraint on a model that a TypeScript or JavaScript model file declares. */
export interface ModelConstraint extends MissingConstraint {
  readonly declaration: DeclarationNode;
}

const editors: Record<ModelLibrary, ModelEditor> = {
  typeorm: addTypeOrmConstraints,
  mongoose: addMongooseConstraints,
  sequelize: addSequelizeConstraints,
  drizzle: addDrizzleConstraints,
};

/**
 * The model file with the unique constraints added where each model is declared: an entity's
 * decorators, a Mongoose schema, a Sequelize model's attributes or options, a Drizzle table.
 * Only the declarations change; the rest of the file keeps its text.
 */
export function addModelConstraints(text: string, file: string, wanted: readonly ModelConstraint[]): SchemaEdit {
  const source = parseSource(text, file);
  const edits = new SourceEdits(source);
  const added: string[] = [];
  const skipped: string[] = [];
  for (const group of groupBy(wanted, (constraint) => constraint.declaration.range.join(':')).values()) {
    const declaration = group[0]?.declaration;
    const node = declaration && declarationNode(source, declaration.range);
    if (!declaration || !node) {
      skipped.push(...group.map(({ resource, fields }) => `${resource} (${fields.join(', ')}): its declaration in ${file} has moved`));
      continue;
    }
    const outcome = editors[declaration.library](node, group, edits);
    added.push(...outcome.added);
    skipped.push(...outcome.skipped);
  }
  const result = edits.result();
  // The rules read the file with typescript-estree: what is written must parse there.
  try {
    parseModelFile(result, file);
  } catch (error) {
    throw new Error(`the constraints added to ${file} do not parse: ${oneLine(error)}`);
  }
  return { text: result, added, skipped };
}

function parseSource(text: string, file: string): SourceFile {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  return project.createSourceFile(`/${path.basename(file)}`, text);
}

/** The class, call or `new` expression that ends where the schema index saw the declaration end. */
function declarationNode(source: SourceFile, [start, end]: readonly [number, number]): Node | undefined {
  for (let node = source.getDescendantAtPos(end - 1); node; node = node.getParent()) {
    if (node.getEnd() !== end || node.getStart() > start) continue;
    if (Node.isClassDeclaration(node) || Node.isClassExpression(node) || Node.isCallExpression(node) || Node.isNewExpression(node)) {
      return node;
    }
  }
  return undefined;
}
