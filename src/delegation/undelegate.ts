import { InvalidChangeError } from '../errors/change-errors.js'
import { findPlace, findVisibleGroup } from '../change-set/locate.js'
import { accountSid, checkedSid } from '../change-set/principals.js'
import type { Change, ChangeSet, PrincipalRef } from '../change-set/change.js'
import { guidKey, type PolicyStore } from '../model/policy.js'
import { canonicalSid } from '../model/sid.js'

export interface UndelegateOptions {
  readonly app: string
  /** The scope to remove the delegation from; absent for the application level. */
  readonly scope?: string
  readonly principals: readonly PrincipalRef[]
}

/**
 * Removes principals' delegation in one place cleanly: takes them out of
 * every role assignment there that names them, and deletes a role assignment
 * left with no members at all. Role definitions stay (others may use them).
 * Removing the administrators' last full access is still refused by the plan.
 */
export function undelegate(policy: PolicyStore, options: UndelegateOptions): ChangeSet {
  if (options.principals.length === 0) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DELEGATION', 'name at least one principal (--sid, --account or --group)')
  const place = findPlace(policy, options.app, options.scope)
  const sids = new Set<string>()
  const groups = new Set<string>()
  for (const p of options.principals) {
    if ('sid' in p) sids.add(checkedSid(p.sid))
    else if ('account' in p) sids.add(accountSid(p.account))
    else groups.add(guidKey(findVisibleGroup(policy, place, p.group).guid))
  }
  const inScope = options.scope === undefined ? {} : { scope: options.scope }
  const changes: Change[] = []
  for (const ra of place.roleAssignments) {
    const named = ra.members.some((m) => sids.has(canonicalSid(m))) || ra.appMemberLinks.some((l) => groups.has(guidKey(l)))
    if (!named) continue
    changes.push({ type: 'remove-role-assignment-members', app: place.app.name, ...inScope, roleAssignment: ra.name, members: options.principals })
    const left = ra.members.filter((m) => !sids.has(canonicalSid(m))).length + ra.appMemberLinks.filter((l) => !groups.has(guidKey(l))).length
    if (left === 0) changes.push({ type: 'delete-role-assignment', app: place.app.name, ...inScope, name: ra.name })
  }
  return { changes }
}
