/**
 * The nodes reachable from `root` (itself included) that are not `done` yet,
 * each after every node it depends on: the order in which to compute values
 * that need their dependencies' values. Walks with an explicit stack, so a
 * chain as long as a store can hold (nested groups, say) costs no call-stack
 * depth. The dependency graph must have no cycle among the nodes it returns
 * (callers cut loops first); a node on a cycle would come out before its
 * dependency.
 */
export function dependenciesFirst<T>(root: T, dependencies: (node: T) => Iterable<T>, done: (node: T) => boolean): T[] {
  const order: T[] = []
  const state = new Map<T, 'open' | 'done'>()
  const stack: { readonly node: T; readonly expanded: boolean }[] = [{ node: root, expanded: false }]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, expanded } = top
    if (done(node) || state.get(node) === 'done') continue
    if (expanded) {
      state.set(node, 'done')
      order.push(node)
      continue
    }
    if (state.get(node) === 'open') continue
    state.set(node, 'open')
    stack.push({ node, expanded: true })
    for (const next of dependencies(node)) if (!done(next) && !state.has(next)) stack.push({ node: next, expanded: false })
  }
  return order
}
