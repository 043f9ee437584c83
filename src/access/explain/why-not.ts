/**
 * Why not: the nearest misses of a decision that is not granted
 * (docs/access-evaluation.md#65-why-not). A pure function of the index, the
 * token, the place and the operation; `checkAccess` calls it when asked
 * (`whyNot`), so the CLI and the REST service answer alike.
 */
import { canonicalSid, wellKnownSidName } from '../../model/sid.js'
import { guidKey, type ApplicationGroup, type Task } from '../../model/policy.js'
import type { AccessIndex } from '../index/access-index.js'
import type { ContainerIndex, IndexedRoleAssignment } from '../index/container-index.js'
import type { Term, Unknown } from '../membership/membership.js'
import { hasOp, opIndices } from '../operations/op-set.js'
import type { OperationRef } from '../operations/operation-table.js'
import { TaskClosures } from '../operations/task-closure.js'
import { makeToken, type Token } from '../token.js'
import { MAYBE, NO, YES, triAnd, type Tri } from '../tri.js'
import { explainAccess } from './explain-access.js'
import { MemberWalker } from './member-routes.js'
import {
  groupRef,
  groupStep,
  roleAssignmentRef,
  sidStep,
  taskStep,
  unknownCondition,
  type Because,
  type Condition,
  type GroupRef,
  type MemberStep,
  type PathStep,
  type RoleAssignmentRef,
} from './proof.js'
import { operationPaths } from './task-paths.js'

/** How many nearest misses `azman check` shows by default. */
export const WHY_NOT_DEFAULT = 5
/** The most nearest misses one check may ask for (bounded work per request). */
export const WHY_NOT_MAX = 100
/** How many members, operations and exclusions one miss lists (the rest are counted where a count is given). */
export const WHY_NOT_LIST_CAP = 5

type Certainty = 'certain' | 'conditional'

/** A SID that, added to the token, would get the operation through this role assignment. */
export interface WouldGrant {
  readonly sid: string
  readonly name: string | null
  /** certain: the decision would be granted; conditional: at least conditional (a BizRule or run-time group on the route). */
  readonly certainty: Certainty
  /** The membership chain the SID would have: SID > groups > role assignment. */
  readonly member: readonly MemberStep[]
}

/** One operation a role assignment grants instead, and the task it shares with the operation asked about (nearest first). */
export interface InsteadGrant {
  readonly operation: OperationRef
  readonly certainty: Certainty
  /** A task or role definition (application level or the place's scope) that holds both operations; null when none does. */
  readonly sharedTask: Extract<PathStep, { type: 'task' | 'role-definition' }> | null
}

/** A non-member list on the way to a role assignment: whoever it names cannot get the operation through that group. */
export interface NonMemberList {
  readonly group: GroupRef
  /** Non-member SIDs and groups (up to {@link WHY_NOT_LIST_CAP}). */
  readonly nonMembers: readonly MemberStep[]
}

/** One near miss. `type` says which kind; the kinds are ranked in the order listed here. */
export type NearMiss =
  /** A grant that holds only under run-time conditions (only for a conditional decision): what would have to be true. */
  | {
      readonly type: 'condition'
      readonly roleAssignment: RoleAssignmentRef
      readonly path: readonly PathStep[]
      readonly member: readonly MemberStep[]
      readonly conditions: readonly Condition[]
    }
  /** A path the token would have, cut by a non-member exclusion: the proof's own `excluded` entry. */
  | Extract<Because, { readonly type: 'excluded' }>
  /** A role assignment that applies here and holds the operation, but not the token (or the token only conditionally). */
  | {
      readonly type: 'holds-operation'
      readonly roleAssignment: RoleAssignmentRef
      /** Of the path to the operation: conditional when every path has a BizRule. */
      readonly certainty: Certainty
      /** Whether the token is a member: `no`, or `conditional` (run-time membership, with a certain path: the SIDs listed would make it certain). */
      readonly tokenMember: 'no' | 'conditional'
      readonly path: readonly PathStep[]
      /** Member SIDs that would get the operation if added to the token, certain first (up to {@link WHY_NOT_LIST_CAP}). */
      readonly wouldGrant: readonly WouldGrant[]
      /** How many more SIDs would. */
      readonly moreWouldGrant: number
      /** Members decided at run time (LDAP-query and BizRule groups, group loops). */
      readonly runTimeMembers: readonly Condition[]
      /** Non-member lists on the way (up to {@link WHY_NOT_LIST_CAP}). */
      readonly nonMemberLists: readonly NonMemberList[]
    }
  /** A role assignment that applies here and holds the token, but not the operation. */
  | {
      readonly type: 'holds-token'
      readonly roleAssignment: RoleAssignmentRef
      /** Of the token's membership. */
      readonly certainty: Certainty
      readonly member: readonly MemberStep[]
      /** What it grants instead, nearest first: operations sharing a task with the one asked about, then in the application's order (up to {@link WHY_NOT_LIST_CAP}). */
      readonly grants: readonly InsteadGrant[]
      readonly moreGrants: number
    }
  /** Another scope where the same token gets the operation (granted; or conditional, for a denied decision). */
  | {
      readonly type: 'other-scope'
      readonly scope: string
      readonly decision: 'granted' | 'conditional'
      readonly roleAssignment: RoleAssignmentRef
      readonly path: readonly PathStep[]
      readonly member: readonly MemberStep[]
      readonly conditions: readonly Condition[]
    }

