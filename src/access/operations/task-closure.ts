import type { Container } from '../../model/paths.js'
import { hasBizRule, type RoleAssignment, type Task } from '../../model/policy.js'
import type { ApplicationContext } from '../index/application-context.js'
import { addOp, emptyOpSet, subtractInto, unionInto, type OpSet } from './op-set.js'

/**
 * The operations a role definition, task or role assignment reaches
 * (docs/access-evaluation.md#53-operation-closure): `certain` through at least
 * one path with no business rule, `conditional` only through paths that carry
 * one. The two sets are disjoint.
 */
export interface Reach {
  readonly certain: OpSet
  readonly conditional: OpSet
}

/** A role-assignment link that cannot be followed. */
export interface BrokenTaskLink {
  readonly roleAssignment: RoleAssignment
  readonly guid: string
  readonly list: 'taskLinks' | 'operationLinks'
  readonly reason: 'missing' | 'wrong-kind' | 'not-visible'
}

/**
 * Operation closures of tasks and role definitions, each computed once.
 *
 * A task's links resolve from the task's own container (an application-level
 * task never sees a scope's tasks), so its closure does not depend on who links
 * it and is cached. Each closure is a depth-first walk in which a task is
 * expanded at most twice (once on a path with a BizRule, once without), so
 * cycles (corrupt input, docs/access-evaluation.md#53-operation-closure step 6)
 * terminate and every reachable operation is found. A task whose BizRule text
 * is empty has no business rule, whatever its BizRuleLanguage says
 * (`hasBizRule`).
 */
export class TaskClosures {
  private readonly memo = new Map<Task, Reach>()

  constructor(private readonly context: ApplicationContext) {}

  task(root: Task): Reach {
    const known = this.memo.get(root)
    if (known) return known
    const { resolver, operations } = this.context
    const certain = emptyOpSet(operations.size)
    const conditional = emptyOpSet(operations.size)
    /** false: expanded on a path without BizRule (covers everything); true: only with one. */
    const expanded = new Map<Task, boolean>()
    const stack: { task: Task; before: boolean }[] = [{ task: root, before: false }]
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const { task, before } = item
      const memo = task === root ? undefined : this.memo.get(task)
      if (memo) {
        if (!before) unionInto(certain, memo.certain)
        else unionInto(conditional, memo.certain)
        unionInto(conditional, memo.conditional)
        continue
      }
      const after = before || hasBizRule(task)
      const previous = expanded.get(task)
      if (previous === false || (previous === true && after)) continue
      expanded.set(task, after)
      const home = this.context.taskContainer(task)
      for (const guid of task.operationLinks) {
        const r = resolver.operation(home, guid)
        const index = r.status === 'found' ? operations.indexOfGuid(r.target.guid) : undefined
        if (index !== undefined) addOp(after ? conditional : certain, index)
      }
      for (const guid of task.taskLinks) {
        const r = resolver.task(home, guid)
        if (r.status === 'found') stack.push({ task: r.target, before: after })
      }
    }
    subtractInto(conditional, certain)
    const reach = { certain, conditional }
    this.memo.set(root, reach)
    return reach
  }

  /**
   * What a role assignment reaches: operations linked on it directly, treated
   * like task-linked ones (docs/access-evaluation.md#53-operation-closure
   * step 1), and the closures of its tasks and role definitions, resolved from
   * its container.
   */
  roleAssignment(ra: RoleAssignment, container: Container): { reach: Reach; broken: BrokenTaskLink[] } {
    const { resolver, operations } = this.context
    const certain = emptyOpSet(operations.size)
    const conditional = emptyOpSet(operations.size)
    const broken: BrokenTaskLink[] = []
    for (const guid of ra.operationLinks) {
      const r = resolver.operation(container, guid)
      const index = r.status === 'found' ? operations.indexOfGuid(r.target.guid) : undefined
      if (index !== undefined) addOp(certain, index)
      else broken.push({ roleAssignment: ra, guid, list: 'operationLinks', reason: r.status === 'found' ? 'not-visible' : r.status })
    }
    for (const guid of ra.taskLinks) {
      const r = resolver.task(container, guid)
      if (r.status !== 'found') {
        broken.push({ roleAssignment: ra, guid, list: 'taskLinks', reason: r.status })
        continue
      }
      const reach = this.task(r.target)
      unionInto(certain, reach.certain)
      unionInto(conditional, reach.conditional)
    }
    subtractInto(conditional, certain)
    return { reach: { certain, conditional }, broken }
  }
}
