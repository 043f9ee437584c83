import { AzmanError, ExitCode } from '../errors/azman-error.js'

/** An error that only exists over HTTP (authentication, routing, limits), with its status. */
export class HttpError extends AzmanError {
  readonly exitCode = ExitCode.Usage
  constructor(
    readonly status: number,
    readonly code: `AZMAN_ERR_${string}`,
    message: string,
  ) {
    super(message)
  }
}

/** Codes whose status is not the one their exit code gives. */
const BY_CODE: Readonly<Record<string, number>> = {
  AZMAN_ERR_NOT_FOUND: 404,
  AZMAN_ERR_CHANGE_NOT_FOUND: 404,
  AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND: 404,
  AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY: 404,
  AZMAN_ERR_CHANGE_EXISTS: 409,
  AZMAN_ERR_CHANGE_DUPLICATE: 409,
  AZMAN_ERR_CHANGE_STILL_LINKED: 409,
  AZMAN_ERR_CHANGE_ADMIN_LOCKOUT: 409,
  AZMAN_ERR_CHANGE_BREAKS_INTEGRITY: 409,
  AZMAN_ERR_CHANGE_TOO_DEEP: 409,
  AZMAN_ERR_CHANGE_UNWRITABLE: 409,
  AZMAN_ERR_CHANGE_AMBIGUOUS_GUID: 409,
  AZMAN_ERR_CHANGE_UNKNOWN_OBJECT: 409,
  AZMAN_ERR_CHANGE_TEMPLATE_INVALID: 500,
  AZMAN_ERR_CONFLICT_PRECONDITION: 412,
  AZMAN_ERR_ACCESS_TOO_DEEP: 422,
  AZMAN_ERR_ACCESS_TOO_COMPLEX: 422,
  AZMAN_ERR_CHANGE_SET_TOO_LARGE: 413,
  // A facts document is the client's input (exit 2 from the CLI, like a file it cannot read).
  AZMAN_ERR_HOST_FACTS: 400,
  AZMAN_ERR_VERIFY_RESULTS: 400,
  AZMAN_ERR_VERIFY_TOKENS: 400,
  AZMAN_ERR_MIGRATE_EXPORT: 400,
  AZMAN_ERR_MIGRATE_REFUSED: 422,
}

/**
 * The HTTP status of an error: 400 for input the client got wrong, 404 for
 * what does not exist, 409 for a change that conflicts with the store as it
 * is (or another writer), 412 for a failed `If-Match`, 413 for a change set
 * over the most changes allowed (`MAX_CHANGES`), 422 for a store azman
 * refuses to evaluate (groups nested too deep or too convoluted), 500 when the
 * server's own store or files cannot be read.
 */
export function httpStatusOf(error: AzmanError): number {
  if (error instanceof HttpError) return error.status
  const byCode = BY_CODE[error.code]
  if (byCode !== undefined) return byCode
  switch (error.exitCode) {
    case ExitCode.Usage:
    case ExitCode.InvalidChange:
      return 400
    case ExitCode.Conflict:
      return 409
    default:
      return 500
  }
}
