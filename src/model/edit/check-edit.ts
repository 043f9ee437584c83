import { InvalidChangeError } from '../../errors/change-errors.js'
import type { Finding } from '../integrity/finding.js'
import { validateStore } from '../integrity/validate.js'
import { formatPath } from '../paths.js'
import type { PolicyStore } from '../policy.js'
import type { PolicyEdit } from './policy-edit.js'
import { quote } from '../quote.js'

const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function key(f: Finding): string {
  return `${f.code}\u0000${f.guid ?? ''}\u0000${formatPath(f.path)}\u0000${f.message}`
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
  for (const edit of edits) {
    if (edit.type === 'create' && !CANONICAL_GUID.test(edit.object.guid)) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_GUID', `the new ${edit.kind} ${quote(edit.object.name)} has the GUID "${edit.object.guid}"; new GUIDs are lowercase, without braces`)
    }
  }
  const existing = new Set(validateStore(before).map(key))
  const introduced = validateStore(after).filter((f) => f.severity === 'error' && !existing.has(key(f)))
  const first = introduced[0]
  if (first) {
    const more = introduced.length > 1 ? ` (and ${introduced.length - 1} more)` : ''
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', `the change would break the store: ${first.code} ${formatPath(first.path)}: ${first.message}${more}`)
  }
}
