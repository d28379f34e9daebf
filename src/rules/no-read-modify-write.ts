import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Access } from '../analysis/access.js';
import { guardCondition, relativeChange, type RelativeChange } from '../analysis/changes.js';
import { contextBetween, type ConcurrencyContext } from '../analysis/context.js';
import { collectFlows, yieldsBetween, type FileAnalysis, type FunctionFlow } from '../analysis/flow.js';
import { decidingGuards, guardTest, resultReferences } from '../analysis/guards.js';
import { fieldsOf, readUses, type ReadUses } from '../analysis/read-uses.js';
import { writtenInside } from '../analysis/summaries.js';
import { adapterFor } from '../adapters/index.js';
import type { Rewrite, StaleWrite } from '../adapters/types.js';
import { contains, isResultUnused, normalizedText } from '../utils/ast.js';
import { createRule } from '../utils/create-rule.js';
import { normalizeName, sameResource } from '../utils/names.js';

type MessageIds =
  | 'lostUpdate'
  | 'staleGuard'
  | 'uncheckedConditional'
  | 'useAtomicUpdate'
  | 'useConditionalUpdate'
  | 'lockRead'
  | 'useSerializable';

/** How many earlier reads of the same record are tried for one write. */
const maxCandidates = 16;

/** How a write depends on what a read returned. */
type Dependence =
  /** Written values are computed from the fields read (`balance: wallet.balance + amount`). */
  | { readonly kind: 'value'; readonly fields: readonly string[]; readonly whole: boolean }
  /** A guard on a field read decides the write, which changes that field (`if (stock < qty) throw; … decrement`). */
  | { readonly kind: 'guard'; readonly fields: readonly string[]; readonly guard: TSESTree.Node };