/** The nearest misses, nearest first, and how many more there are. */
export interface WhyNot {
  readonly misses: readonly NearMiss[]
  /** Misses found beyond those listed. */
  readonly more: number
}

const RANK: Record<NearMiss['type'], number> = { condition: 0, excluded: 1, 'holds-operation': 2, 'holds-token': 3, 'other-scope': 4 }

/** A miss found, with what orders it among its kind, built in full only when shown. */
interface Candidate {
  readonly rank: number
  /** Smaller is nearer, within a kind. */
  readonly distance: number
  readonly order: number
  readonly build: () => NearMiss
}

/**
 * The nearest misses for `token` and operation `op` in `where`
 * (docs/access-evaluation.md#65-why-not), at most `limit`, ranked:
 * 1. `condition`: for a conditional decision, the grants that hold only under
 *    run-time conditions (BizRules, LDAP-query and BizRule groups, loops);
 * 2. `excluded`: paths the token has, cut only by a non-member exclusion;
 * 3. `holds-operation`: role assignments that apply here and hold the
 *    operation but not the token (or the token only conditionally, through a
 *    certain path), with the member SIDs that would get it if added, or get it
 *    for certain (exact: each is evaluated with the whole token); certain paths
 *    first, then those with SIDs that would grant, then shorter paths;
 * 4. `holds-token`: role assignments that hold the token but not the
 *    operation, with what they grant instead; those sharing a task with the
 *    operation first;
 * 5. `other-scope`: scopes where the same token gets it (for a conditional
 *    decision, only where it is granted), granted first.
 * Ties keep document order (application level first). A granted decision has
 * no misses. The work is bounded by the size of the store; only the misses
 * listed are built in full.
 *
 * @param limit how many misses to list (0 or more); the rest are counted.
 */
