import type { Container } from './paths.js'
import { allContainers } from './paths.js'
import { groupTypeOf, guidKey, hasBizRule, type Application, type ApplicationGroup, type PolicyStore, type RoleAssignment } from './policy.js'
import type { LinkResolver } from './resolve.js'

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

/** Whether `sid` belongs to a group for certain: Basic groups only, members minus non-members, nested. */
function inGroup(resolver: LinkResolver, container: Container | undefined, group: ApplicationGroup, sid: string, seen: Set<ApplicationGroup>): boolean {
  if (seen.has(group) || groupTypeOf(group) !== 'Basic') return false
  seen.add(group)
  const member = (links: readonly string[]): boolean =>
    links.some((l) => {
      const r = resolver.group(container, l)
      return r.status === 'found' && inGroup(resolver, container, r.target, sid, new Set(seen))
    })
  if (group.nonMembers.includes(sid) || member(group.appNonMemberLinks)) return false
  return group.members.includes(sid) || member(group.appMemberLinks)
}

/** Whether `sid` holds a role assignment for certain: as a member, or through Basic groups. */
export function holdsCertainly(resolver: LinkResolver, container: Container, ra: RoleAssignment, sid: string): boolean {
  if (ra.members.includes(sid)) return true
  return ra.appMemberLinks.some((l) => {
    const r = resolver.group(container, l)
    return r.status === 'found' && inGroup(resolver, container, r.target, sid, new Set())
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
