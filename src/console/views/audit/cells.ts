import type { AccessMatrix, AuditReport, CellState } from '../../api/types'

/**
 * Background colour of each cell state: the HTML audit report's colours
 * (src/audit/render/html.ts CELL_COLOURS; test/console/audit.int.test.ts
 * checks rendered cells against them). Cells take them from their class
 * (`.c-<state>` in styles.css: the same colours); the legend from here.
 */
export const CELL_COLOURS: Readonly<Record<CellState, string>> = {
  allowed: '#4caf50',
  excess: '#e53935',
  conditional: '#fdd835',
  'conditional-excess': '#fb8c00',
  missing: '#42a5f5',
  granted: '#9e9e9e',
  none: '#ffffff',
}

/** What each state means, in words: the legend and each cell's text alternative. */
export const CELL_LABELS: Readonly<Record<CellState, string>> = {
  allowed: 'granted, allowed by the template',
  excess: 'granted beyond the template',
  conditional: 'granted only through a business rule',
  'conditional-excess': 'granted only through a business rule, beyond the template',
  missing: 'required by the template, not granted',
  granted: 'granted (no template, or not audited)',
  none: 'not granted',
}

/** A mark per state, so that the map does not rely on colour alone (the Markdown and HTML reports' marks, src/audit/render/markdown.ts CELL_MARK). */
export const CELL_MARKS: Readonly<Record<CellState, string>> = {
  allowed: '✓',
  excess: '✗',
  conditional: '?',
  'conditional-excess': '✗?',
  missing: '!',
  granted: '•',
  none: '',
}

/** One row of the heat map: a role assignment in its container. */
export interface HeatRow {
  readonly scope: string | null
  readonly roleAssignment: string
  /** The template the audit held it against, when it did. */
  readonly template: string | null
  readonly cells: readonly CellState[]
}

const rowKey = (scope: string | null, name: string) => `${scope ?? ''}\u0000${name.toLowerCase()}`
const opKey = (op: { id: number | null; name: string }) => `${op.id ?? ''}\u0000${op.name}`

/**
 * The matrix's rows, each cell as the audit judged it when the audit covers the
 * row (allowed, excess, missing...), else as the matrix says it (certain is
 * `granted`, conditional is `conditional`, nothing is `none`).
 */
export function heatRows(matrix: AccessMatrix, audit: AuditReport | undefined): HeatRow[] {
  const judged = audit?.matrices.find((m) => m.app.toLowerCase() === matrix.application.toLowerCase())
  const byRow = new Map((judged?.rows ?? []).map((r) => [rowKey(r.scope, r.roleAssignment), r]))
  const column = new Map((judged?.operations ?? []).map((op, i) => [opKey(op), i]))
  const columns = matrix.operations.map((op) => column.get(opKey(op)))
  const rows: HeatRow[] = []
  for (const container of matrix.containers) {
    for (const row of container.rows) {
      const audited = byRow.get(rowKey(container.scope, row.roleAssignment.name))
      const cells = row.cells.map((c, i): CellState => {
        const j = columns[i]
        const fromAudit = audited === undefined || j === undefined ? undefined : audited.cells[j]
        return fromAudit ?? (c === 'certain' ? 'granted' : c === 'conditional' ? 'conditional' : 'none')
      })
      rows.push({ scope: container.scope, roleAssignment: row.roleAssignment.name, template: audited?.template ?? null, cells })
    }
  }
  return rows
}
