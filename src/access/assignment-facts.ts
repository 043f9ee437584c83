import { makeToken, roleAssignmentGrants, type AccessIndex, type Condition } from './index.js'
import { canonicalSid } from '../model/sid.js'
import { MemberWalker } from './explain/member-routes.js'
import type { Container } from '../model/paths.js'
import { groupTypeOf, type ApplicationGroup, type Operation, type RoleAssignment } from '../model/policy.js'

/** A SID that holds a role assignment on its own, and the application groups it comes through (outermost first). */
export interface HeldBy {
  readonly sid: string
  readonly via: readonly string[]
  /** conditional: a non-member entry on the way is decided at run time. */
  readonly certainty: 'certain' | 'conditional'
}

/** A group whose membership is decided at run time (LDAP query, BizRule, or a type AzMan does not define). */
export interface RunTimeGroup {
  readonly name: string
  readonly type: 'LdapQuery' | 'Bizrule' | 'unknown'
  /** The LDAP filter of an LDAP-query group. */
  readonly query: string | null
  /** true: it is a non-member somewhere on the way, so it may take holders away rather than add them. */
  readonly nonMember: boolean
}

/** A member or non-member link that cannot be followed. */
export interface BrokenMemberLink {
  readonly guid: string
  /** What is wrong, in words. */
  readonly problem: string
  /** The group that has the link, or null for the role assignment itself. */
  readonly from: string | null
  /** A non-member link (AppNonMemberLink) rather than a member link. */
  readonly nonMember: boolean
  /** The link closes a loop of groups: it is not ignored but unknown (taken as conditional). */
  readonly loop: boolean
}

/** What one role assignment grants and who holds it: the facts the audit and the lint are computed from. */
export interface AssignmentFacts {
  /** Operations granted through a path with no business rule. */
  readonly certain: ReadonlySet<Operation>
  /** Operations granted only through business rules, with the names of the BizRule tasks on the way. */
  readonly conditional: ReadonlyMap<Operation, readonly string[]>
  readonly holders: readonly HeldBy[]
  readonly runTime: readonly RunTimeGroup[]
  readonly broken: readonly BrokenMemberLink[]
}

const REASON: Readonly<Record<string, string>> = {
  missing: 'points at no group in the store',
  'wrong-kind': 'points at an object that is not a group',
  'not-visible': 'points at a group out of reach from there',
  loop: 'closes a loop of groups, which AzMan refuses (the store is corrupt); membership through it is unknown, so it is taken as conditional',
}

function runTimeGroup(condition: Condition, nonMember: boolean): RunTimeGroup | undefined {
  switch (condition.type) {
    case 'ldap-query-group':
      return { name: condition.group.name, type: 'LdapQuery', query: condition.query, nonMember }
    case 'bizrule-group':
      return { name: condition.group.name, type: 'Bizrule', query: null, nonMember }
    case 'unknown-group-type':
      return { name: condition.group.name, type: 'unknown', query: null, nonMember }
    default:
      return undefined
  }
}

/**
 * For each SID a role assignment lists, directly or in its basic groups, the
 * shortest chain of groups it is listed through (outermost first; empty for a
 * direct member), skipping chains in which a group names it as a non-member.
 * Display only: whether the SID holds the assignment is the evaluator's answer.
 */
function memberChains(index: AccessIndex, ra: RoleAssignment, container: Container): Map<string, readonly string[]> {
  const chains = new Map<string, readonly string[]>()
  for (const sid of ra.members) if (!chains.has(canonicalSid(sid))) chains.set(canonicalSid(sid), [])
  const queue: { group: ApplicationGroup; path: readonly ApplicationGroup[] }[] = []
  for (const guid of ra.appMemberLinks) {
    const r = index.context.resolver.group(container, guid)
    if (r.status === 'found' && index.context.knowsGroup(r.target)) queue.push({ group: r.target, path: [r.target] })
  }
  const seen = new Set<ApplicationGroup>()
  for (let head = 0; head < queue.length; head++) {
    const item = queue[head]
    if (item === undefined || seen.has(item.group) || groupTypeOf(item.group) !== 'Basic') continue
    seen.add(item.group)
    for (const sid of item.group.members) {
      const key = canonicalSid(sid)
      if (chains.has(key) || item.path.some((g) => g.nonMembers.some((n) => canonicalSid(n) === key))) continue
      chains.set(
        key,
        item.path.map((g) => g.name),
      )
    }
    for (const inner of index.groups.of(item.group).members) queue.push({ group: inner, path: [...item.path, inner] })
  }
  return chains
}

