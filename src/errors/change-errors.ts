import { AzmanError, ExitCode } from './azman-error.js'

/** A change that cannot be applied to this store as it is. Exit code 4. */
export class InvalidChangeError extends AzmanError {
  readonly exitCode = ExitCode.InvalidChange
  readonly code: `AZMAN_ERR_CHANGE_${string}`
  constructor(code: `AZMAN_ERR_CHANGE_${string}`, message: string) {
    super(message)
    this.code = code
  }

  /** The same refusal with where it happened in front, e.g. `$.changes[2] (create-task)`. */
  at(where: string): InvalidChangeError {
    return new InvalidChangeError(this.code, `${where}: ${this.message}`)
  }
}

/** The store changed since the plan was made, or a lock could not be taken. Exit code 5. */
export class ConflictError extends AzmanError {
  readonly exitCode = ExitCode.Conflict
  readonly code: string
  constructor(code: `AZMAN_ERR_CONFLICT_${string}`, message: string) {
    super(message)
    this.code = code
  }
}
