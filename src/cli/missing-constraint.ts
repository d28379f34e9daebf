import type { Linter } from 'eslint';

/** What a `no-check-then-create` report says no unique constraint covers. */
export interface MissingConstraint {
  /** The model or table as the code names it: `coupon` for `prisma.coupon`. */
  readonly resource: string;
  /** The fields the check filters on, as the code names them. */
  readonly fields: readonly string[];
}

/**
 * ESLint gives formatters the message text, not the report's data, and the rule's data holds
 * sentences rather than names; `checkThenCreate` names the model and fields in one of two
 * wordings: "No unique constraint on coupon (code) was found in …" when a schema declares the
 * model, "… nothing is known to stop a duplicate coupon (code)." when none does.
 */
const namedTarget = /(?:No unique constraint on|nothing is known to stop a duplicate) (\S+) \(([^)]+)\)/;

export function missingConstraintOf(message: Linter.LintMessage): MissingConstraint | undefined {
  if (message.ruleId !== 'race/no-check-then-create' || message.messageId !== 'checkThenCreate') return undefined;
  const match = namedTarget.exec(message.message);
  if (!match?.[1] || !match[2]) return undefined;
  return { resource: match[1], fields: match[2].split(', ') };
}
