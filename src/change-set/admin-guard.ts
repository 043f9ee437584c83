import { InvalidChangeError } from '../errors/change-errors.js'
import { applicationLevelOperations } from '../model/certain-grants.js'
import { guidKey, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { LinkResolver } from '../model/resolve.js'
import { finish, type Steps } from '../model/steps.js'

/** BUILTIN\Administrators: Hyper-V's default holder of every operation. */
export const BUILTIN_ADMINISTRATORS = 'S-1-5-32-544'

/** The applications (by GUID key) of which BUILTIN\Administrators holds every operation at application level; a step per application. */
function* holdsEverything(store: PolicyStore): Steps<Set<string>> {
  const resolver = new LinkResolver(store)
  yield
  const apps = new Set<string>()
  for (const app of store.applications) {
    const held = applicationLevelOperations(resolver, store, app, BUILTIN_ADMINISTRATORS)
    if (app.operations.length > 0 && app.operations.every((o) => held.has(guidKey(o.guid)))) apps.add(guidKey(app.guid))
    yield
  }
  return apps
}

/** {@link guardAdministrators} in steps (see `model/steps.ts`). */
export function* guardAdministratorSteps(before: PolicyStore, after: PolicyStore, force: boolean): Steps<string[]> {
  const held = yield* holdsEverything(before)
  if (held.size === 0) return []
  const still = yield* holdsEverything(after)
  const lost = [...held].filter((app) => !still.has(app))
  const names = lost.map((key) => quote(before.applications.find((a) => guidKey(a.guid) === key)?.name ?? key))
  if (names.length === 0) return []
  const message = `after this change BUILTIN\\Administrators (S-1-5-32-544) no longer holds every operation of application ${names.join(', ')}: local administrators would be locked out`
  if (!force) throw new InvalidChangeError('AZMAN_ERR_CHANGE_ADMIN_LOCKOUT', `${message}; pass --force if this is intended`)
  return [`${message} (forced)`]
}

/**
 * Refuses a change that removes the last path by which BUILTIN\Administrators
 * holds every operation of an application at application level (the local
 * administrators would be locked out of Hyper-V), unless forced. Returns the
 * warning to show when forced.
 */
export function guardAdministrators(before: PolicyStore, after: PolicyStore, force: boolean): string[] {
  return finish(guardAdministratorSteps(before, after, force))
}
