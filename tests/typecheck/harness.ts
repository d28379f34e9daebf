import { Project, ts, type SourceFile } from 'ts-morph';

/**
 * The in-memory TypeScript project the suggestion tests type-check their programs in, against the
 * libraries installed in node_modules: strict, Node ESM, decorators on (TypeORM entities).
 */
export function typecheckProject(): Project {
  return new Project({
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      types: ['node'],
      noEmit: true,
    },
    skipAddingFilesFromTsConfig: true,
  });
}

/** A file's type errors, one per line, empty when it type-checks. */
export const diagnosticsOf = (file: SourceFile): string =>
  file
    .getPreEmitDiagnostics()
    .map((d) => `line ${d.getLineNumber() ?? '?'}: TS${d.getCode()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')}`)
    .join('\n');
