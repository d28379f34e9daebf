import type { Access, Isolation, TransactionScope } from './access.js';
import type { FileFacts } from './file-facts.js';
import type { FileAnalysis, FunctionFlow } from './flow.js';
import type { Dialect } from '../schema/types.js';

/** What serialises a stretch of code against concurrent requests. */
export interface ConcurrencyContext {
  /** The effective isolation level: from the transaction, or from raw `BEGIN`/`SET TRANSACTION`. */
  readonly isolation: Isolation | undefined;
  /** The library transaction that holds both accesses. */
  readonly transaction: TransactionScope | undefined;
  /** Both accesses run in a transaction: a library one around both, or one a raw `BEGIN` opened before. */
  readonly inTransaction: boolean;
  /** An explicit lock (advisory lock, lock key) or a locking read is taken before the first access. */
  readonly lockedBefore: boolean;
  /** The database engine of the first access, when known: from the settings, the driver or the schema. */
  readonly dialect: Dialect | undefined;
}

/** The context that holds for the stretch from `first` to `second` within one function. */
export function contextBetween(
  flow: FunctionFlow,
  analysis: FileAnalysis,
  first: Access,
  second: Access,
): ConcurrencyContext {
  const outer = analysis.transactionOf(first.node);
  // Only a transaction that holds both accesses serialises them.
  const transaction = outer && outer === analysis.transactionOf(second.node) ? outer : undefined;
  const before = flow.accesses.filter((access) => access.node.range[1] <= first.node.range[0]);
  const begins = before.filter((access) => access.kind === 'begin');
  // A raw `SET TRANSACTION ISOLATION LEVEL` inside a library transaction sets its level; MySQL
  // sets it before `START TRANSACTION`, which then names none.
  const level = begins.findLast((access) => access.isolation !== undefined)?.isolation;
  return {
    isolation: level ?? transaction?.isolation,
    transaction,
    inTransaction: transaction !== undefined || begins.length > 0,
    lockedBefore: transaction?.locks === true || before.some((access) => access.kind === 'lock' || access.locks === true),
    dialect: dialectFor(first, analysis.file),
  };
}

/** The engine an access runs on: from the settings, else the driver or builder, else the schema. */
export function dialectFor(access: Access, file: FileFacts): Dialect | undefined {
  return file.settings.dialect ?? access.dialect ?? file.schema().dialectOf(access.resource);
}
