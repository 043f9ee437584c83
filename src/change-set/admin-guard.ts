import { InvalidChangeError } from '../errors/change-errors.js'
import { applicationLevelOperations } from '../model/certain-grants.js'
import { guidKey, type Application, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { LinkResolver } from '../model/resolve.js'
import { finish, type Steps } from '../model/steps.js'

/** BUILTIN\Administrators: Hyper-V's default holder of every operation. */
export const BUILTIN_ADMINISTRATORS = 'S-1-5-32-544'

/** Per application (by GUID key): the operations BUILTIN\\Administrators holds at application level, by GUID key; a step per application. */
function* heldByAdministrators(store: PolicyStore): Steps<Map<string, Set<string>>> {
  const resolver = new LinkResolver(store)
  yield
  const out = new Map<string, Set<string>>()
  for (const app of store.applications) {
    out.set(guidKey(app.guid), applicationLevelOperations(resolver, store, app, BUILTIN_ADMINISTRATORS))
    yield
  }
  return out
}

/** The operations of `later` that BUILTIN\\Administrators held in `app` and no longer holds, as `ID "name"` (at most five, then a count). */
function lostOperations(app: Application, later: Application, held: ReadonlySet<string>, still: ReadonlySet<string>): string | undefined {
  const gone = later.operations.filter((o) => held.has(guidKey(o.guid)) && !still.has(guidKey(o.guid)))
  if (gone.length === 0) return undefined
  const shown = gone.slice(0, 5).map((o) => `${o.operationId} ${quote(o.name)}`)
  return `${quote(app.name)} (${shown.join(', ')}${gone.length > 5 ? `, and ${gone.length - 5} more` : ''})`
}

/** {@link guardAdministrators} in steps (see `model/steps.ts`). */
export function* guardAdministratorSteps(before: PolicyStore, after: PolicyStore, force: boolean): Steps<string[]> {
  const heldBefore = yield* heldByAdministrators(before)
  const heldAfter = yield* heldByAdministrators(after)
  const later = new Map(after.applications.map((a) => [guidKey(a.guid), a]))
  const lost: string[] = []
  for (const app of before.applications) {
    const key = guidKey(app.guid)
    const held = heldBefore.get(key) ?? new Set<string>()
    const next = later.get(key)
    if (next === undefined || app.operations.length === 0 || !app.operations.every((o) => held.has(guidKey(o.guid)))) continue
    const line = lostOperations(app, next, held, heldAfter.get(key) ?? new Set<string>())
    if (line !== undefined) lost.push(line)
  }
  if (lost.length === 0) return []
  const message = `after this change BUILTIN\\Administrators (S-1-5-32-544) no longer holds operations it holds now in application ${lost.join('; ')}: local administrators would be locked out`
  if (!force) throw new InvalidChangeError('AZMAN_ERR_CHANGE_ADMIN_LOCKOUT', `${message}; pass --force if this is intended`)
  return [`${message} (forced)`]
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
  return finish(guardAdministratorSteps(before, after, force))
}
