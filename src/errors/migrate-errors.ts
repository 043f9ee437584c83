import { AzmanError, ExitCode } from './azman-error.js'

/** An exported directory that cannot be read or used: a file missing, a policy that does not parse. */
export class MigrateExportError extends AzmanError {
  readonly code = 'AZMAN_ERR_MIGRATE_EXPORT'
  readonly exitCode = ExitCode.Unreadable
}

/** A store (or an object of it) the target cannot express: refused, not approximated. */
export class MigrateRefusedError extends AzmanError {
  readonly code = 'AZMAN_ERR_MIGRATE_REFUSED'
  readonly exitCode = ExitCode.Negative
}
