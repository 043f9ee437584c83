import { AzmanError, ExitCode } from './azman-error.js'

/**
 * A query names a store, application, scope or object that does not exist.
 * Exit code 3 (the command line named it); HTTP 404.
 */
export class NotFoundError extends AzmanError {
  readonly code = 'AZMAN_ERR_NOT_FOUND'
  readonly exitCode = ExitCode.Usage
}