export function whyNot(index: AccessIndex, token: Token, where: ContainerIndex, op: number, limit: number): WhyNot {
  const decision = index.decideTri(token, where, op)
  if (decision === YES) return { misses: [], more: 0 }
  const candidates: Candidate[] = []
  const add = (type: NearMiss['type'], distance: number, build: () => NearMiss): void => {
    candidates.push({ rank: RANK[type], distance, order: candidates.length, build })
  }
  const context = index.context
  /** Role assignments with an `excluded` miss, by `scope|guid`. */
  const excluded = new Set<string>()
  for (const b of explainAccess(index, token, where, op).because) {
    if (b.type === 'grant') {
      if (b.certainty === 'conditional')
        add('condition', b.conditions.length, () => ({ type: 'condition', roleAssignment: b.roleAssignment, path: b.path, member: b.member, conditions: b.conditions }))
      continue
    }
    excluded.add(raKey(b.roleAssignment))
    add('excluded', b.member.length, () => b)
  }
  const shared = new SharedTasks(index, where, op)
  const containers = where === index.appLevel ? [index.appLevel] : [index.appLevel, where]
  for (const c of containers) {
    for (const indexed of c.roleAssignments) {
      const reach: Tri = hasOp(indexed.reach.certain, op) ? YES : hasOp(indexed.reach.conditional, op) ? MAYBE : NO
      const member = indexed.membership.evaluate(token)
      // Held conditionally through a certain path: SIDs that would make it certain are near misses too.
      if (reach !== NO && (member === NO || (member === MAYBE && reach === YES))) {
        const suggestions = wouldGrant(indexed, token, reach, triAnd(reach, member))
        // An assignment whose only route is cut by an exclusion is told by its `excluded` miss.
        if (suggestions.length === 0 && excluded.has(raKey(roleAssignmentRef(indexed.roleAssignment, c.container)))) continue
        const path = operationPaths(context, indexed.roleAssignment, c.container, op).path
        const distance = (reach === YES ? 0 : 1000) + (suggestions.length > 0 ? 0 : 100) + Math.min(99, path.length)
        add('holds-operation', distance, () => holdsOperation(index, indexed, reach, member, path, token, suggestions))
      } else if (reach === NO && member !== NO) {
        const instead = [...opIndices(indexed.reach.certain), ...opIndices(indexed.reach.conditional)]
        if (instead.length === 0) continue
        add('holds-token', instead.some((o) => shared.taskFor(o) !== null) ? 0 : 1, () => holdsToken(index, indexed, token, member, instead, shared))
      }
    }
  }
  for (const other of index.containers()) {
    if (other === where || other === index.appLevel) continue
    const tri = index.decideTri(token, other, op)
    if (tri === YES || (tri === MAYBE && decision === NO)) add('other-scope', tri === YES ? 0 : 1, () => otherScope(index, token, other, op))
  }
  candidates.sort((a, b) => a.rank - b.rank || a.distance - b.distance || a.order - b.order)
  const shown = candidates.slice(0, Math.max(0, limit))
  return { misses: shown.map((c) => c.build()), more: candidates.length - shown.length }
}

function raKey(ra: RoleAssignmentRef): string {
  return `${ra.scope ?? ''}|${guidKey(ra.guid)}`
}

function certainty(tri: Tri): Certainty {
  return tri === YES ? 'certain' : 'conditional'
}

/** The token with one more SID (its directory answers kept). */
function withSid(token: Token, sid: string): Token {
  return makeToken([...token.sids, sid], token.groupOutcomes)
}

/** Each member SID of a role assignment that, added to the token, would get the operation through it better than `now`; certain first. */
function wouldGrant(indexed: IndexedRoleAssignment, token: Token, reach: Tri, now: Tri): { sid: string; tri: Tri }[] {
  const out: { sid: string; tri: Tri }[] = []
  for (const sid of indexed.membership.bySid.keys()) {
    if (token.set.has(sid)) continue
    const tri = triAnd(reach, indexed.membership.evaluate(withSid(token, sid)))
    if (tri > now) out.push({ sid, tri })
  }
  return out.sort((a, b) => b.tri - a.tri)
}

function holdsOperation(
  index: AccessIndex,
  indexed: IndexedRoleAssignment,
  reach: Tri,
  member: Tri,
  path: readonly PathStep[],
  token: Token,
  suggestions: readonly { sid: string; tri: Tri }[],
): NearMiss {
  const { roleAssignment: ra, container, membership } = indexed
  const context = index.context
  const shown = suggestions.slice(0, WHY_NOT_LIST_CAP).map(({ sid, tri }): WouldGrant => {
    const routes = new MemberWalker(context, index.groups, withSid(token, sid)).roleAssignment(ra, container).routes
    const route = routes.find((r) => r.steps[0]?.type === 'sid' && r.steps[0].sid === sid)
    return { sid, name: wellKnownSidName(sid) ?? null, certainty: certainty(tri), member: route?.steps ?? [sidStep(sid)] }
  })
  const runTime = new Set<Unknown>()
  for (const term of membership.sidless) for (const u of term.conditions) runTime.add(u)
  return {
    type: 'holds-operation',
    roleAssignment: roleAssignmentRef(ra, container),
    certainty: certainty(reach),
    tokenMember: member === NO ? 'no' : 'conditional',
    path,
    wouldGrant: shown,
    moreWouldGrant: suggestions.length - shown.length,
    runTimeMembers: [...runTime].map((u) => unknownCondition(context, u)),
    nonMemberLists: nonMemberLists(index, membership.terms()),
  }
}

