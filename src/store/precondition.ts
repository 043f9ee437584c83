import { ConflictError } from '../errors/change-errors.js'

/**
 * Refuses a write unless the store is at the version the caller expects (an
 * HTTP `If-Match`, or any other optimistic precondition). Call it holding the
 * store's lock, with the version read under it, so that the check and the
 * write are one step.
 *
 * @throws ConflictError `AZMAN_ERR_CONFLICT_PRECONDITION` (exit 5; HTTP 412).
 */
export function assertVersion(store: string, current: string, expected: string | undefined): void {
  if (expected === undefined || expected === current) return
  throw new ConflictError('AZMAN_ERR_CONFLICT_PRECONDITION', `${store} is at version ${current}, not ${expected} as expected; read it again and retry`)
}
