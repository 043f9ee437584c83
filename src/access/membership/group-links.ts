import { stronglyConnected } from '../../model/graph.js'
import { guidKey, type ApplicationGroup } from '../../model/policy.js'
import type { ApplicationContext } from '../index/application-context.js'

/**
 * A group link that cannot be followed as written: missing, of another kind,
 * not visible (all three ignored), or closing a loop (followed as unknown,
 * see {@link LoopLink}).
 */
export interface BrokenGroupLink {
  readonly from: ApplicationGroup
  readonly guid: string
  readonly list: 'appMemberLinks' | 'appNonMemberLinks'
  readonly reason: 'missing' | 'wrong-kind' | 'not-visible' | 'loop'
}

/**
 * A member or non-member link between two groups of one loop (one strongly
 * connected component of the group graph). AzMan refuses such stores ("A loop
 * has been detected"), so no answer is AzMan's: membership through the link
 * is unknown, a condition like an LDAP-query group's.
 */
export interface LoopLink {
  readonly kind: 'group-loop'
  /** The group that has the link. */
  readonly from: ApplicationGroup
  /** The group it links, in the same loop. */
  readonly to: ApplicationGroup
  readonly list: 'appMemberLinks' | 'appNonMemberLinks'
}

/** The member and non-member groups of one group, resolved; links that close a loop apart. */
export interface GroupLinks {
  /** Member groups outside this group's loop (or all of them, when it is in none). */
  readonly members: readonly ApplicationGroup[]
  readonly nonMembers: readonly ApplicationGroup[]
  /** Member links to groups of the same loop: membership through them is unknown. */
  readonly loopMembers: readonly LoopLink[]
  /** Non-member links to groups of the same loop: whether they exclude is unknown. */
  readonly loopNonMembers: readonly LoopLink[]
}

const EMPTY: readonly never[] = Object.freeze([])
const NONE: GroupLinks = Object.freeze({ members: EMPTY, nonMembers: EMPTY, loopMembers: EMPTY, loopNonMembers: EMPTY })

/**
 * The application-group graph of one application, resolved once.
 *
 * Links resolve from the linking group's own level (store-level groups see
 * store-level groups only; application groups also see application groups;
 * scope groups also see their scope's groups),
 * docs/access-evaluation.md#4-links-and-visibility. A link that cannot be
 * resolved is ignored and reported (item 3 there).
 *
 * Loops (docs/access-evaluation.md#55-group-loops): AzMan refuses them ("A loop
 * has been detected"), so a store that has one is corrupt and AzMan gives no
 * answer to copy. Every link between two groups of the same strongly connected
 * component (member and non-member links alike) is a {@link LoopLink}: it is
 * not followed, and membership through it is unknown, so at worst a decision is
 * conditional; it is never dropped, which could remove an exclusion and
 * overstate a grant. Links out of a loop are followed as usual, so a group in a
 * loop still has its own member SIDs for certain. The rule is order-independent
 * and leaves a graph without cycles, so every membership question terminates
 * and has one answer. The links are reported in {@link broken} with reason
 * `loop`.
 */
export class GroupGraph {
  readonly broken: BrokenGroupLink[] = []
  private readonly links = new Map<ApplicationGroup, GroupLinks>()

  constructor(context: ApplicationContext) {
    const raw = new Map<ApplicationGroup, { members: ApplicationGroup[]; nonMembers: ApplicationGroup[] }>()
    for (const group of context.allGroups()) {
      const home = context.groupContainer(group)
      const resolve = (list: 'appMemberLinks' | 'appNonMemberLinks'): ApplicationGroup[] => {
        const out: ApplicationGroup[] = []
        for (const guid of group[list]) {
          const r = context.resolver.group(home, guid)
          if (r.status === 'found' && context.knowsGroup(r.target)) out.push(r.target)
          else this.broken.push({ from: group, guid, list, reason: r.status === 'found' ? 'not-visible' : r.status })
        }
        return out
      }
      raw.set(group, { members: resolve('appMemberLinks'), nonMembers: resolve('appNonMemberLinks') })
    }
    const component = stronglyConnected(raw.keys(), (g) => {
      const e = raw.get(g)
      return e === undefined ? [] : [...e.members, ...e.nonMembers]
    })
    for (const [group, { members, nonMembers }] of raw) {
      const split = (list: 'appMemberLinks' | 'appNonMemberLinks', targets: ApplicationGroup[]): { out: ApplicationGroup[]; loops: LoopLink[] } => {
        const out: ApplicationGroup[] = []
        const loops: LoopLink[] = []
        const seen = new Set<ApplicationGroup>()
        for (const to of targets) {
          if (component.get(to) !== component.get(group)) out.push(to)
          else {
            this.broken.push({ from: group, guid: to.guid, list, reason: 'loop' })
            // One unknown per linked group, however many times the list names it.
            if (!seen.has(to)) loops.push({ kind: 'group-loop', from: group, to, list })
            seen.add(to)
          }
        }
        return { out, loops }
      }
      const m = split('appMemberLinks', members)
      const n = split('appNonMemberLinks', nonMembers)
      const empty = m.out.length === 0 && n.out.length === 0 && m.loops.length === 0 && n.loops.length === 0
      this.links.set(group, empty ? NONE : { members: m.out, nonMembers: n.out, loopMembers: m.loops, loopNonMembers: n.loops })
    }
  }

  /** The member and non-member groups of `group`, with its loop links apart. */
  of(group: ApplicationGroup): GroupLinks {
    return this.links.get(group) ?? NONE
  }

  /** Whether a link from `from` to the group with GUID `guid` closes a loop. */
  isLoopLink(from: ApplicationGroup, guid: string): boolean {
    const key = guidKey(guid)
    return this.broken.some((b) => b.from === from && b.reason === 'loop' && guidKey(b.guid) === key)
  }
}
