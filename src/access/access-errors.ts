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

/**
 * Application groups nested deeper than azman's limit (NESTING_LIMIT, 64):
 * azman does not evaluate such an application (a store read from disk; writes
 * never make one). `azman validate` reports the chain as
 * `AZ_NESTING_TOO_DEEP`. Exit code 2 (the store cannot be evaluated), HTTP 422.
 */
export class AccessTooDeepError extends AzmanError {
  readonly code = 'AZMAN_ERR_ACCESS_TOO_DEEP'
  readonly exitCode = ExitCode.Unreadable
  /**
   * @param application the application's name
   * @param top the group at the top of the chain
   * @param depth how many groups the chain holds
   * @param chain the chain, as `chainText` (model/nesting.ts) shows it
   * @param limit the most groups azman evaluates in one chain
   */
  constructor(application: string, top: string, depth: number, chain: string, limit: number) {
    super(
      `application ${quote(application)}: group ${quote(top)} heads a chain of ${depth} nested application groups (${chain}), deeper than the ${limit} azman evaluates; azman validate reports it (AZ_NESTING_TOO_DEEP): take groups out of the chain`,
    )
  }
}
