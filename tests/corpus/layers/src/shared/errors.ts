export class ConflictError extends Error {
  readonly status = 409;
}

export class NotFoundError extends Error {
  readonly status = 404;

  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class InsufficientFundsError extends Error {
  readonly status = 402;
}

export class QuotaExceededError extends Error {
  readonly status = 429;
}