/**
 * The facts about one role assignment, from the access evaluator
 * (src/access): the operations it grants, certainly or only through business
 * rules; the SIDs that hold it, each with the chain of groups it comes
 * through; its run-time groups; and the member links that lead nowhere,
 * including those of the groups it reaches.
 */
export function assignmentFacts(index: AccessIndex, ra: RoleAssignment): AssignmentFacts {
  const plain = roleAssignmentGrants(index, ra, { paths: false })
  const hasConditional = plain.operations.some((o) => o.certainty === 'conditional')
  const grants = hasConditional ? roleAssignmentGrants(index, ra, { paths: true }) : plain
  const table = index.context.operations
  const certain = new Set<Operation>()
  const conditional = new Map<Operation, string[]>()
  for (const g of grants.operations) {
    const i = table.indexOfGuid(g.operation.guid)
    if (i === undefined) continue
    const op = table.operation(i)
    if (g.certainty === 'certain') certain.add(op)
    else conditional.set(op, [...new Set(g.conditions.flatMap((c) => (c.type === 'bizrule-task' ? [c.task.name] : [])))])
  }

  const container = index.context.roleAssignmentContainer(ra)
  const runTime = new Map<string, RunTimeGroup>()
  for (const c of grants.runTimeMembers) {
    const g = runTimeGroup(c, false)
    if (g) runTime.set(`${g.name}\u0000m`, g)
  }
  const chains = container === undefined ? new Map<string, readonly string[]>() : memberChains(index, ra, container)
  const holders = grants.holders.map((h): HeldBy => {
    if (h.certainty === 'conditional' && container !== undefined) {
      // A run-time group among the non-members on the way: name it (the walker's proof says which).
      const routes = new MemberWalker(index.context, index.groups, makeToken([h.sid])).roleAssignment(ra, container).routes
      for (const c of routes.flatMap((r) => r.conditions)) {
        if (c.type !== 'non-member-exclusion') continue
        for (const inner of c.conditions) {
          const g = runTimeGroup(inner, true)
          if (g) runTime.set(`${g.name}\u0000n`, g)
        }
      }
    }
    return { sid: h.sid, via: chains.get(h.sid) ?? [], certainty: h.certainty }
  })

  // Broken links: the role assignment's own member links, and those of every group it reaches.
  const broken: BrokenMemberLink[] = grants.brokenLinks
    .filter((b) => b.list === 'appMemberLinks')
    .map((b) => ({ guid: b.guid, problem: REASON[b.reason] ?? b.reason, from: null, nonMember: false, loop: false }))
  const reached = new Set<ApplicationGroup>()
  const stack: ApplicationGroup[] = []
  for (const guid of ra.appMemberLinks) {
    const r = container === undefined ? undefined : index.context.resolver.group(container, guid)
    if (r?.status === 'found') stack.push(r.target)
  }
  for (let g = stack.pop(); g !== undefined; g = stack.pop()) {
    if (reached.has(g)) continue
    reached.add(g)
    const links = index.groups.of(g)
    // One push per link: spreading lists of any length into push() can overflow the stack.
    for (const inner of links.members) stack.push(inner)
    for (const inner of links.nonMembers) stack.push(inner)
    for (const loop of links.loopMembers) stack.push(loop.to)
    for (const loop of links.loopNonMembers) stack.push(loop.to)
  }
  for (const b of index.groups.broken) {
    if (reached.has(b.from)) broken.push({ guid: b.guid, problem: REASON[b.reason] ?? b.reason, from: b.from.name, nonMember: b.list === 'appNonMemberLinks', loop: b.reason === 'loop' })
  }
  return { certain, conditional, holders, runTime: [...runTime.values()], broken }
}
