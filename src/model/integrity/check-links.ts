import { formatPath, kindLabel, type Container, type ObjectPath } from '../paths.js'
import type { ApplicationGroup, Task } from '../policy.js'
import type { LinkResolver, Resolution } from '../resolve.js'
import type { Visited } from '../walk.js'
import { FindingCode } from './finding.js'
import type { FindingSink } from './sink.js'
import { article, quote } from '../quote.js'
import { OBJECTS_PER_STEP, type Steps } from '../steps.js'

type LinkList = 'OperationLink' | 'TaskLink' | 'AppMemberLink' | 'AppNonMemberLink'

function reportUnresolved(sink: FindingSink, resolution: Resolution<unknown>, list: LinkList, expected: string, guid: string, path: ObjectPath, objectGuid: string): void {
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

/** Every link resolves to an object of the right kind that is visible from where it is linked. */
export function* checkLinks(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): Steps<void> {
  let n = 0
  for (const visited of objects) {
    if (++n % OBJECTS_PER_STEP === 0) yield
    const { path } = visited
    switch (visited.kind) {
      case 'task':
      case 'role-definition':
      case 'role-assignment': {
        const { object, container } = visited
        for (const g of object.operationLinks) reportUnresolved(sink, resolver.operation(container, g), 'OperationLink', 'operation', g, path, object.guid)
        for (const g of object.taskLinks) reportUnresolved(sink, resolver.task(container, g), 'TaskLink', 'task or role definition', g, path, object.guid)
        if (visited.kind === 'role-assignment') {
          for (const g of visited.object.appMemberLinks) {
            reportUnresolved(sink, resolver.group(container, g), 'AppMemberLink', 'application group', g, path, object.guid)
          }
        }
        break
      }
      case 'group': {
        const { object, container } = visited
        for (const g of object.appMemberLinks) reportUnresolved(sink, resolver.group(container, g), 'AppMemberLink', 'application group', g, path, object.guid)
        for (const g of object.appNonMemberLinks) {
          reportUnresolved(sink, resolver.group(container, g), 'AppNonMemberLink', 'application group', g, path, object.guid)
        }
        break
      }
      default:
        break
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

/** Tasks and role definitions must not contain themselves, directly or through nesting. */
export function* checkTaskCycles(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): Steps<void> {
  interface Node {
    readonly task: Task
    readonly container: Container
    readonly path: ObjectPath
    readonly kind: 'task' | 'role-definition'
  }
  const nodes: Node[] = []
  const byTask = new Map<Task, Node>()
  for (const v of objects) {
    if (v.kind !== 'task' && v.kind !== 'role-definition') continue
    const node: Node = { task: v.object, container: v.container, path: v.path, kind: v.kind }
    nodes.push(node)
    byTask.set(v.object, node)
  }
  const edges = (n: Node): Node[] => {
    const out: Node[] = []
    for (const g of n.task.taskLinks) {
      const r = resolver.task(n.container, g)
      const target = r.status === 'found' ? byTask.get(r.target) : undefined
      if (target) out.push(target)
    }
    return out
  }
  for (const cycle of yield* findCycles(nodes, edges)) {
    const first = cycle[0]
    if (!first) continue
    const names = [...cycle, first].map((n) => `${kindLabel(n.kind)} ${quote(n.task.name)}`).join(' -> ')
    sink.error(FindingCode.TaskCycle, first.path, first.task.guid, `tasks form a cycle: ${names}; AzMan treats such a store as corrupt, remove one TaskLink`)
  }
}

/** Application groups must not contain themselves through AppMemberLink or AppNonMemberLink. */
export function* checkGroupCycles(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): Steps<void> {
  interface Node {
    readonly group: ApplicationGroup
    readonly container: Container | undefined
    readonly path: ObjectPath
  }
  const nodes: Node[] = []
  const byGroup = new Map<ApplicationGroup, Node>()
  for (const v of objects) {
    if (v.kind !== 'group') continue
    const node: Node = { group: v.object, container: v.container, path: v.path }
    nodes.push(node)
    byGroup.set(v.object, node)
  }
  const edges = (n: Node): Node[] => {
    const out: Node[] = []
    for (const g of [...n.group.appMemberLinks, ...n.group.appNonMemberLinks]) {
      const r = resolver.group(n.container, g)
      const target = r.status === 'found' ? byGroup.get(r.target) : undefined
      if (target) out.push(target)
    }
    return out
  }
  for (const cycle of yield* findCycles(nodes, edges)) {
    const first = cycle[0]
    if (!first) continue
    const names = [...cycle, first].map((n) => quote(n.group.name)).join(' -> ')
    sink.error(FindingCode.GroupCycle, first.path, first.group.guid, `application groups form a loop: ${names}; AzMan refuses such loops, remove one link (at ${formatPath(first.path)})`)
  }
}
