// Import declarations for a generated file: only the names its body uses, with paths relative
// to the file for modules of the codebase (written `src/…`).
import path from 'node:path';

/**
 * @param file the file's path from the codebase root
 * @param body the file's text without imports
 * @param candidates `{ module: names }`; a name ending in `:type` is imported as a type
 */
export function importLines(file, body, candidates) {
  const lines = [];
  for (const [module, names] of Object.entries(candidates)) {
    const used = names.filter((name) => new RegExp(`\\b${name.replace(':type', '')}\\b`).test(body));
    if (used.length === 0) continue;
    const specifiers = used.map((name) => (name.endsWith(':type') ? `type ${name.replace(':type', '')}` : name));
    lines.push(`import { ${specifiers.join(', ')} } from '${specifier(file, module)}';`);
  }
  return lines;
}

function specifier(file, module) {
  if (!module.startsWith('src/')) return module;
  const relative = path.posix.relative(path.posix.dirname(file), module);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The file's text: a header comment, the imports, a blank line, the body. */
export function sourceFile(file, bodyLines, candidates, header) {
  const body = bodyLines.join('\n');
  const imports = importLines(file, body, candidates);
  return [...(header ? [`// ${header}`] : []), ...imports, ...(imports.length ? [''] : []), body, ''].join('\n');
}
