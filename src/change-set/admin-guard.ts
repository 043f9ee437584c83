import { InvalidChangeError } from '../errors/change-errors.js'
import { applicationLevelOperations } from '../model/certain-grants.js'
import { guidKey, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { LinkResolver } from '../model/resolve.js'

/** BUILTIN\Administrators: Hyper-V's default holder of every operation. */
export const BUILTIN_ADMINISTRATORS = 'S-1-5-32-544'

/** Per application (by GUID key): the operations BUILTIN\\Administrators holds at application level, by GUID key. */
function heldByAdministrators(store: PolicyStore): Map<string, Set<string>> {
  const resolver = new LinkResolver(store)
  const out = new Map<string, Set<string>>()
  for (const app of store.applications) out.set(guidKey(app.guid), applicationLevelOperations(resolver, store, app, BUILTIN_ADMINISTRATORS))
  return out
}

/**
 * Refuses a change after which BUILTIN\\Administrators no longer holds, at
 * application level, an operation it held before, in an application where it
 * held every operation (Hyper-V's default: the local administrators would be
 * locked out of Hyper-V), unless forced. What did not exist before (a new
 * operation) is not asked of it, and an operation deleted is not a lockout.
 * Returns the warning to show when forced.
 */
export function guardAdministrators(before: PolicyStore, after: PolicyStore, force: boolean): string[] {
  const heldBefore = heldByAdministrators(before)
  const heldAfter = heldByAdministrators(after)
  const lost: string[] = []
  for (const app of before.applications) {
    const key = guidKey(app.guid)
    const held = heldBefore.get(key) ?? new Set<string>()
    if (app.operations.length === 0 || !app.operations.every((o) => held.has(guidKey(o.guid)))) continue
    const later = after.applications.find((a) => guidKey(a.guid) === key)
    if (later === undefined) continue
    const still = heldAfter.get(key) ?? new Set<string>()
    const gone = later.operations.filter((o) => held.has(guidKey(o.guid)) && !still.has(guidKey(o.guid)))
    if (gone.length > 0)
      lost.push(
        `${quote(app.name)} (${gone
          .slice(0, 5)
          .map((o) => `${o.operationId} ${quote(o.name)}`)
          .join(', ')}${gone.length > 5 ? `, and ${gone.length - 5} more` : ''})`,
      )
  }
  if (lost.length === 0) return []
  const message = `after this change BUILTIN\\Administrators (S-1-5-32-544) no longer holds operations it holds now in application ${lost.join('; ')}: local administrators would be locked out`
  if (!force) throw new InvalidChangeError('AZMAN_ERR_CHANGE_ADMIN_LOCKOUT', `${message}; pass --force if this is intended`)
  return [`${message} (forced)`]
}