/** The non-member lists on the terms of a membership, each group once (up to {@link WHY_NOT_LIST_CAP}). */
function nonMemberLists(index: AccessIndex, terms: Iterable<Term>): NonMemberList[] {
  const seen = new Set<ApplicationGroup>()
  const out: NonMemberList[] = []
  for (const term of terms) {
    for (const x of term.exclusions) {
      if (seen.has(x.group) || out.length >= WHY_NOT_LIST_CAP) continue
      seen.add(x.group)
      const links = index.groups.of(x.group)
      const nonMembers: MemberStep[] = [
        ...x.group.nonMembers.map((sid) => sidStep(canonicalSid(sid))),
        ...links.nonMembers.map((g) => groupStep(index.context, g)),
        ...links.loopNonMembers.map((l) => groupStep(index.context, l.to)),
      ]
      out.push({ group: groupRef(index.context, x.group), nonMembers: nonMembers.slice(0, WHY_NOT_LIST_CAP) })
    }
  }
  return out
}

function holdsToken(index: AccessIndex, indexed: IndexedRoleAssignment, token: Token, member: Tri, instead: readonly number[], shared: SharedTasks): NearMiss {
  const { roleAssignment: ra, container, reach } = indexed
  const context = index.context
  const ranked = instead
    .map((o) => ({ o, task: shared.taskFor(o) }))
    .sort((a, b) => (a.task === null ? 1 : 0) - (b.task === null ? 1 : 0) || a.o - b.o)
    .slice(0, WHY_NOT_LIST_CAP)
  const routes = new MemberWalker(context, index.groups, token).roleAssignment(ra, container).routes
  return {
    type: 'holds-token',
    roleAssignment: roleAssignmentRef(ra, container),
    certainty: certainty(member),
    member: routes.find((r) => r.tri === member)?.steps ?? routes[0]?.steps ?? [],
    grants: ranked.map(({ o, task }) => ({
      operation: context.operations.ref(o),
      certainty: hasOp(reach.certain, o) ? 'certain' : 'conditional',
      sharedTask: task === null ? null : taskStep(context, task),
    })),
    moreGrants: instead.length - ranked.length,
  }
}

function otherScope(index: AccessIndex, token: Token, other: ContainerIndex, op: number): NearMiss {
  const explained = explainAccess(index, token, other, op)
  const grant = explained.because.find((b) => b.type === 'grant')
  if (grant?.type !== 'grant') throw new Error(`scope ${other.scopeName ?? ''} grants operation ${op} but its explanation has no grant`)
  return {
    type: 'other-scope',
    scope: other.scopeName ?? '',
    decision: explained.tri === YES ? 'granted' : 'conditional',
    roleAssignment: grant.roleAssignment,
    path: grant.path,
    member: grant.member,
    conditions: grant.conditions,
  }
}

/**
 * The tasks and role definitions visible at the place (application level and
 * its scope) whose closure holds the operation asked about: an operation one
 * of them also holds "shares a task" with it.
 */
class SharedTasks {
  private readonly holding: Task[] = []
  private readonly closures: TaskClosures
  private readonly memo = new Map<number, Task | null>()

  constructor(index: AccessIndex, where: ContainerIndex, op: number) {
    this.closures = new TaskClosures(index.context)
    const containers = where === index.appLevel ? [index.appLevel] : [index.appLevel, where]
    for (const c of containers) {
      for (const task of c.container.tasks) {
        const reach = this.closures.task(task)
        if (hasOp(reach.certain, op) || hasOp(reach.conditional, op)) this.holding.push(task)
      }
    }
    // The narrowest first: tasks before role definitions, then fewer operations.
    const size = (task: Task): number => opIndices(this.closures.task(task).certain).length + opIndices(this.closures.task(task).conditional).length
    const sizes = new Map(this.holding.map((task) => [task, (task.roleDefinition ? 1_000_000 : 0) + size(task)]))
    this.holding.sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0))
  }

  /** The narrowest task that holds both the operation asked about and `other`, or null. */
  taskFor(other: number): Task | null {
    const known = this.memo.get(other)
    if (known !== undefined) return known
    const reachOf = (task: Task) => this.closures.task(task)
    const found = this.holding.find((task) => hasOp(reachOf(task).certain, other) || hasOp(reachOf(task).conditional, other)) ?? null
    this.memo.set(other, found)
    return found
  }
}
