import { formatPath, kindLabel, type Container, type ObjectPath } from '../paths.js'
import { holdsLinks, LINK_FIELDS, linksIn, type LinkField, type LinkFieldInfo, type LinkHolderKind, type LinkHolders, type LinkTarget } from '../links.js'
import type { ApplicationGroup, Operation, Task } from '../policy.js'
import type { LinkResolver, Resolution } from '../resolve.js'
import type { Visited } from '../walk.js'
import { FindingCode } from './finding.js'
import type { FindingSink } from './sink.js'
import { article, quote } from '../quote.js'
import { OBJECTS_PER_STEP, type Steps } from '../steps.js'

function reportUnresolved(sink: FindingSink, resolution: Resolution<unknown>, link: LinkFieldInfo, guid: string, path: ObjectPath, objectGuid: string): void {
  const { element: list, targetLabel: expected } = link
  switch (resolution.status) {
    case 'found':
      return
    case 'missing':
      sink.error(FindingCode.DanglingLink, path, objectGuid, `${list} ${guid} points at no object in the store; remove the link or restore the ${expected}`)
      return
    case 'wrong-kind':
      sink.error(FindingCode.LinkWrongKind, path, objectGuid, `${list} ${guid} points at ${article(resolution.actualKind)}, not at ${article(expected)}`)
      return
    case 'not-visible':
      sink.error(FindingCode.LinkNotVisible, path, objectGuid, `${list} ${guid} points at ${article(expected)} in ${resolution.where}, which is out of reach from here; AzMan ignores such links`)
      return
  }
}

/** Findings name an object's operation links before its task links, whatever order the model keeps them in. */
const REPORT_ORDER: readonly LinkField[] = ['operationLinks', 'taskLinks', 'appMemberLinks', 'appNonMemberLinks']

function reportOrder(fields: readonly LinkFieldInfo[]): LinkFieldInfo[] {
  return [...fields].sort((a, b) => REPORT_ORDER.indexOf(a.field) - REPORT_ORDER.indexOf(b.field))
}

/** Resolves a link of a field from where the object holding it is. */
function resolveLink(resolver: LinkResolver, target: LinkTarget, container: Container | undefined, guid: string): Resolution<Task | ApplicationGroup | Operation> {
  if (target === 'group') return resolver.group(container, guid)
  // Only groups live outside applications, and only groups link groups.
  if (container === undefined) return { status: 'missing' }
  return target === 'task' ? resolver.task(container, guid) : resolver.operation(container, guid)
}

/** Every link resolves to an object of the right kind that is visible from where it is linked. */
export function* checkLinks(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): Steps<void> {
  let n = 0
  for (const visited of objects) {
    if (++n % OBJECTS_PER_STEP === 0) yield
    if (!holdsLinks(visited.kind)) continue
    const { path, object, container } = visited
    for (const link of reportOrder(LINK_FIELDS[visited.kind])) {
      for (const g of linksIn(object as LinkHolders[LinkHolderKind], link.field)) reportUnresolved(sink, resolveLink(resolver, link.target, container, g), link, g, path, object.guid)
    }
  }
}

/** Finds cycles in a directed graph given as adjacency lists; returns each cycle once, as a list of nodes. */
function* findCycles<N>(nodes: Iterable<N>, edges: (n: N) => readonly N[]): Steps<N[][]> {
  let n = 0
  const state = new Map<N, 1 | 2>() // 1 = on the stack, 2 = done
  const depth = new Map<N, number>() // where a node on the stack is
  const cycles: N[][] = []
  for (const start of nodes) {
    if (state.has(start)) continue
    // Iterative DFS: each frame is a node and the index of the next edge to follow.
    const stack: { node: N; next: number; out: readonly N[] }[] = [{ node: start, next: 0, out: edges(start) }]
    state.set(start, 1)
    depth.set(start, 0)
    while (stack.length > 0) {
      if (++n % OBJECTS_PER_STEP === 0) yield
      const frame = stack[stack.length - 1]
      if (frame === undefined) break
      const target = frame.out[frame.next++]
      if (target === undefined) {
        state.set(frame.node, 2)
        stack.pop()
        continue
      }
      const s = state.get(target)
      if (s === 1) {
        const from = depth.get(target) ?? 0
        cycles.push(stack.slice(from).map((f) => f.node))
      } else if (s === undefined) {
        state.set(target, 1)
        depth.set(target, stack.length)
        stack.push({ node: target, next: 0, out: edges(target) })
      }
    }
  }
  return cycles
}

/** A task, role definition or group in a nesting graph. */
interface Node<O extends Task | ApplicationGroup> {
  readonly kind: LinkHolderKind
  readonly object: O
  readonly container: Container | undefined
  readonly path: ObjectPath
}

/** The cycles of the nesting graph of `nodes` through their links to `target`s that resolve to other nodes. */
function* nestingCycles<O extends Task | ApplicationGroup>(nodes: readonly Node<O>[], target: 'task' | 'group', resolver: LinkResolver): Steps<Node<O>[][]> {
  const byObject = new Map<unknown, Node<O>>(nodes.map((node) => [node.object, node]))
  const edges = (node: Node<O>): Node<O>[] => {
    const out: Node<O>[] = []
    for (const link of LINK_FIELDS[node.kind]) {
      if (link.target !== target) continue
      for (const g of linksIn(node.object, link.field)) {
        const r = resolveLink(resolver, target, node.container, g)
        const next = r.status === 'found' ? byObject.get(r.target) : undefined
        if (next) out.push(next)
      }
    }
    return out
  }
  return yield* findCycles(nodes, edges)
}

/** Tasks and role definitions must not contain themselves, directly or through nesting. */
export function* checkTaskCycles(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): Steps<void> {
  const nodes: Node<Task>[] = []
  for (const v of objects) if (v.kind === 'task' || v.kind === 'role-definition') nodes.push({ kind: v.kind, object: v.object, container: v.container, path: v.path })
  for (const cycle of yield* nestingCycles(nodes, 'task', resolver)) {
    const first = cycle[0]
    if (!first) continue
    const names = [...cycle, first].map((n) => `${kindLabel(n.kind)} ${quote(n.object.name)}`).join(' -> ')
    sink.error(FindingCode.TaskCycle, first.path, first.object.guid, `tasks form a cycle: ${names}; AzMan treats such a store as corrupt, remove one TaskLink`)
  }
}

/** Application groups must not contain themselves through AppMemberLink or AppNonMemberLink. */
export function* checkGroupCycles(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): Steps<void> {
  const nodes: Node<ApplicationGroup>[] = []
  for (const v of objects) if (v.kind === 'group') nodes.push({ kind: v.kind, object: v.object, container: v.container, path: v.path })
  for (const cycle of yield* nestingCycles(nodes, 'group', resolver)) {
    const first = cycle[0]
    if (!first) continue
    const names = [...cycle, first].map((n) => quote(n.object.name)).join(' -> ')
    sink.error(FindingCode.GroupCycle, first.path, first.object.guid, `application groups form a loop: ${names}; AzMan refuses such loops, remove one link (at ${formatPath(first.path)})`)
  }
}
