import type { Container } from './paths.js'
import { allContainers } from './paths.js'
import { groupTypeOf, guidKey, hasBizRule, type Application, type ApplicationGroup, type PolicyStore, type RoleAssignment } from './policy.js'
import type { LinkResolver } from './resolve.js'
import { canonicalSid } from './sid.js'

/**
 * What a role assignment grants for certain: operations reached through
 * operation and task links with no business rule on the way. Conditional
 * grants (BizRule tasks, LDAP-query and BizRule groups) are left out, so the
 * answer never overstates access. Cycles are cut.
 */
export function certainOperations(resolver: LinkResolver, container: Container, ra: RoleAssignment): Set<string> {
  const out = new Set<string>()
  for (const g of ra.operationLinks) {
    const r = resolver.operation(container, g)
    if (r.status === 'found') out.add(guidKey(r.target.guid))
  }
  const seen = new Set<string>()
  const stack = [...ra.taskLinks]
  while (stack.length > 0) {
    const link = stack.pop() ?? ''
    const r = resolver.task(container, link)
    if (r.status !== 'found' || seen.has(guidKey(r.target.guid)) || hasBizRule(r.target)) continue
    seen.add(guidKey(r.target.guid))
    for (const g of r.target.operationLinks) {
      const op = resolver.operation(container, g)
      if (op.status === 'found') out.add(guidKey(op.target.guid))
    }
    stack.push(...r.target.taskLinks)
  }
  return out
}

/** Membership as far as it can be known offline. */
type Membership = 'yes' | 'no' | 'maybe'

/**
 * The container a found group's own links resolve from: undefined for a
 * store-level group, the application level for an application group, the
 * linking scope for a scope group (only that scope sees it).
 */
function containerOfGroup(from: Container | undefined, application: Application | undefined, scope: string | undefined): Container | undefined {
  if (application === undefined) return undefined
  if (scope !== undefined && from !== undefined) return from
  return { application, scope: undefined, path: [{ kind: 'application', name: application.name }], ...application }
}

/**
 * Whether `sid` belongs to a group: `yes` only when certain (Basic groups,
 * members minus non-members, nested). LdapQuery and BizRule groups, loops
 * and unresolvable links give `maybe`. Any non-member group the SID may be
 * in makes membership `maybe`: non-membership beats membership, so a
 * possible exclusion is never ignored.
 */
/** Whether a member or non-member list names `sid` (canonical), however it spells it. */
function lists(sids: readonly string[], sid: string): boolean {
  return sids.some((s) => canonicalSid(s) === sid)
}

/** `sid`: canonical (model/sid.ts). */
function membership(resolver: LinkResolver, container: Container | undefined, group: ApplicationGroup, sid: string, seen: ReadonlySet<ApplicationGroup>): Membership {
  if (seen.has(group) || groupTypeOf(group) !== 'Basic') return 'maybe'
  const inner = new Set(seen).add(group)
  const through = (links: readonly string[]): Membership => {
    let result: Membership = 'no'
    for (const l of links) {
      const r = resolver.group(container, l)
      const m = r.status === 'found' ? membership(resolver, containerOfGroup(container, r.application, r.scope), r.target, sid, inner) : 'maybe'
      if (m === 'yes') return 'yes'
      if (m === 'maybe') result = 'maybe'
    }
    return result
  }
  const excluded: Membership = lists(group.nonMembers, sid) ? 'yes' : through(group.appNonMemberLinks)
  if (excluded === 'yes') return 'no'
  const included: Membership = lists(group.members, sid) ? 'yes' : through(group.appMemberLinks)
  if (included === 'no') return 'no'
  return excluded === 'maybe' ? 'maybe' : included
}

/** Whether `sid` holds a role assignment for certain: as a member, or through Basic groups. */
export function holdsCertainly(resolver: LinkResolver, container: Container, ra: RoleAssignment, written: string): boolean {
  const sid = canonicalSid(written)
  if (lists(ra.members, sid)) return true
  return ra.appMemberLinks.some((l) => {
    const r = resolver.group(container, l)
    return r.status === 'found' && membership(resolver, containerOfGroup(container, r.application, r.scope), r.target, sid, new Set()) === 'yes'
  })
}

/** Operations `sid` holds for certain at the application level (so in every scope). */
export function applicationLevelOperations(resolver: LinkResolver, store: PolicyStore, app: Application, sid: string): Set<string> {
  const out = new Set<string>()
  const [appLevel] = allContainers({ ...store, applications: [app] })
  if (!appLevel) return out
  for (const ra of app.roleAssignments) {
    if (holdsCertainly(resolver, appLevel, ra, sid)) for (const op of certainOperations(resolver, appLevel, ra)) out.add(op)
  }
  return out
}