export default createRule<[], MessageIds>({
  name: 'no-read-modify-write',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing a value computed from an earlier read of the same record, unless a lock, isolation level or conditional write makes it safe',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      lostUpdate:
        'Two concurrent calls can both run `{{read}}` (line {{readLine}}) and get the same {{fields}} before either runs `{{write}}` (line {{writeLine}}): each writes a value computed from what it read, and the later write silently undoes the earlier one.{{context}}',
      staleGuard:
        'Two concurrent calls can both run `{{read}}` (line {{readLine}}) and pass the check on {{fields}} (line {{guardLine}}) before either runs `{{write}}` (line {{writeLine}}): both writes apply, and the check no longer holds afterwards (oversold stock, an overdrawn balance, a limit exceeded).{{context}}',
      uncheckedConditional:
        '`{{write}}` (line {{writeLine}}) applies only while {{fields}} still holds what `{{read}}` (line {{readLine}}) returned, but nothing checks whether it changed a row: when a concurrent call changed the record first, this write does nothing and the call goes on as if it had succeeded.',
      useAtomicUpdate: 'Let the database apply the change in one statement: {{form}}.',
      useConditionalUpdate: 'Move the check into the write and act on the rows it changed: {{form}}.',
      lockRead: 'Lock the row when reading it, so the transaction holds it until the write: {{form}}.',
      useSerializable: 'Run the transaction at SERIALIZABLE isolation ({{form}}) and retry it when the database reports a serialization failure.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;

    const inspect = (flow: FunctionFlow, analysis: FileAnalysis, write: Access): void => {
      let candidates = 0;
      for (const read of flow.accesses.toReversed()) {
        if (read.kind !== 'read' || read.node.range[1] > write.node.range[0] || !yieldsBetween(flow, read, write)) continue;
        const uses = readUses(read, sourceCode);
        if (!targetsRecord(read, write, uses, sourceCode)) continue;
        // Only the nearest reads of the record can feed it; a seed script holds thousands.
        if ((candidates += 1) > maxCandidates) return;
        const dependence = dependenceOf(read, write, uses, sourceCode);
        if (!dependence) continue;
        const where = contextBetween(flow, analysis, read, write);
        if (isSerialized(read, where)) return;
        const conditional = conditionalOn(write, dependence.fields);
        if (conditional !== undefined) {
          if (isResultUnused(write.summarized?.node ?? write.node) && !write.failsWithoutMatch) {
            report(write, 'uncheckedConditional', { ...lines(read, write), fields: `\`${conditional}\`` }, []);
          }
          return;
        }
        const stale = staleWrite(analysis, read, write, uses, dependence);
        const suggest = suggestions(analysis, stale, where);
        const data = { ...lines(read, write), fields: describeFields(dependence), context: contextNote(where) };
        if (dependence.kind === 'value') report(write, 'lostUpdate', data, suggest);
        else report(write, 'staleGuard', { ...data, guardLine: String(dependence.guard.loc.start.line) }, suggest);
        return;
      }
    };

    const lines = (read: Access, write: Access): Record<string, string> => ({
      read: read.label,
      readLine: String(read.node.loc.start.line),
      write: write.label,
      writeLine: String(reportedAt(write).loc.start.line),
    });

    const report = (
      write: Access,
      messageId: 'lostUpdate' | 'staleGuard' | 'uncheckedConditional',
      data: Record<string, string>,
      suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[],
    ): void => {
      context.report({ node: reportedAt(write), messageId, data, suggest });
    };

    /**
     * Every stale field written as a relative change, and the guard that lets the write through.
     * Where a guard on a written field decides the write, an atomic change alone would still act
     * on the stale check: only a rewrite that moves the check into the write (a condition) helps.
     */
    const staleWrite = (analysis: FileAnalysis, read: Access, write: Access, uses: ReadUses, dependence: Dependence): StaleWrite => {
      const isText = (node: TSESTree.Node): boolean => /^(?:string$|["'`])/.test(analysis.file.typeText(node) ?? '');
      const stale = new Set(dependence.fields.map(normalizeName));
      const changes: RelativeChange[] = [];
      let allRelative = dependence.kind === 'value' && !dependence.whole;
      for (const field of write.data) {
        if (dependence.kind !== 'value' || !stale.has(normalizeName(field.name))) continue;
        const change = relativeChange(field, uses, sourceCode, isText, read.schemaless === true);
        if (change) changes.push(change);
        else allRelative = false;
      }
      const guards = staleGuards(read, write, uses, sourceCode);
      const condition = guards
        .map(({ guard }) => guardCondition(guard, write.node, uses))
        .find((found) => found !== undefined && writtenNames(write).has(normalizeName(found.field)));
      const usable = allRelative && (guards.length === 0 || condition !== undefined);
      // Under a condition, a stale value computed in JavaScript would still be written as read.
      const conditional = dependence.kind === 'guard' || usable ? condition : undefined;
      return { read, write, changes: usable ? changes : [], condition: conditional };
    };

    const suggestions = (
      analysis: FileAnalysis,
      stale: StaleWrite,
      where: ConcurrencyContext,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const { read, write, condition } = stale;
      // A rewrite of the write belongs in the code that makes it, not at a helper's call.
      const local = !write.summarized || writtenInside(write) !== undefined;
      const writer = local ? adapterFor(write.library) : undefined;
      const target = write.summarized ?? write;
      const rewrites: [MessageIds, Rewrite | undefined][] = [
        ['useAtomicUpdate', stale.changes.length > 0 && !condition ? writer?.atomicUpdate?.({ ...stale, write: target }, analysis.file) : undefined],
        ['useConditionalUpdate', condition ? writer?.conditionalUpdate?.({ ...stale, write: target, condition }, analysis.file) : undefined],
        ['lockRead', where.inTransaction && !read.summarized ? adapterFor(read.library)?.lockRead?.(read, analysis.file) : undefined],
        ['useSerializable', where.transaction ? adapterFor(where.transaction.library)?.serializable?.(where.transaction, analysis.file) : undefined],
      ];
      return rewrites.flatMap(([messageId, rewrite]) =>
        rewrite
          ? [
              {
                messageId,
                data: { form: rewrite.form },
                fix: (fixer: TSESLint.RuleFixer) => rewrite.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
              },
            ]
          : [],
      );
    };

    return collectFlows(context, (flow, analysis) => {
      for (const write of flow.accesses) {
        if (isWrite(write)) inspect(flow, analysis, write);
      }
    });
  },
});

/** Writes that can lose an update: updates, atomic updates a stale guard decides, and key-value sets. */
const isWrite = (access: Access): boolean =>
  !access.fileSystem &&
  (access.kind === 'update' || access.kind === 'atomic-update' || (access.kind === 'create' && access.schemaless === true));

/** A write made inside the call that runs it (a transaction callback) is reported where it is written. */
const reportedAt = (write: Access): TSESTree.Node => writtenInside(write) ?? write.node;

const writtenNames = (write: Access): Set<string> => new Set(write.data.map((field) => normalizeName(field.name)));

/**
 * The write changes the record the read returned: the same key in a key-value store; otherwise the
 * same resource, addressed through the read's result (`where: { id: wallet.id }`, `save(account)`,
 * `doc.save()`) or by the same filter as the read.
 */
function targetsRecord(read: Access, write: Access, uses: ReadUses, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (read.resource === undefined || write.resource === undefined || !sameResource(read.resource, write.resource)) return false;
  if (read.schemaless || write.schemaless) {
    return read.keys.some((key) => write.keys.some((other) => other.name === key.name));
  }
  const node = reportedAt(write);
  const written = [...write.data.flatMap((field) => (field.value ? [field.value] : [])), ...(write.opaqueData ?? [])];
  for (const variable of uses.holders.keys()) {
    for (const reference of variable.references) {
      const identifier = reference.identifier;
      if (contains(node, identifier) && !written.some((value) => contains(value, identifier))) return true;
    }
  }
  if (read.keys.length === 0) return false;
  return read.keys.every((key) =>
    write.keys.some(
      (other) =>
        normalizeName(other.name) === normalizeName(key.name) &&
        (key.value === undefined || other.value === undefined || normalizedText(sourceCode, key.value) === normalizedText(sourceCode, other.value)),
    ),
  );
}

/** How the write depends on the read, if it does. */
function dependenceOf(read: Access, write: Access, uses: ReadUses, sourceCode: Readonly<TSESLint.SourceCode>): Dependence | undefined {
  // A key-value read returns the value itself: any use of it is a use of the stored value.
  const schemaless = read.schemaless === true;
  const stale = write.data.filter((field) => {
    const paths = field.value ? uses.pathsIn(field.value).map(fieldsOf) : [];
    return paths.length > 0 && (schemaless || paths.some((fields) => fields.includes(normalizeName(field.name))));
  });
  // `{ ...draft, title }` writes back every field as it was read.
  const whole = (write.opaqueData ?? []).some((node) => uses.pathsIn(node).some((path) => fieldsOf(path).length === 0));
  if (stale.length > 0 || whole) return { kind: 'value', fields: stale.map((field) => field.name), whole };
  if (write.kind !== 'atomic-update') return undefined;
  const [first] = staleGuards(read, write, uses, sourceCode);
  return first && { kind: 'guard', ...first };
}

/** The guards on the read's result that decide the write and test a field it writes. */
function staleGuards(
  read: Access,
  write: Access,
  uses: ReadUses,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { guard: TSESTree.Node; fields: string[] }[] {
  const found: { guard: TSESTree.Node; fields: string[] }[] = [];
  for (const guard of decidingGuards(write.node, resultReferences(read, sourceCode))) {
    const test = guardTest(guard);
    const paths = test ? uses.pathsIn(test) : [];
    const tested = new Set(paths.flatMap(fieldsOf));
    // A key-value read is the value itself: any test of it tests what the write changes.
    const fields = write.data.filter((field) => (read.schemaless ? paths.length > 0 : tested.has(normalizeName(field.name))));
    if (fields.length > 0) found.push({ guard, fields: fields.map((field) => field.name) });
  }
  return found;
}

/**
 * The field a write's filter makes it conditional on, when it is one the race is about or one the
 * write also changes (`where: { id, version }` with a version bump, `stock: { gte: qty }`).
 */
function conditionalOn(write: Access, stale: readonly string[]): string | undefined {
  // A key-value write's key is the record itself, as `id` is: it makes the write conditional on nothing.
  if (write.schemaless) return undefined;
  const relevant = new Set([...stale.map(normalizeName), ...writtenNames(write)]);
  return write.keys.find((key) => {
    const name = normalizeName(key.name);
    return name !== 'id' && relevant.has(name);
  })?.name;
}

/** A lock or an isolation level that keeps a concurrent write out between the read and the write. */
function isSerialized(read: Access, where: ConcurrencyContext): boolean {
  if (read.locks === true || where.lockedBefore || where.isolation === 'serializable') return true;
  // PostgreSQL aborts a REPEATABLE READ transaction whose row changed since its snapshot; MySQL's
  // REPEATABLE READ reads the snapshot and writes over the change.
  return where.isolation === 'repeatable-read' && where.dialect !== 'mysql';
}

function describeFields(dependence: Dependence): string {
  if (dependence.kind === 'value' && dependence.whole && dependence.fields.length === 0) return 'record';
  const names = dependence.fields.map((name) => `\`${name}\``);
  return names.length === 0 ? 'value' : names.join(', ');
}

function contextNote(where: ConcurrencyContext): string {
  if (!where.inTransaction) return '';
  if (where.transaction?.fromCaller && where.isolation === 'unknown') {
    return ' The transaction handed in by the caller does not prevent it unless the caller runs it at SERIALIZABLE: at the default level a plain read takes no lock.';
  }
  const snapshot = "MySQL's REPEATABLE READ reads a snapshot without locking the row, and the write goes over the other change";
  if (where.isolation === 'repeatable-read') return ` The transaction does not prevent it: ${snapshot}.`;
  if (where.isolation === 'read-committed' || where.isolation === 'read-uncommitted') {
    const level = where.isolation.toUpperCase().replace('-', ' ');
    return ` The transaction does not prevent it: at ${level} a plain read takes no lock, so both transactions read the same value.`;
  }
  return where.dialect === 'mysql'
    ? ` The transaction does not prevent it: ${snapshot}.`
    : ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.';
}
