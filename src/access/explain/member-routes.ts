import type { Container } from '../../model/paths.js'
import { groupTypeOf, type ApplicationGroup, type RoleAssignment } from '../../model/policy.js'
import type { ApplicationContext } from '../index/application-context.js'
import type { GroupGraph } from '../membership/group-links.js'
import { dependenciesFirst } from '../../model/post-order.js'
import { canonicalSid } from '../../model/sid.js'
import type { Token } from '../token.js'
import { MAYBE, NO, YES, triAnd, triNot, triOr, type Tri } from '../tri.js'
import { groupCondition, groupRef, groupStep, loopCondition, sidStep, type Condition, type GroupRef, type MemberStep } from './proof.js'

/** One way the token belongs: a chain from a SID it holds (or a run-time group) upward. */
export interface Route {
  readonly tri: typeof YES | typeof MAYBE
  readonly steps: readonly MemberStep[]
  readonly conditions: readonly Condition[]
}

/** A chain that would make the token a member, cut by a non-member entry. */
export interface ExcludedRoute {
  readonly steps: readonly MemberStep[]
  readonly excludedBy: { readonly group: GroupRef; readonly nonMember: readonly MemberStep[] }
}

/** Membership of a token in a group or role assignment: exact, with up to {@link ROUTE_CAP} routes of each kind to show. */
export interface MemberRoutes {
  readonly tri: Tri
  readonly routes: readonly Route[]
  readonly excluded: readonly ExcludedRoute[]
}

/** How many routes of each kind an explanation keeps per group (the decision itself is always exact). */
export const ROUTE_CAP = 8

/** The routes to keep: certain ones first. */
function capped(routes: Route[]): Route[] {
  if (routes.length <= ROUTE_CAP) return routes
  return [...routes].sort((a, b) => b.tri - a.tri).slice(0, ROUTE_CAP)
}

function cappedExcluded(routes: ExcludedRoute[]): ExcludedRoute[] {
  return routes.length <= ROUTE_CAP ? routes : routes.slice(0, ROUTE_CAP)
}

/**
 * Group membership walked directly on the model, with the chains that prove it
 * (docs/access-evaluation.md#54-group-membership): a Basic group is `(member
 * SID held OR member group) AND NOT (non-member SID held OR non-member group)`,
 * nested groups recursively; LDAP-query and BizRule groups are conditional.
 * Links that close a loop are not followed: membership through them is unknown
 * (conditional, GroupGraph). This is the explanation, and the reference the
 * index is tested against.
 */
export class MemberWalker {
  private readonly memo = new Map<ApplicationGroup, MemberRoutes>()

  constructor(
    private readonly context: ApplicationContext,
    private readonly graph: GroupGraph,
    private readonly token: Token,
  ) {}

  group(group: ApplicationGroup): MemberRoutes {
    const known = this.memo.get(group)
    if (known) return known
    // Nested groups first, with an explicit stack (no call-stack depth for long chains); each then finds its inner groups memoised.
    for (const next of dependenciesFirst(
      group,
      (g) => this.dependencies(g),
      (g) => this.memo.has(g),
    ))
      this.memo.set(next, this.evaluate(next))
    return this.memo.get(group) ?? this.evaluate(group)
  }

  /** The groups whose membership a group's depends on: member and non-member groups of a Basic group (followed links). */
  private dependencies(group: ApplicationGroup): readonly ApplicationGroup[] {
    if (groupTypeOf(group) !== 'Basic' || this.token.ldapQueryOutcome(group) !== undefined) return []
    const links = this.graph.of(group)
    return [...links.nonMembers, ...links.members]
  }

  roleAssignment(ra: RoleAssignment, container: Container): MemberRoutes {
    let tri: Tri = NO
    const routes: Route[] = []
    const excluded: ExcludedRoute[] = []
    for (const sid of this.held(ra.members)) {
      tri = YES
      routes.push({ tri: YES, steps: [sidStep(sid)], conditions: [] })
    }
    for (const guid of ra.appMemberLinks) {
      const r = this.context.resolver.group(container, guid)
      if (r.status !== 'found' || !this.context.knowsGroup(r.target)) continue
      const inner = this.group(r.target)
      tri = triOr(tri, inner.tri)
      routes.push(...inner.routes)
      excluded.push(...inner.excluded)
    }
    return { tri, routes: capped(routes), excluded: cappedExcluded(excluded) }
  }

  /** The SIDs of a member or non-member list that the token holds. */
  private held(sids: readonly string[]): string[] {
    return sids.map(canonicalSid).filter((sid) => this.token.set.has(sid))
  }

  private evaluate(group: ApplicationGroup): MemberRoutes {
    const self = groupStep(this.context, group)
    const known = this.token.ldapQueryOutcome(group)
    if (known === true) return { tri: YES, routes: [{ tri: YES, steps: [self], conditions: [] }], excluded: [] }
    if (known === false) return { tri: NO, routes: [], excluded: [] }
    if (groupTypeOf(group) !== 'Basic') {
      return { tri: MAYBE, routes: [{ tri: MAYBE, steps: [self], conditions: [groupCondition(this.context, group)] }], excluded: [] }
    }
    const links = this.graph.of(group)
    let member: Tri = NO
    let routes: Route[] = []
    const excluded: ExcludedRoute[] = []
    for (const sid of this.held(group.members)) {
      member = YES
      routes.push({ tri: YES, steps: [sidStep(sid), self], conditions: [] })
    }
    for (const inner of links.members) {
      const r = this.group(inner)
      member = triOr(member, r.tri)
      for (const route of r.routes) routes.push({ ...route, steps: [...route.steps, self] })
      for (const ex of r.excluded) excluded.push({ ...ex, steps: [...ex.steps, self] })
    }
    for (const loop of links.loopMembers) {
      member = triOr(member, MAYBE)
      routes.push({ tri: MAYBE, steps: [groupStep(this.context, loop.to), self], conditions: [loopCondition(this.context, loop)] })
    }
    // Non-membership beats membership (docs/access-evaluation.md#54-group-membership step 3).
    let exclusion: Tri = NO
    const by: Route[] = []
    for (const sid of this.held(group.nonMembers)) {
      exclusion = YES
      by.push({ tri: YES, steps: [sidStep(sid)], conditions: [] })
    }
    for (const inner of links.nonMembers) {
      const r = this.group(inner)
      exclusion = triOr(exclusion, r.tri)
      by.push(...r.routes)
    }
    for (const loop of links.loopNonMembers) {
      exclusion = triOr(exclusion, MAYBE)
      by.push({ tri: MAYBE, steps: [groupStep(this.context, loop.to)], conditions: [loopCondition(this.context, loop)] })
    }
    const tri = triAnd(member, triNot(exclusion))
    if (exclusion === YES) {
      const first = by.find((b) => b.tri === YES)
      for (const route of routes) excluded.push({ steps: route.steps, excludedBy: { group: groupRef(this.context, group), nonMember: first?.steps ?? [] } })
      routes = []
    } else if (exclusion === MAYBE) {
      const unless: Condition[] = by.map((b) => ({ type: 'non-member-exclusion', group: groupRef(this.context, group), nonMember: b.steps, conditions: b.conditions }))
      routes = routes.map((route) => ({ tri: MAYBE, steps: route.steps, conditions: [...route.conditions, ...unless] }))
    }
    return { tri, routes: capped(routes), excluded: cappedExcluded(excluded) }
  }
}
