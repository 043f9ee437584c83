import { AzmanError, ExitCode } from '../errors/azman-error.js'
import { quote } from '../model/quote.js'

/**
 * Group nesting so convoluted that flattening one membership would exceed the
 * evaluator's limit: only adversarial stores get here. Exit code 2 (the
 * store cannot be evaluated).
 */
export class AccessLimitError extends AzmanError {
  readonly code = 'AZMAN_ERR_ACCESS_TOO_COMPLEX'
  readonly exitCode = ExitCode.Unreadable
  constructor(owner: string, limit: number) {
    super(`the group nesting under ${quote(owner)} gives more than ${limit} distinct ways to be a member; azman refuses to evaluate a store this convoluted`)
  }
}

/** An application, scope or operation named in a query that the store does not hold (exit 3, HTTP 404). */
export { NotFoundError } from '../errors/lookup-error.js'
