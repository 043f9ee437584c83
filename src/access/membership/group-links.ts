import { guidKey, type ApplicationGroup } from '../../model/policy.js'
import type { ApplicationContext } from '../index/application-context.js'

/** A group link that cannot be followed: missing, of another kind, not visible, or closing a loop. */
export interface BrokenGroupLink {
  readonly from: ApplicationGroup
  readonly guid: string
  readonly list: 'appMemberLinks' | 'appNonMemberLinks'
  readonly reason: 'missing' | 'wrong-kind' | 'not-visible' | 'loop'
}

/** The member and non-member groups of one group, resolved, loop links removed. */
export interface GroupLinks {
  readonly members: readonly ApplicationGroup[]
  readonly nonMembers: readonly ApplicationGroup[]
}

const NONE: GroupLinks = Object.freeze({ members: Object.freeze([]), nonMembers: Object.freeze([]) })

/**
 * The application-group graph of one application, resolved once.
 *
 * Links resolve from the linking group's own level (store-level groups see
 * store-level groups only; application groups also see application groups;
 * scope groups also see their scope's groups), accesscheck.md §3 step 5.
 * A link that cannot be resolved is ignored and reported (§5.2 step 5).
 *
 * Loops: AzMan refuses them ("A loop has been detected", §3 step 5), so a
 * store that has one is corrupt. The evaluator ignores every link between
 * two groups of the same strongly connected component (both member and
 * non-member links) and reports them. This rule is order-independent and
 * leaves a graph without cycles, so every membership question terminates and
 * has one answer.
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
    const component = stronglyConnected(raw)
    for (const [group, { members, nonMembers }] of raw) {
      const keep = (list: 'appMemberLinks' | 'appNonMemberLinks', targets: ApplicationGroup[]): ApplicationGroup[] =>
        targets.filter((t) => {
          if (component.get(t) !== component.get(group)) return true
          this.broken.push({ from: group, guid: t.guid, list, reason: 'loop' })
          return false
        })
      const m = keep('appMemberLinks', members)
      const n = keep('appNonMemberLinks', nonMembers)
      this.links.set(group, m.length === 0 && n.length === 0 ? NONE : { members: m, nonMembers: n })
    }
  }

  /** The followable member and non-member groups of `group`. */
  of(group: ApplicationGroup): GroupLinks {
    return this.links.get(group) ?? NONE
  }

  /** Whether a link from `from` to the group with GUID `guid` was dropped because it closes a loop. */
  isLoopLink(from: ApplicationGroup, guid: string): boolean {
    const key = guidKey(guid)
    return this.broken.some((b) => b.from === from && b.reason === 'loop' && guidKey(b.guid) === key)
  }
}

/** Tarjan's algorithm, iterative: the component number of every node; a node alone without a self-link gets its own. */
function stronglyConnected(graph: ReadonlyMap<ApplicationGroup, { members: ApplicationGroup[]; nonMembers: ApplicationGroup[] }>): Map<ApplicationGroup, number> {
  const index = new Map<ApplicationGroup, number>()
  const low = new Map<ApplicationGroup, number>()
  const onStack = new Set<ApplicationGroup>()
  const stack: ApplicationGroup[] = []
  const component = new Map<ApplicationGroup, number>()
  let counter = 0
  let components = 0
  const next = (g: ApplicationGroup): ApplicationGroup[] => {
    const e = graph.get(g)
    return e === undefined ? [] : [...e.members, ...e.nonMembers]
  }
  for (const root of graph.keys()) {
    if (index.has(root)) continue
    const work: { node: ApplicationGroup; edges: ApplicationGroup[]; i: number }[] = []
    const open = (node: ApplicationGroup): void => {
      index.set(node, counter)
      low.set(node, counter)
      counter++
      stack.push(node)
      onStack.add(node)
      work.push({ node, edges: next(node), i: 0 })
    }
    open(root)
    while (work.length > 0) {
      const frame = work[work.length - 1]
      if (frame === undefined) break
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++]
        if (to === undefined) continue
        if (!index.has(to)) open(to)
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(to) ?? 0))
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0))
      if (low.get(frame.node) === index.get(frame.node)) {
        for (;;) {
          const member = stack.pop()
          if (member === undefined) break
          onStack.delete(member)
          component.set(member, components)
          if (member === frame.node) break
        }
        components++
      }
    }
  }
  return component
}
