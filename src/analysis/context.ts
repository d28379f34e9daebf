import type { Access, Isolation, TransactionScope } from './access.js';
import type { FileAnalysis, FunctionFlow } from './flow.js';

/** What serialises a stretch of code against concurrent requests. */
export interface ConcurrencyContext {
  /** The transaction both accesses run in, if one library call opened it around them. */
  readonly transaction: TransactionScope | undefined;
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
  const transaction = outer && outer === analysis.transactionOf(second.node) ? outer : undefined;
  const before = flow.accesses.filter((access) => access.node.range[1] <= first.node.range[0]);
  const begin = before.findLast((access) => access.kind === 'begin');
  const locked = first.locks === true || before.some((access) => access.kind === 'lock');
  return { transaction, isolation: transaction?.isolation ?? begin?.isolation, locked };
}
