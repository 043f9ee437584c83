import { InvalidChangeError } from '../../errors/change-errors.js'
import type { Finding } from '../integrity/finding.js'
import { validateSteps } from '../integrity/validate.js'
import { formatPath } from '../paths.js'
import type { PolicyStore } from '../policy.js'
import type { PolicyEdit } from './policy-edit.js'
import { quote } from '../quote.js'
import { finish, finishCooperatively, type Steps } from '../steps.js'

const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function key(f: Finding): string {
  return `${f.code}\u0000${f.guid ?? ''}\u0000${formatPath(f.path)}\u0000${f.message}`
}

/**
 * The findings of stores edits start from, by store: a store read once (the
 * REST service keeps its snapshot) is checked once, however many plans are
 * made on it. The model is immutable, so a store's findings never change.
 */
const findingsOf = new WeakMap<PolicyStore, ReadonlySet<string>>()

function* existingFindings(before: PolicyStore): Steps<ReadonlySet<string>> {
  let keys = findingsOf.get(before)
  if (keys === undefined) {
    keys = new Set((yield* validateSteps(before)).map(key))
    findingsOf.set(before, keys)
  }
  return keys
}

/** {@link assertSafeEdit} in steps (see `model/steps.ts`). */
export function* safeEditSteps(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): Steps<void> {
  for (const edit of edits) {
    if (edit.type === 'create' && !CANONICAL_GUID.test(edit.object.guid)) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_GUID', `the new ${edit.kind} ${quote(edit.object.name)} has the GUID "${edit.object.guid}"; new GUIDs are lowercase, without braces`)
    }
  }
  const existing = yield* existingFindings(before)
  const introduced = (yield* validateSteps(after)).filter((f) => f.severity === 'error' && !existing.has(key(f)))
  const first = introduced[0]
  if (first) {
    const more = introduced.length > 1 ? ` (and ${introduced.length - 1} more)` : ''
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', `the change would break the store: ${first.code} ${formatPath(first.path)}: ${first.message}${more}`)
  }
}

/**
 * Refuses a write that would make the store worse: an edit may not introduce
 * an integrity error the store did not already have (a dangling link, a
 * duplicate or badly formed name, a malformed SID, a cycle, a v2-only group
 * in a v1 store...), and new objects get canonical GUIDs (lowercase, no
 * braces). Problems the store already had are left alone: they are reported
 * by `validate`, not blocking unrelated edits.
 */
export function assertSafeEdit(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): void {
  finish(safeEditSteps(before, after, edits))
}

/** {@link assertSafeEdit}, letting the event loop run other work every few milliseconds (for long-running processes). */
export async function assertSafeEditCooperatively(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): Promise<void> {
  await finishCooperatively(safeEditSteps(before, after, edits))
}
