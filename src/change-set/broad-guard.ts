import { InvalidChangeError } from '../errors/change-errors.js'
import { broadPrincipal } from '../model/broad-principals.js'
import { guidKey, type ApplicationGroup, type PolicyStore, type RoleAssignment } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { canonicalSid, describeSid } from '../model/sid.js'
import type { Steps } from '../model/steps.js'

/** An object that grants what it holds to its member SIDs: a role assignment, or an application group (its members get what the group holds). */
interface Holder {
  readonly kind: 'role assignment' | 'application group'
  readonly where: string
  readonly object: RoleAssignment | ApplicationGroup
}

/** Every role assignment and application group of a store, with where it lives; a step per application. */
function* holdersOf(store: PolicyStore): Steps<Holder[]> {
  const out: Holder[] = store.groups.map((g) => ({ kind: 'application group' as const, where: 'the store', object: g }))
  for (const app of store.applications) {
    const at = `application ${quote(app.name)}`
    for (const g of app.groups) out.push({ kind: 'application group', where: at, object: g })
    for (const ra of app.roleAssignments) out.push({ kind: 'role assignment', where: at, object: ra })
    for (const scope of app.scopes) {
      const inScope = `scope ${quote(scope.name)} of ${at}`
      for (const g of scope.groups) out.push({ kind: 'application group', where: inScope, object: g })
      for (const ra of scope.roleAssignments) out.push({ kind: 'role assignment', where: inScope, object: ra })
    }
    yield
  }
  return out
}

/** `Everyone (S-1-1-0) as a member of role assignment "Lab" in ...: every user, including guests` for each broad SID a holder gained. */
function gained(holder: Holder, before: ReadonlySet<string>): string[] {
  const lines: string[] = []
  for (const sid of holder.object.members) {
    const broad = broadPrincipal(sid)
    if (broad === undefined || before.has(canonicalSid(sid))) continue
    lines.push(`${describeSid(canonicalSid(sid))} as a member of ${holder.kind} ${quote(holder.object.name)} in ${holder.where} (${broad})`)
  }
  return lines
}

/**
 * Refuses a change that grants something to a broad principal
 * (`model/broad-principals.ts`: Everyone, Authenticated Users, Domain Users,
 * Users, Guests, ANONYMOUS LOGON, Domain Computers ...): one that makes such a
 * SID a new member of a role assignment or of an application group, by any
 * change type and any face (CLI, REST, change sets, templates), unless
 * `allowBroad` (`--allow-broad`, `?allowBroad=true`) is given; then the
 * refusal becomes a warning. A member that was there before is not asked about
 * again, and a non-member only narrows. Returns the warnings to show.
 */
export function* guardBroadSteps(before: PolicyStore, after: PolicyStore, allowBroad: boolean): Steps<string[]> {
  const earlier = new Map<string, ReadonlySet<string>>()
  for (const h of yield* holdersOf(before)) earlier.set(guidKey(h.object.guid), new Set(h.object.members.map(canonicalSid)))
  const granted: string[] = []
  for (const h of yield* holdersOf(after)) granted.push(...gained(h, earlier.get(guidKey(h.object.guid)) ?? new Set()))
  if (granted.length === 0) return []
  const shown = granted.slice(0, 5).join('; ') + (granted.length > 5 ? `; and ${granted.length - 5} more` : '')
  const message = `this change grants to a broad principal, which hands the role to people no one chose: ${shown}`
  if (!allowBroad) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_BROAD_PRINCIPAL', `${message}; grant it to a specific group instead, or pass --allow-broad (REST: ?allowBroad=true) if this is intended`)
  }
  return [`${message} (allowed with --allow-broad)`]
}
