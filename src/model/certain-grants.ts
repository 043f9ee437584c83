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
  addCertainOperations(resolver, container, ra, out, new Set())
  return out
}

/** Adds what `ra` grants for certain to `out`; tasks in `seen` (by GUID key) were walked already and are not walked again. */
function addCertainOperations(resolver: LinkResolver, container: Container, ra: RoleAssignment, out: Set<string>, seen: Set<string>): void {
  for (const g of ra.operationLinks) {
    const r = resolver.operation(container, g)
    if (r.status === 'found') out.add(guidKey(r.target.guid))
  }
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

/** Whether a member or non-member list names `sid` (canonical), however it spells it. */
function lists(sids: readonly string[], sid: string): boolean {
  return sids.some((s) => canonicalSid(s) === sid)
}

/**
 * One membership question (one SID): the groups on the path being walked (a
 * group met again is a loop: `maybe`), and the answers already known for
 * groups whose answer does not depend on the path (so each group is walked
 * once, however many paths lead to it).
 */
interface MembershipWalk {
  /** Canonical (model/sid.ts). */
  readonly sid: string
  readonly path: Set<ApplicationGroup>
  readonly known: Map<ApplicationGroup, Membership>
}

function membershipWalk(written: string): MembershipWalk {
  return { sid: canonicalSid(written), path: new Set(), known: new Map() }
}

/**
 * Whether `sid` belongs to a group: `yes` only when certain (Basic groups,
 * members minus non-members, nested). LdapQuery and BizRule groups, loops
 * and unresolvable links give `maybe`. Any non-member group the SID may be
 * in makes membership `maybe`: non-membership beats membership, so a
 * possible exclusion is never ignored.
 *
 * Returns the membership, and whether it depends on the path walked (it met a loop).
 */
function membership(resolver: LinkResolver, container: Container | undefined, group: ApplicationGroup, walk: MembershipWalk): [Membership, boolean] {
  const known = walk.known.get(group)
  if (known !== undefined) return [known, false]
  if (walk.path.has(group)) return ['maybe', true]
  if (groupTypeOf(group) !== 'Basic') return ['maybe', false]
  walk.path.add(group)
  let dependent = false
  const through = (links: readonly string[]): Membership => {
    let result: Membership = 'no'
    for (const l of links) {
      const r = resolver.group(container, l)
      let m: Membership = 'maybe'
      if (r.status === 'found') {
        const [inner, loop] = membership(resolver, containerOfGroup(container, r.application, r.scope), r.target, walk)
        m = inner
        dependent ||= loop
      }
      if (m === 'yes') return 'yes'
      if (m === 'maybe') result = 'maybe'
    }
    return result
  }
  const excluded: Membership = lists(group.nonMembers, walk.sid) ? 'yes' : through(group.appNonMemberLinks)
  let answer: Membership
  if (excluded === 'yes') answer = 'no'
  else {
    const included: Membership = lists(group.members, walk.sid) ? 'yes' : through(group.appMemberLinks)
    answer = included === 'no' ? 'no' : excluded === 'maybe' ? 'maybe' : included
  }
  walk.path.delete(group)
  if (!dependent) walk.known.set(group, answer)
  return [answer, dependent]
}

function holds(resolver: LinkResolver, container: Container, ra: RoleAssignment, walk: MembershipWalk): boolean {
  if (lists(ra.members, walk.sid)) return true
  return ra.appMemberLinks.some((l) => {
    const r = resolver.group(container, l)
    return r.status === 'found' && membership(resolver, containerOfGroup(container, r.application, r.scope), r.target, walk)[0] === 'yes'
  })
}

/** Whether `sid` holds a role assignment for certain: as a member, or through Basic groups. */
export function holdsCertainly(resolver: LinkResolver, container: Container, ra: RoleAssignment, written: string): boolean {
  return holds(resolver, container, ra, membershipWalk(written))
}

/**
 * Operations `sid` holds for certain at the application level (so in every
 * scope). Each group and task is walked once, whatever the number of role
 * assignments and paths that reach it: time linear in the application's size.
 */
export function applicationLevelOperations(resolver: LinkResolver, store: PolicyStore, app: Application, sid: string): Set<string> {
  const out = new Set<string>()
  const [appLevel] = allContainers({ ...store, applications: [app] })
  if (!appLevel) return out
  const walk = membershipWalk(sid)
  const walked = new Set<string>()
  for (const ra of app.roleAssignments) {
    if (holds(resolver, appLevel, ra, walk)) addCertainOperations(resolver, appLevel, ra, out, walked)
  }
  return out
}
