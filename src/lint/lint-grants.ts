import { operationNumber, type Operation } from '../model/policy.js'
import { quote } from '../model/quote.js'
import type { Visited } from '../model/walk.js'
import { roleAssignments, type FactsTable } from './facts-table.js'
import { LintCode, type LintSink } from './lint-warning.js'

/** Hyper-V's application, as Hyper-V opens it (the name compared without regard to case). */
export const HYPERV_APPLICATION = 'hyper-v services'

/** Hyper-V operations that act on virtual machines: 300 to 345 and 355 (the VM area of docs/store-format.md#112-operations). */
export const HYPERV_VM_OPERATIONS: ReadonlySet<number> = new Set([300, 305, 310, 315, 320, 325, 330, 335, 340, 345, 355])

function ids(ops: readonly Operation[]): string {
  const shown = ops.slice(0, 6).map((o) => `${o.operationId.trim()} ${quote(o.name)}`)
  return ops.length > 6 ? `${shown.join(', ')} and ${ops.length - 6} more` : shown.join(', ')
}

/** Role assignments that grant no operation at all. */
export function lintEmptyGrants(objects: readonly Visited[], grants: FactsTable, sink: LintSink): void {
  for (const v of roleAssignments(objects)) {
    if (grants.granted(v).length > 0) continue
    sink.warn(
      LintCode.AssignmentGrantsNothing,
      v.path,
      v.object.guid,
      'the role assignment grants no operation: it links no operation, or only tasks and role definitions without any; delete it or give it the role definition it is meant for',
    )
  }
}

/** Operations no role assignment with a member (a SID or a group) grants: nobody can be granted them. */
export function lintNeverGranted(objects: readonly Visited[], grants: FactsTable, sink: LintSink): void {
  const granted = new Set<Operation>()
  for (const v of roleAssignments(objects)) {
    if (v.object.members.length === 0 && v.object.appMemberLinks.length === 0) continue
    for (const op of grants.granted(v)) granted.add(op)
  }
  for (const v of objects) {
    if (v.kind !== 'operation' || granted.has(v.object)) continue
    sink.warn(
      LintCode.OperationNeverGranted,
      v.path,
      v.object.guid,
      `no role assignment with a member grants operation ${v.object.operationId.trim()} ${quote(v.object.name)}, so nobody can be granted it; that may be intended, or a role definition lost it`,
    )
  }
}

/**
 * In Hyper-V's application, application-level role assignments that grant VM
 * operations: they apply to every virtual machine, whatever its scope. Those
 * that grant every operation are left out: full administrators (such as the
 * default Administrator assignment) are meant to apply everywhere.
 */
export function lintHyperVAppLevel(objects: readonly Visited[], grants: FactsTable, sink: LintSink): void {
  for (const v of roleAssignments(objects)) {
    const app = v.container.application
    if (v.container.scope !== undefined || app.name.trim().toLowerCase() !== HYPERV_APPLICATION) continue
    const certain = grants.of(v).certain
    if (app.operations.every((op) => certain.has(op))) continue
    const vmOps = grants
      .granted(v)
      .filter((op) => HYPERV_VM_OPERATIONS.has(operationNumber(op) ?? Number.NaN))
      .sort((a, b) => (operationNumber(a) ?? 0) - (operationNumber(b) ?? 0))
    if (vmOps.length === 0) continue
    sink.warn(
      LintCode.HyperVAppLevelVmOperations,
      v.path,
      v.object.guid,
      `an application-level role assignment grants VM operations (${ids(vmOps)}): it applies to every virtual machine, whatever its scope; assign them in the scope of the VMs they are meant for`,
    )
  }
}
