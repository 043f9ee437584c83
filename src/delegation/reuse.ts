import { ApplicationContext } from '../access/index/application-context.js'
import { isEmptyOpSet, opIndices } from '../access/operations/op-set.js'
import { TaskClosures } from '../access/operations/task-closure.js'
import { sameName } from '../change-set/locate.js'
import { guidKey, type Application, type Operation, type PolicyStore, type RoleAssignment, type Task } from '../model/policy.js'

/** An existing role definition a delegation reuses, and where it lives (undefined: application level). */
export interface ReusedRoleDefinition {
  readonly task: Task
  readonly scope: string | undefined
}

/**
 * An existing role definition whose effective operations (its own links and
 * those of the tasks and role definitions nested in it, as AccessCheck
 * follows them) are exactly `operations`, with no business rule on the way:
 * one at application level, or in `scope`, where a role assignment there can
 * link it. Whatever its name; one named `preferred` wins among equals, then
 * the first in store order (application level first).
 */
export function equivalentRoleDefinition(policy: PolicyStore, app: Application, scope: string | undefined, operations: readonly Operation[], preferred: string): ReusedRoleDefinition | undefined {
  const context = new ApplicationContext(policy, app)
  const closures = new TaskClosures(context)
  const wanted = new Set(operations.map((o) => context.operations.indexOfGuid(o.guid)))
  const inScope = scope === undefined ? undefined : context.scope(scope)
  const candidates = [context.appLevel, ...(inScope === undefined ? [] : [inScope])].flatMap((c) => c.tasks.filter((t) => t.roleDefinition).map((task) => ({ task, scope: c.scope?.name })))
  const equal = candidates.filter(({ task }) => {
    const reach = closures.task(task)
    const got = opIndices(reach.certain)
    return isEmptyOpSet(reach.conditional) && got.length === wanted.size && got.every((i) => wanted.has(i))
  })
  return equal.find((c) => sameName(c.task.name, preferred)) ?? equal[0]
}

/** A role assignment that links exactly this one role definition (no other role definition, task or operation), in store order. */
export function assignmentOfExactly(roleAssignments: readonly RoleAssignment[], roleDefinition: Task): RoleAssignment | undefined {
  const key = guidKey(roleDefinition.guid)
  return roleAssignments.find((ra) => ra.operationLinks.length === 0 && ra.taskLinks.length === 1 && guidKey(ra.taskLinks[0] ?? '') === key)
}
