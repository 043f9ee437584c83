/**
 * Walks over the link graphs of a store (groups nested in groups, tasks in
 * tasks), all iterative: a chain of any length read from disk costs heap, never
 * stack.
 */

/**
 * Tarjan's algorithm, iterative: the component number of every node reachable
 * from `nodes`. Nodes of one loop share a number; a node in no loop has a
 * number of its own.
 */
export function stronglyConnected<N>(nodes: Iterable<N>, edges: (node: N) => readonly N[]): Map<N, number> {
  const index = new Map<N, number>()
  const low = new Map<N, number>()
  const onStack = new Set<N>()
  const stack: N[] = []
  const component = new Map<N, number>()
  let counter = 0
  let components = 0
  for (const root of nodes) {
    if (index.has(root)) continue
    const work: { node: N; edges: readonly N[]; i: number }[] = []
    const open = (node: N): void => {
      index.set(node, counter)
      low.set(node, counter)
      counter++
      stack.push(node)
      onStack.add(node)
      work.push({ node, edges: edges(node), i: 0 })
    }
    open(root)
    while (work.length > 0) {
      const frame = work[work.length - 1]
      if (frame === undefined) break
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++] as N
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

/** The longest chain that starts at one node. */
export interface Chain<N> {
  /** How many nodes the chain holds, this one included: 1 for a node that links nothing. */
  readonly depth: number
  /** The next node of the chain; undefined at its end. */
  readonly next: N | undefined
}

/** The longest chains of a graph, and the links they follow. */
export interface Chains<N> {
  readonly chains: ReadonlyMap<N, Chain<N>>
  /** The links of a node that are followed: those to nodes outside its loop (all of them, for a node in none). */
  readonly links: (node: N) => readonly N[]
}

/**
 * The longest chain of links from every node reachable from `nodes`
 * (iterative, linear in nodes and links). Links between two nodes of one loop
 * are not followed (loops are reported on their own), so what is measured is
 * the graph without them, which has no cycle: the graph an evaluator that
 * cuts loops the same way walks.
 */
export function longestChains<N>(nodes: Iterable<N>, edges: (node: N) => readonly N[]): Chains<N> {
  const all = [...nodes]
  // Each node's links are asked for once: resolving them is most of the cost.
  const known = new Map<N, readonly N[]>()
  const linksOf = (node: N): readonly N[] => {
    let links = known.get(node)
    if (links === undefined) {
      links = edges(node)
      known.set(node, links)
    }
    return links
  }
  const component = stronglyConnected(all, linksOf)
  const followed = new Map<N, readonly N[]>()
  const out = (node: N): readonly N[] => {
    let links = followed.get(node)
    if (links === undefined) {
      const c = component.get(node)
      links = linksOf(node).filter((to) => component.get(to) !== c)
      followed.set(node, links)
    }
    return links
  }
  const chains = new Map<N, Chain<N>>()
  const open = new Set<N>()
  for (const root of all) {
    if (chains.has(root)) continue
    const work: { node: N; edges: readonly N[]; i: number }[] = [{ node: root, edges: out(root), i: 0 }]
    open.add(root)
    while (work.length > 0) {
      const frame = work[work.length - 1]
      if (frame === undefined) break
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++] as N
        // `open` holds the nodes being walked: with loop links cut there is none to meet again; kept as a guard.
        if (!chains.has(to) && !open.has(to)) {
          open.add(to)
          work.push({ node: to, edges: out(to), i: 0 })
        }
        continue
      }
      let best: Chain<N> = { depth: 1, next: undefined }
      for (const to of frame.edges) {
        const below = chains.get(to)
        if (below !== undefined && below.depth + 1 > best.depth) best = { depth: below.depth + 1, next: to }
      }
      chains.set(frame.node, best)
      open.delete(frame.node)
      work.pop()
    }
  }
  return { chains, links: out }
}

/** The nodes of the chain that starts at `node`, in order. */
export function chainFrom<N>(chains: ReadonlyMap<N, Chain<N>>, node: N): N[] {
  const out: N[] = []
  for (let n: N | undefined = node; n !== undefined; n = chains.get(n)?.next) out.push(n)
  return out
}
