import type { Container } from '../../model/paths.js'
import { groupTypeOf, type ApplicationGroup, type RoleAssignment } from '../../model/policy.js'
import { AccessLimitError } from '../access-errors.js'
import type { ApplicationContext } from '../index/application-context.js'
import { dependenciesFirst } from '../../model/post-order.js'
import { denseId } from '../../model/dense-ids.js'
import { canonicalSid } from '../../model/sid.js'
import type { GroupGraph, LoopLink } from './group-links.js'
import { Membership, type Exclusion, type RunTimeGroup, type Term, type Unknown } from './membership.js'

/** A role-assignment link to a group that cannot be followed. */
export interface BrokenMemberLink {
  readonly roleAssignment: RoleAssignment
  readonly guid: string
  readonly reason: 'missing' | 'wrong-kind' | 'not-visible'
}

const EMPTY: readonly never[] = Object.freeze([])

/**
 * Turns groups and role assignments into {@link Membership}s
 * (docs/access-evaluation.md#54-group-membership), each group once:
 * - a Basic group: its member SIDs and the terms of its member groups, each
 *   carrying the group's exclusion (non-member SIDs and groups) when it has one;
 * - an LdapQuery or Bizrule group (or a GroupType AzMan does not define): one
 *   SID-less conditional term, whatever members it lists;
 * - a member link that closes a group loop: one SID-less term whose condition
 *   is the loop (membership through it is unknown); a non-member link that
 *   closes one: a non-member "group" that holds that unknown term, so the
 *   exclusion is unknown (GroupGraph).
 * Terms equal in SID, conditions and exclusions are kept once, so diamonds in
 * the group graph do not multiply them. Followed links form no loop.
 */
export class MembershipCompiler {
  private readonly groups = new Map<ApplicationGroup, Membership>()
  private readonly exclusions = new Map<ApplicationGroup, Exclusion | null>()
  private readonly ids = new Map<object, number>()
  private readonly runTime = new Map<ApplicationGroup, RunTimeGroup>()
  private readonly loops = new Map<LoopLink, Membership>()

  /**
   * @param limit the most terms one membership may have before the store is
   *   refused as too complex (only adversarial nesting comes near it).
   */
  constructor(
    private readonly context: ApplicationContext,
    private readonly graph: GroupGraph,
    private readonly limit: number,
  ) {}

  /**
   * A group's membership. The groups it depends on (member and non-member
   * groups, followed links only, which form no loop) are compiled first, in
   * post-order with an explicit stack: a chain of nested groups as long as a
   * store can hold costs no call-stack depth.
   */
  group(group: ApplicationGroup): Membership {
    const known = this.groups.get(group)
    if (known) return known
    for (const next of dependenciesFirst(
      group,
      (g) => this.dependencies(g),
      (g) => this.groups.has(g),
    ))
      this.compile(next)
    return this.groups.get(group) ?? this.compile(group)
  }

  /** The groups a group's membership is made of: for a Basic group, its member and non-member groups (followed links). */
  private dependencies(group: ApplicationGroup): readonly ApplicationGroup[] {
    if (groupTypeOf(group) !== 'Basic') return EMPTY
    const links = this.graph.of(group)
    return [...links.nonMembers, ...links.members]
  }

  /** Compiles one group whose dependencies are compiled. */
  private compile(group: ApplicationGroup): Membership {
    const known = this.groups.get(group)
    if (known) return known
    const terms = new TermList(this.limit, this.ids, group.name)
    const type = groupTypeOf(group)
    if (type === 'Basic') {
      const exclusion = this.exclusion(group)
      const outer = exclusion === null ? EMPTY : [exclusion]
      for (const sid of group.members) terms.add(canonicalSid(sid), EMPTY, outer)
      const links = this.graph.of(group)
      for (const inner of links.members) {
        for (const t of this.group(inner).terms()) terms.add(t.sid, t.conditions, exclusion === null ? t.exclusions : [...t.exclusions, exclusion])
      }
      for (const loop of links.loopMembers) terms.add(undefined, [loop], outer)
    } else {
      let unknown = this.runTime.get(group)
      if (unknown === undefined) {
        unknown = { kind: 'run-time-group', group }
        this.runTime.set(group, unknown)
      }
      terms.add(undefined, [unknown], EMPTY)
    }
    const membership = new Membership(terms.list)
    this.groups.set(group, membership)
    return membership
  }

  /** The exclusion of a Basic group, or null when it has no non-members. */
  exclusion(group: ApplicationGroup): Exclusion | null {
    const known = this.exclusions.get(group)
    if (known !== undefined) return known
    const links = this.graph.of(group)
    const exclusion: Exclusion | null =
      group.nonMembers.length === 0 && links.nonMembers.length === 0 && links.loopNonMembers.length === 0
        ? null
        : { group, sids: new Set(group.nonMembers.map(canonicalSid)), groups: [...links.nonMembers.map((g) => this.group(g)), ...links.loopNonMembers.map((l) => this.loop(l))] }
    this.exclusions.set(group, exclusion)
    return exclusion
  }

  /** The membership a non-member link that closes a loop stands for: unknown for every token. */
  private loop(link: LoopLink): Membership {
    let m = this.loops.get(link)
    if (m === undefined) {
      m = new Membership([{ sid: undefined, conditions: [link], exclusions: EMPTY }])
      this.loops.set(link, m)
    }
    return m
  }

  /** Who holds a role assignment: its member SIDs and its (visible) member groups. */
  roleAssignment(ra: RoleAssignment, container: Container): { membership: Membership; broken: BrokenMemberLink[] } {
    const terms = new TermList(this.limit, this.ids, ra.name)
    const broken: BrokenMemberLink[] = []
    for (const sid of ra.members) terms.add(canonicalSid(sid), EMPTY, EMPTY)
    for (const guid of ra.appMemberLinks) {
      const r = this.context.resolver.group(container, guid)
      if (r.status !== 'found' || !this.context.knowsGroup(r.target)) {
        broken.push({ roleAssignment: ra, guid, reason: r.status === 'found' ? 'not-visible' : r.status })
        continue
      }
      for (const t of this.group(r.target).terms()) terms.add(t.sid, t.conditions, t.exclusions)
    }
    return { membership: new Membership(terms.list), broken }
  }
}

/** Terms being collected, deduplicated, with the size limit enforced. */
class TermList {
  readonly list: Term[] = []
  private readonly seen = new Set<string>()

  constructor(
    private readonly limit: number,
    private readonly ids: Map<object, number>,
    private readonly owner: string,
  ) {}

  add(sid: string | undefined, conditions: readonly Unknown[], exclusions: readonly Exclusion[]): void {
    // Length-prefixed, so no SID text can make two different terms share a key.
    let key = sid === undefined ? '-' : `${sid.length}:${sid}`
    for (const c of conditions) key += `|c${this.id(c)}`
    for (const x of exclusions) key += `|x${this.id(x.group)}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.list.push({ sid, conditions, exclusions })
    if (this.list.length > this.limit) throw new AccessLimitError(this.owner, this.limit)
  }

  /** A number per group, run-time group or loop link (each made once), for term keys. */
  private id(object: object): number {
    return denseId(this.ids, object)
  }
}
