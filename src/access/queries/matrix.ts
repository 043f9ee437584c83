import { roleAssignmentRef, type RoleAssignmentRef } from '../explain/proof.js'
import type { AccessIndex } from '../index/access-index.js'
import { hasOp } from '../operations/op-set.js'
import type { OperationRef } from '../operations/operation-table.js'

/** What a role assignment grants of one operation: through a path without BizRule, only through BizRules, or not. */
export type Cell = 'certain' | 'conditional' | null

export interface MatrixRow {
  readonly roleAssignment: RoleAssignmentRef
  /** One cell per operation, in the order of {@link AccessMatrix.operations}. */
  readonly cells: readonly Cell[]
}

export interface AccessMatrix {
  readonly application: string
  readonly operations: readonly OperationRef[]
  /** The application level first (scope null), then each scope. */
  readonly containers: readonly { readonly scope: string | null; readonly rows: readonly MatrixRow[] }[]
}

/**
 * Role assignments x operations, per container
 * (docs/access-evaluation.md#64-matrix-and-role-assignment-grants): what each
 * assignment grants to whoever holds it. Membership is not part of the matrix;
 * application-level rows apply in every scope.
 */
export function accessMatrix(index: AccessIndex): AccessMatrix {
  const operations = index.context.operations
  const opIndexes = operations.operations.map((_, i) => i)
  const containers = [...index.containers()].map((c) => ({
    scope: c.scopeName ?? null,
    rows: c.roleAssignments.map((ra) => ({
      roleAssignment: roleAssignmentRef(ra.roleAssignment, ra.container),
      cells: opIndexes.map((op): Cell => (hasOp(ra.reach.certain, op) ? 'certain' : hasOp(ra.reach.conditional, op) ? 'conditional' : null)),
    })),
  }))
  return { application: index.application.name, operations: opIndexes.map((i) => operations.ref(i)), containers }
}
