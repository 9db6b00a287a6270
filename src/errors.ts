/**
 * The one error type that reaches a client. `code` is a contract code (../shared/docs/contract.md) or one
 * added beside them; `message` tells a person what to do next. Anything else thrown becomes a 500
 * whose details stay in the server log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) =>
  new AppError(404, 'not_found', `No ${what} with that id exists. Check the id and try again.`);
