import { AzmanError, ExitCode } from './azman-error.js'

/**
 * Errors talking to an Active Directory domain controller. Messages name the
 * server and the account, never a password.
 */

/** The directory server cannot be reached, or the connection was lost. Exit code 2. */
export class DirectoryConnectError extends AzmanError {
  readonly code = 'AZMAN_ERR_LDAP_CONNECT'
  readonly exitCode = ExitCode.Unreadable
}

/** The server's certificate is not trusted or names another host. Exit code 2. */
export class DirectoryTlsError extends AzmanError {
  readonly code = 'AZMAN_ERR_LDAP_TLS'
  readonly exitCode = ExitCode.Unreadable
}

/** Missing or refused credentials. Exit code 2. */
export class DirectoryAuthError extends AzmanError {
  readonly code = 'AZMAN_ERR_LDAP_AUTH'
  readonly exitCode = ExitCode.Unreadable
}

/** A password would cross the network unencrypted and the user did not allow it. Exit code 3. */
export class InsecureBindError extends AzmanError {
  readonly code = 'AZMAN_ERR_LDAP_INSECURE'
  readonly exitCode = ExitCode.Usage
}

/** The directory refused a read or a write (access, schema, or a feature the server lacks). Exit code 4. */
export class DirectoryRefusedError extends AzmanError {
  readonly code: string
  readonly exitCode = ExitCode.InvalidChange
  /** The LDAP result code, when the server sent one. */
  readonly resultCode: number | undefined
  constructor(code: `AZMAN_ERR_LDAP_${string}`, message: string, options: { resultCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
    this.resultCode = options.resultCode
  }
}

/** An account name that the directory does not know. Exit code 4. */
export class UnknownAccountError extends AzmanError {
  readonly code = 'AZMAN_ERR_ACCOUNT_UNKNOWN'
  readonly exitCode = ExitCode.InvalidChange
}

/**
 * A write to the directory stopped part way (the connection was lost, or the
 * server refused one write). The message lists what was applied and what was
 * not; applying the same change set again completes it.
 */
export class PartialApplyError extends AzmanError {
  readonly code = 'AZMAN_ERR_LDAP_PARTIAL'
  readonly exitCode: ExitCode
  /** One line per write that the server applied, in order. */
  readonly applied: readonly string[]
  /** One line per write that was not applied. */
  readonly notApplied: readonly string[]
  constructor(message: string, options: { applied: readonly string[]; notApplied: readonly string[]; exitCode: ExitCode; cause?: unknown }) {
    super(message, options.cause === undefined ? {} : { cause: options.cause })
    this.applied = options.applied
    this.notApplied = options.notApplied
    this.exitCode = options.exitCode
  }
}
