import { AzmanError, ExitCode, type AzmanErrorOptions } from './azman-error.js'

/**
 * The command line is wrong: unknown command or flag, missing argument. Exit
 * code 3. The message is always one line: line breaks in it (Node's argument
 * parser writes some) become spaces.
 */
export class UsageError extends AzmanError {
  readonly code = 'AZMAN_ERR_USAGE'
  readonly exitCode = ExitCode.Usage
  constructor(message: string, options: AzmanErrorOptions = {}) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '), options)
  }
}
