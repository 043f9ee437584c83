import { operationNumber, type Operation } from '../model/policy.js'
import type { Template } from '../templates/template.js'
import type { CellState, MatrixRow } from './report.js'
import type { AssignmentFacts } from '../access/assignment-facts.js'
import type { Severity } from './severity.js'

export interface RowInput {
  readonly scope: string | null
  readonly roleAssignment: string
  readonly template: Template | null
  readonly severity: Severity | null
  readonly grants: Pick<AssignmentFacts, 'certain' | 'conditional'>
  /** The matrix columns: every operation of the application, in order. */
  readonly appOperations: readonly Operation[]
}

/** One role assignment's row of the matrix: what it grants of each operation, against its template. */
export function matrixRow(input: RowInput): MatrixRow {
  const { template, grants } = input
  const allowed = new Set(template?.operations.map((o) => o.id) ?? [])
  const required = new Set(template?.operations.filter((o) => o.required).map((o) => o.id) ?? [])
  const cells = input.appOperations.map((op): CellState => {
    const id = operationNumber(op) ?? Number.NaN
    if (grants.certain.has(op)) return template === null ? 'granted' : allowed.has(id) ? 'allowed' : 'excess'
    if (grants.conditional.has(op)) return template === null || allowed.has(id) ? 'conditional' : 'conditional-excess'
    return required.has(id) ? 'missing' : 'none'
  })
  return { scope: input.scope, roleAssignment: input.roleAssignment, template: template?.name ?? null, severity: input.severity, cells }
}
