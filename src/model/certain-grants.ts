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
    // One push per link: spreading a list of any length into push() can overflow the stack.
    for (const g of r.target.taskLinks) stack.push(g)
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

/** Whether a member or non-member list names `sid` (canonical), however it spells it. */
function lists(sids: readonly string[], sid: string): boolean {
  return sids.some((s) => canonicalSid(s) === sid)
}

/** One member or non-member link of a group: the group it reaches, or undefined when it resolves to none. */
interface GroupLink {
  readonly nonMember: boolean
  readonly target: { readonly group: ApplicationGroup; readonly container: Container | undefined } | undefined
}

/** A group being evaluated: its links, and the answers of those already followed (in link order). */
interface Frame {
  readonly group: ApplicationGroup
  readonly links: readonly GroupLink[]
  next: number
  readonly answers: Membership[]
}

/**
 * Whether one SID belongs to groups: `yes` only when certain (Basic groups,
 * members minus non-members, nested). LdapQuery and BizRule groups, loops
 * and unresolvable links give `maybe`. Any non-member group the SID may be
 * in makes membership `maybe`: non-membership beats membership, so a
 * possible exclusion is never ignored.
 *
 * Iterative (an explicit stack, so a chain of any length read from disk is
 * walked without recursion) and memoised by group (a group's own links resolve
 * from its own level, so its answer does not depend on who links it). A link
 * back to a group still being evaluated (a loop, which AzMan refuses) counts
 * as `maybe`.
 */
class CertainMembership {
  private readonly memo = new Map<ApplicationGroup, Membership>()

  /** `sid`: canonical (model/sid.ts). */
  constructor(
    private readonly resolver: LinkResolver,
    readonly sid: string,
  ) {}

  of(container: Container | undefined, root: ApplicationGroup): Membership {
    const known = this.memo.get(root)
    if (known !== undefined) return known
    if (groupTypeOf(root) !== 'Basic') return 'maybe'
    const open = new Set<ApplicationGroup>([root])
    const stack: Frame[] = [this.frame(container, root)]
    let answer: Membership = 'maybe'
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame
      const link = frame.links[frame.next++]
      if (link !== undefined) {
        const target = link.target
        const memo = target === undefined ? undefined : this.memo.get(target.group)
        if (target === undefined || memo !== undefined || open.has(target.group) || groupTypeOf(target.group) !== 'Basic') {
          frame.answers.push(memo ?? 'maybe')
        } else {
          open.add(target.group)
          stack.push(this.frame(target.container, target.group))
        }
        continue
      }
      answer = this.combine(frame)
      this.memo.set(frame.group, answer)
      open.delete(frame.group)
      stack.pop()
      stack[stack.length - 1]?.answers.push(answer)
    }
    return answer
  }

  private frame(container: Container | undefined, group: ApplicationGroup): Frame {
    const links: GroupLink[] = []
    const add = (guids: readonly string[], nonMember: boolean): void => {
      for (const l of guids) {
        const r = this.resolver.group(container, l)
        links.push({ nonMember, target: r.status === 'found' ? { group: r.target, container: containerOfGroup(container, r.application, r.scope) } : undefined })
      }
    }
    add(group.appNonMemberLinks, true)
    add(group.appMemberLinks, false)
    return { group, links, next: 0, answers: [] }
  }

  /** `(member SID or member group) and not (non-member SID or non-member group)`, in three values. */
  private combine(frame: Frame): Membership {
    const through = (nonMember: boolean): Membership => {
      let result: Membership = 'no'
      frame.links.forEach((link, i) => {
        if (link.nonMember !== nonMember || result === 'yes') return
        const a = frame.answers[i] ?? 'maybe'
        if (a !== 'no') result = a
      })
      return result
    }
    const excluded: Membership = lists(frame.group.nonMembers, this.sid) ? 'yes' : through(true)
    if (excluded === 'yes') return 'no'
    const included: Membership = lists(frame.group.members, this.sid) ? 'yes' : through(false)
    if (included === 'no') return 'no'
    return excluded === 'maybe' ? 'maybe' : included
  }
}

/** Whether `sid` holds a role assignment for certain: as a member, or through Basic groups. */
export function holdsCertainly(resolver: LinkResolver, container: Container, ra: RoleAssignment, written: string): boolean {
  return holds(new CertainMembership(resolver, canonicalSid(written)), resolver, container, ra)
}

function holds(groups: CertainMembership, resolver: LinkResolver, container: Container, ra: RoleAssignment): boolean {
  if (lists(ra.members, groups.sid)) return true
  return ra.appMemberLinks.some((l) => {
    const r = resolver.group(container, l)
    return r.status === 'found' && groups.of(containerOfGroup(container, r.application, r.scope), r.target) === 'yes'
  })
}

/** Operations `sid` holds for certain at the application level (so in every scope). */
export function applicationLevelOperations(resolver: LinkResolver, store: PolicyStore, app: Application, sid: string): Set<string> {
  const out = new Set<string>()
  const [appLevel] = allContainers({ ...store, applications: [app] })
  if (!appLevel) return out
  const groups = new CertainMembership(resolver, canonicalSid(sid))
  for (const ra of app.roleAssignments) {
    if (holds(groups, resolver, appLevel, ra)) for (const op of certainOperations(resolver, appLevel, ra)) out.add(op)
  }
  return out
}
