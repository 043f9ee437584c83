import { stronglyConnected } from '../../model/graph.js'
import type { MigrationAction } from './migration-model.js'

/**
 * The containment of actions (child → the groups that contain it) made acyclic without changing what
 * any group reaches: the tasks of a loop (corrupt input AzMan still evaluates: each reaches what the
 * others reach) lose the links between them, and each of them instead contains directly every child
 * of the loop from outside it.
 *
 * @param groups the action groups (tasks, role definitions) by id
 * @param children a group's direct children (action ids: operations and groups)
 * @returns each action id's parents, sorted
 */
export function acyclicParents(groups: readonly string[], children: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const isGroup = new Set(groups)
  const component = stronglyConnected(groups, (g) => (children.get(g) ?? []).filter((c) => isGroup.has(c)))
  const members = new Map<number, string[]>()
  for (const g of groups) {
    const n = component.get(g) ?? -1
    members.set(n, [...(members.get(n) ?? []), g])
  }
  const parents = new Map<string, Set<string>>()
  const link = (child: string, parent: string) => {
    const set = parents.get(child) ?? new Set<string>()
    set.add(parent)
    parents.set(child, set)
  }
  for (const g of groups) {
    const loop = members.get(component.get(g) ?? -1) ?? [g]
    const inLoop = new Set(loop)
    // Every member of a loop contains the children of every member, from outside the loop.
    for (const member of loop) for (const child of children.get(member) ?? []) if (!inLoop.has(child)) link(child, g)
  }
  return new Map([...parents].map(([child, set]) => [child, [...set].sort()]))
}

/** Each action's ancestors: the action groups that contain it at any depth, sorted. */
export function actionAncestors(actions: readonly MigrationAction[]): Map<string, string[]> {
  const parents = new Map(actions.map((a) => [a.id, a.parents]))
  const out = new Map<string, string[]>()
  for (const a of actions) {
    const seen = new Set<string>()
    const stack = [...a.parents]
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      if (seen.has(p)) continue
      seen.add(p)
      stack.push(...(parents.get(p) ?? []))
    }
    out.set(a.id, [...seen].sort())
  }
  return out
}
