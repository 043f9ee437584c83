import { InvalidChangeError } from '../errors/change-errors.js'

/**
 * The most changes one change set may hold (`azman plan`, `azman apply`,
 * `POST /stores/{store}/plan` and `POST /stores/{store}/changes`, and every
 * change set a command or template builds). A larger set is refused with
 * `AZMAN_ERR_CHANGE_SET_TOO_LARGE` (exit code 4, HTTP 413) before any of it
 * is read or planned.
 *
 * Why 5,000: planning is linear in the number of changes and the store's
 * size, and the largest set plans in well under a second on a small store
 * while the service keeps answering other requests; its plan (a result and
 * an edit per change) is a few megabytes of JSON. The 1 MB default body
 * limit alone would let through about 14,500 of the smallest changes.
 * Real change sets (templates, delegations, migrations of one application)
 * hold tens to hundreds of changes; a bulk import larger than this is split
 * into several sets (each applied on its own, under its own lock).
 */
export const MAX_CHANGES = 5000

/** Refuses a change set of `count` changes when it is over {@link MAX_CHANGES}: `AZMAN_ERR_CHANGE_SET_TOO_LARGE`. */
export function assertChangeCount(count: number, what = 'a change set'): void {
  if (count > MAX_CHANGES) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_SET_TOO_LARGE', `${what} holds ${count} changes; at most ${MAX_CHANGES} are planned or applied at once: split it into several change sets`)
  }
}
