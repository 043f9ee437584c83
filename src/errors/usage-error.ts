import { AzmanError, ExitCode } from './azman-error.js'

/** The command line is wrong: unknown command or flag, missing argument. Exit code 3. */
export class UsageError extends AzmanError {
  readonly code = 'AZMAN_ERR_USAGE'
  readonly exitCode = ExitCode.Usage
}
