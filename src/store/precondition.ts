import { ConflictError } from '../errors/change-errors.js'

/** The version a write expects the store at, or several (any of them will do, as in an HTTP `If-Match` list). */
export type ExpectedVersion = string | readonly string[]

/** Whether the store's version is one of those expected (always, when none is). */
export function versionMatches(current: string, expected: ExpectedVersion | undefined): boolean {
  if (expected === undefined) return true
  return typeof expected === 'string' ? expected === current : expected.includes(current)
}

/**
 * Refuses a write unless the store is at the version the caller expects (an
 * HTTP `If-Match`, or any other optimistic precondition), or at one of the
 * versions of a list. Call it holding the store's lock, with the version read
 * under it, so that the check and the write are one step.
 *
 * @throws ConflictError `AZMAN_ERR_CONFLICT_PRECONDITION` (exit 5; HTTP 412).
 */
export function assertVersion(store: string, current: string, expected: ExpectedVersion | undefined): void {
  if (versionMatches(current, expected)) return
  const named = typeof expected === 'string' ? expected : (expected ?? []).join(' or ')
  throw new ConflictError('AZMAN_ERR_CONFLICT_PRECONDITION', `${store} is at version ${current}, not ${named === '' ? 'an expected one' : named} as expected; read it again and retry`)
}
