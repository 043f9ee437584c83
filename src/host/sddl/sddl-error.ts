/**
 * An SDDL string that does not parse or is too large. Not an AzmanError: the
 * host checks turn it into a `HOST_FACT_MISSING` finding naming the fact.
 */
export class SddlError extends Error {
  /** The 0-based character offset of the problem, or null for a problem of the whole string (its length). */
  readonly offset: number | null

  constructor(message: string, offset: number | null) {
    super(message)
    this.name = 'SddlError'
    this.offset = offset
  }
}
