import type { Container } from '../../model/paths.js'
import { guidKey, hasBizRule, type RoleAssignment, type Task } from '../../model/policy.js'
import type { ApplicationContext } from '../index/application-context.js'
import { operationRef } from '../operations/operation-table.js'
import { MAYBE, NO, YES, type Tri } from '../tri.js'
import { taskStep, type Condition, type PathStep } from './proof.js'

/** How a role assignment reaches one operation: exact, and with the paths to show. */
export interface OperationPaths {
  /** YES: some path has no business rule; MAYBE: every path has one; NO: unreachable. */
  readonly tri: Tri
  /** A shortest path, certain when one exists; empty when unreachable. */
  readonly path: readonly PathStep[]
  /** When only conditional: every task with a business rule that lies on some path to the operation. */
  readonly conditions: readonly Condition[]
}

interface State {
  readonly task: Task
  readonly biz: boolean
  readonly parent: State | undefined
}

/**
 * The paths from a role assignment to one operation, walked directly on the
 * model (docs/access-evaluation.md#53-operation-closure): a breadth-first
 * search over (task, "a BizRule was passed") states, so each task is expanded
 * at most twice and cycles terminate. Links resolve from each object's own
 * container. This is the explanation, and the reference the index is tested
 * against.
 */
export function operationPaths(context: ApplicationContext, ra: RoleAssignment, container: Container, op: number): OperationPaths {
  const { resolver, operations } = context
  const target = operations.operation(op)
  const targetKey = guidKey(target.guid)
  const opStep: PathStep = { type: 'operation', ...operationRef(target) }
  const linksTarget = (from: Container, guids: readonly string[]): boolean =>
    guids.some((g) => {
      if (guidKey(g) !== targetKey) return false
      const r = resolver.operation(from, g)
      return r.status === 'found' && r.target === target
    })
  if (linksTarget(container, ra.operationLinks)) return { tri: YES, path: [opStep], conditions: [] }

  const children = (task: Task): Task[] => {
    const home = context.taskContainer(task)
    const out: Task[] = []
    for (const g of task.taskLinks) {
      const r = resolver.task(home, g)
      if (r.status === 'found') out.push(r.target)
    }
    return out
  }
  /** Expanded states: [without a BizRule so far, with one]. */
  const seen = [new Set<Task>(), new Set<Task>()] as const
  const queue: State[] = []
  const visit = (task: Task, before: boolean, parent: State | undefined): void => {
    const biz = before || hasBizRule(task)
    const set = seen[biz ? 1 : 0]
    if (set.has(task)) return
    set.add(task)
    queue.push({ task, biz, parent })
  }
  for (const g of ra.taskLinks) {
    const r = resolver.task(container, g)
    if (r.status === 'found') visit(r.target, false, undefined)
  }
  let certain: State | undefined
  let conditional: State | undefined
  /** Every reachable task, with the reachable tasks that link it. */
  const linkedFrom = new Map<Task, Task[]>()
  const direct: Task[] = []
  const expanded = new Set<Task>()
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i] as State
    const first = !expanded.has(state.task)
    expanded.add(state.task)
    if (!linkedFrom.has(state.task)) linkedFrom.set(state.task, [])
    if (linksTarget(context.taskContainer(state.task), state.task.operationLinks)) {
      if (first) direct.push(state.task)
      if (!state.biz) certain ??= state
      else conditional ??= state
    }
    for (const child of children(state.task)) {
      if (first) {
        const from = linkedFrom.get(child)
        if (from) from.push(state.task)
        else linkedFrom.set(child, [state.task])
      }
      visit(child, state.biz, state)
    }
  }
  const pathOf = (state: State): PathStep[] => {
    // Collected from the operation's end and reversed once: unshift per step is quadratic in the depth.
    const steps: PathStep[] = [opStep]
    for (let s: State | undefined = state; s !== undefined; s = s.parent) steps.push(taskStep(context, s.task))
    return steps.reverse()
  }
  if (certain) return { tri: YES, path: pathOf(certain), conditions: [] }
  if (!conditional) return { tri: NO, path: [], conditions: [] }
  // Tasks on some path to the operation: walk backwards from those that link it.
  const reaches = new Set<Task>(direct)
  const back = [...direct]
  for (let task = back.pop(); task !== undefined; task = back.pop()) {
    for (const from of linkedFrom.get(task) ?? []) {
      if (!reaches.has(from)) {
        reaches.add(from)
        back.push(from)
      }
    }
  }
  const conditions: Condition[] = []
  for (const task of linkedFrom.keys()) if (reaches.has(task) && hasBizRule(task)) conditions.push({ type: 'bizrule-task', task: taskStep(context, task) })
  return { tri: MAYBE, path: pathOf(conditional), conditions }
}
