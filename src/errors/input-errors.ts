import { AzmanError, ExitCode } from './azman-error.js'

/** The input cannot be read as an AzMan store. Exit code 2. */
export abstract class UnreadableInputError extends AzmanError {
  readonly exitCode = ExitCode.Unreadable
}

/** The bytes are not well-formed XML. */
export class XmlSyntaxError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_XML_SYNTAX'
}

/** A DOCTYPE, entity declaration or undeclared entity reference: refused, never expanded. */
export class XmlUnsafeError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_XML_UNSAFE'
}

/** The bytes are not valid UTF-8, or declare another encoding. */
export class XmlEncodingError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_XML_ENCODING'
}

/** Well-formed XML that is not an AzMan store (wrong root element, empty input). */
export class NotAStoreError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_NOT_A_STORE'
}

/** The store could not be read or written (missing file, permissions, disk). */
export class StoreIoError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_STORE_IO'
}

/** The store reference names a kind of store this build cannot open. */
export class UnsupportedStoreError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_STORE_UNSUPPORTED'
}

/** An audit binding file that cannot be read or used: not JSON, not of the documented shape, or naming a template not given. */
export class AuditBindingError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_AUDIT_BINDING'
}

/** A names file (`--names`, `AZMAN_NAMES`, the server's `"names"`) that cannot be read or used: not CSV or JSON of the documented shape, a value that is not a SID, a SID named twice differently. */
export class NamesFileError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_NAMES_FILE'
}

/** A host facts file (`azman-host-facts/1`) that cannot be read or used: not JSON, not of the documented shape, or over a limit (the JSON path is named). */
export class HostFactsError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_HOST_FACTS'
}

/** A verify results file (`azman verify-report`) that cannot be read or used: not JSON, not of the documented shape, or for another table (the JSON path is named). */
export class VerifyResultsError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_VERIFY_RESULTS'
}

/** A `verify-script --tokens` file that cannot be read or used: not JSON, or not of the documented shape (the JSON path is named). */
export class VerifyTokensError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_VERIFY_TOKENS'
}

/**
 * A policy test file (`azman test`, `POST /stores/{s}/tests`) that cannot be read or used: not
 * JSON or YAML, not of the documented shape, or naming an application, scope, operation,
 * principal, group or template that is not there (the JSON path is named). Exit code 4, like
 * a change set that cannot be used: `azman test` is the one read-only command that exits 4.
 */
export class TestFileError extends AzmanError {
  readonly code = 'AZMAN_ERR_TEST_FILE'
  readonly exitCode = ExitCode.InvalidChange
}

/** An expiry sidecar file (`<store>.expiry.json`, `azman-expiry/1`) that cannot be read or is not of the documented shape (the file and the JSON path are named): writes refuse it, reads warn and go on without it. */
export class ExpiryFileError extends UnreadableInputError {
  readonly code = 'AZMAN_ERR_EXPIRY_FILE'
}
