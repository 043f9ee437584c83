import { chainFrom, longestChains, type Chains } from './graph.js'
import { NESTING_LIMIT } from './limits.js'
import { taskKind, type ObjectPath } from './paths.js'
import type { ApplicationGroup, PolicyObject, PolicyStore, Task } from './policy.js'
import { guidKey } from './policy.js'
import { quote } from './quote.js'
import { LinkResolver } from './resolve.js'
import { walkStore, type Visited } from './walk.js'

type GroupVisit = Extract<Visited, { kind: 'group' }>
type TaskVisit = Extract<Visited, { kind: 'task' | 'role-definition' }>

/** The nesting of one kind of object: the longest chain from each, by object. */
export interface Nesting<T extends PolicyObject> extends Chains<T> {
  /** Where each object lives, for messages. */
  readonly visits: ReadonlyMap<T, GroupVisit | TaskVisit>
}

/**
 * How deep application groups nest (member and non-member links, resolved from
 * each group's own level) and tasks and role definitions nest (TaskLinks): the
 * longest chain from every one, links inside a loop left out (loops are
 * `AZ_GROUP_CYCLE` and `AZ_TASK_CYCLE`). Iterative: any depth is measured.
 */
export function storeNesting(objects: readonly Visited[], resolver: LinkResolver): { groups: Nesting<ApplicationGroup>; tasks: Nesting<Task> } {
  const groups = new Map<ApplicationGroup, GroupVisit>()
  const tasks = new Map<Task, TaskVisit>()
  for (const v of objects) {
    if (v.kind === 'group') groups.set(v.object, v)
    else if (v.kind === 'task' || v.kind === 'role-definition') tasks.set(v.object, v)
  }
  const groupEdges = (g: ApplicationGroup): ApplicationGroup[] => {
    const from = groups.get(g)?.container
    const out: ApplicationGroup[] = []
    for (const list of [g.appMemberLinks, g.appNonMemberLinks]) {
      for (const guid of list) {
        const r = resolver.group(from, guid)
        if (r.status === 'found' && groups.has(r.target)) out.push(r.target)
      }
    }
    return out
  }
  const taskEdges = (t: Task): Task[] => {
    const from = tasks.get(t)?.container
    const out: Task[] = []
    if (from === undefined) return out
    for (const guid of t.taskLinks) {
      const r = resolver.task(from, guid)
      if (r.status === 'found' && tasks.has(r.target)) out.push(r.target)
    }
    return out
  }
  return {
    groups: { ...longestChains(groups.keys(), groupEdges), visits: groups },
    tasks: { ...longestChains(tasks.keys(), taskEdges), visits: tasks },
  }
}

/** A chain deeper than {@link NESTING_LIMIT}, named by the object at its top. */
export interface TooDeep {
  readonly kind: 'group' | 'task' | 'role-definition'
  readonly object: ApplicationGroup | Task
  readonly path: ObjectPath
  /** Objects in the chain, the top one included. */
  readonly depth: number
  /** `"G9" -> "G8" -> "G7" -> ... -> "G0"`. */
  readonly chain: string
}

/** The first three names of a chain and its last: what a message shows of a chain of any length. */
export function chainText(names: readonly string[]): string {
  const shown = names.length <= 5 ? names.map(quote) : [...names.slice(0, 3).map(quote), '...', quote(names[names.length - 1] ?? '')]
  return shown.join(' -> ')
}

/**
 * The chains deeper than {@link NESTING_LIMIT}, each once, by the object at
 * its top (one that no other too-deep object links).
 */
export function tooDeep<T extends ApplicationGroup | Task>(nesting: Nesting<T>): TooDeep[] {
  const over = [...nesting.chains].filter(([, c]) => c.depth > NESTING_LIMIT)
  const below = new Set<T>()
  for (const [object] of over) for (const to of nesting.links(object)) below.add(to)
  const out: TooDeep[] = []
  for (const [object, chain] of over) {
    if (below.has(object)) continue
    const visit = nesting.visits.get(object)
    if (visit === undefined) continue
    const names = chainFrom(nesting.chains, object).map((o) => o.name)
    const kind = visit.kind === 'group' ? 'group' : taskKind(object as Task)
    out.push({ kind, object, path: visit.path, depth: chain.depth, chain: chainText(names) })
  }
  return out
}

/** The key {@link depthsByGuid} files an object under: its kind (group or task) and GUID. */
export function nestingKey(object: ApplicationGroup | Task): string {
  return `${'groupType' in object ? 'g' : 't'}:${guidKey(object.guid)}`
}

/** The deepest chain from each group and task of a store, by {@link nestingKey} (the deepest when a GUID is shared). */
export function depthsByGuid(store: PolicyStore): Map<string, number> {
  const { groups, tasks } = storeNesting([...walkStore(store)], new LinkResolver(store))
  const out = new Map<string, number>()
  for (const chains of [groups.chains, tasks.chains] as const) {
    for (const [object, c] of chains) {
      const key = nestingKey(object)
      if ((out.get(key) ?? 0) < c.depth) out.set(key, c.depth)
    }
  }
  return out
}
