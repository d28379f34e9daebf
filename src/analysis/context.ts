import type { Access, Isolation } from './access.js';
import type { FileAnalysis, FunctionFlow } from './flow.js';

/** What serialises a stretch of code against concurrent requests. */
export interface ConcurrencyContext {
  /** The effective isolation level: from the transaction, or from raw `BEGIN`/`SET TRANSACTION`. */
  readonly isolation: Isolation | undefined;
  /** An explicit lock is taken before the first access (advisory lock, lock key, `FOR UPDATE`). */
  readonly locked: boolean;
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
  // A raw `SET TRANSACTION ISOLATION LEVEL` inside a library transaction sets its level.
  const begin = before.findLast((access) => access.kind === 'begin');
  // PostgreSQL's `FOR UPDATE` locks only rows that exist, so a check that finds nothing locks
  // nothing; InnoDB also locks the gap where the row would be. An unknown engine gets the
  // benefit of the doubt.
  const locked =
    before.some((access) => access.kind === 'lock' || access.locks === true) ||
    (first.locks === true && (first.dialect ?? analysis.file.schema().dialectOf(first.resource)) !== 'postgresql');
  return { isolation: begin?.isolation ?? transaction?.isolation, locked };
}

