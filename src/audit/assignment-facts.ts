import { roleAssignmentGrants, makeToken, type AccessIndex, type Condition } from '../access/index.js'
import { MemberWalker } from '../access/explain/member-routes.js'
import type { Operation, RoleAssignment, ApplicationGroup } from '../model/policy.js'

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
  loop: 'closes a loop of groups (AzMan refuses loops; the link is ignored)',
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
  const holders = grants.holders.map((h): HeldBy => {
    if (container === undefined) return { sid: h.sid, via: [], certainty: h.certainty }
    // Routes that start at the SID itself (others start at a run-time group the token might be in).
    const routes = new MemberWalker(index.context, index.groups, makeToken([h.sid])).roleAssignment(ra, container).routes.filter((r) => r.steps[0]?.type === 'sid')
    const route = routes.find((r) => r.conditions.length === 0) ?? routes[0]
    for (const c of routes.flatMap((r) => r.conditions)) {
      if (c.type !== 'non-member-exclusion') continue
      for (const inner of c.conditions) {
        const g = runTimeGroup(inner, true)
        if (g) runTime.set(`${g.name}\u0000n`, g)
      }
    }
    const via = (route?.steps ?? []).flatMap((s) => (s.type === 'group' ? [s.name] : [])).reverse()
    return { sid: h.sid, via, certainty: h.certainty }
  })

  // Broken links: the role assignment's own member links, and those of every group it reaches.
  const broken: BrokenMemberLink[] = grants.brokenLinks
    .filter((b) => b.list === 'appMemberLinks')
    .map((b) => ({ guid: b.guid, problem: REASON[b.reason] ?? b.reason, from: null }))
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
    stack.push(...links.members, ...links.nonMembers)
  }
  for (const b of index.groups.broken) {
    if (reached.has(b.from)) broken.push({ guid: b.guid, problem: REASON[b.reason] ?? b.reason, from: b.from.name })
  }
  return { certain, conditional, holders, runTime: [...runTime.values()], broken }
}
