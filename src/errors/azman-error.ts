/**
 * The exit codes every `azman` command shares. They are part of the public
 * contract: scripts branch on them, so they never change meaning.
 */
export const ExitCode = {
  /** Success, or a positive answer (valid, granted, no differences). */
  Ok: 0,
  /** A negative answer: integrity findings, access not granted, differences, audit findings. */
  Negative: 1,
  /** The input cannot be read: not XML, unsafe constructs, wrong root, invalid UTF-8, I/O error. */
  Unreadable: 2,
  /** Wrong usage: unknown command or flag, missing argument. */
  Usage: 3,
  /** A change that would break the store or that names something that does not exist. */
  InvalidChange: 4,
  /** A conflict: stale plan, lock timeout, failed precondition. */
  Conflict: 5,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Where in a text input a problem was found. Lines and columns count from 1. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

export interface AzmanErrorOptions {
  readonly cause?: unknown
  /** Position in the input, for parse errors. */
  readonly position?: SourcePosition
  /** The file or store the error is about, as the user named it. */
  readonly source?: string
}

/**
 * Base class of every error the product raises on purpose. `code` is stable
 * (scripts and the REST layer match on it); `message` is for a person and
 * says what to do. Errors never carry secrets.
 */
export abstract class AzmanError extends Error {
  /** Stable machine-readable code, e.g. `AZMAN_ERR_XML_UNSAFE`. */
  abstract readonly code: string
  /** The process exit code a CLI run that fails with this error ends with. */
  abstract readonly exitCode: ExitCode
  readonly position: SourcePosition | undefined
  readonly source: string | undefined

  constructor(message: string, options: AzmanErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.position = options.position
    this.source = options.source
  }
}
