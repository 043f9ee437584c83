import type { AccessMatrix, Cell } from '../../access/queries/matrix.js'
import { whereText } from '../access-args.js'

const MARK: Readonly<Record<'certain' | 'conditional', string>> = { certain: 'X', conditional: '?' }

function mark(cell: Cell): string {
  return cell === null ? '.' : MARK[cell]
}

/** The text form of `azman matrix`: one table per container, operations as columns by OperationID. */
export function renderMatrix(m: AccessMatrix): string {
  const ids = m.operations.map((o) => String(o.id ?? o.name))
  const out: string[] = [`Role assignments x operations of application "${m.application}" (X granted, ? only through a BizRule, . not granted)`]
  out.push('', 'Operations:')
  m.operations.forEach((o, i) => out.push(`  ${(ids[i] ?? '').padStart(5)}  ${o.name}`))
  for (const c of m.containers) {
    out.push('', `${whereText(c.scope)}${c.scope === null ? ' (these rows apply in every scope)' : ''}:`)
    if (c.rows.length === 0) {
      out.push('  no role assignments')
      continue
    }
    // A loop, not Math.max(...rows): spreading a row per role assignment can overflow the stack.
    const width = c.rows.reduce((w, r) => Math.max(w, r.roleAssignment.name.length), 'role assignment'.length)
    out.push(`  ${'role assignment'.padEnd(width)}  ${ids.map((id) => id.padStart(3)).join(' ')}`)
    for (const r of c.rows) out.push(`  ${r.roleAssignment.name.padEnd(width)}  ${r.cells.map((cell, i) => mark(cell).padStart(Math.max(3, (ids[i] ?? '').length))).join(' ')}`)
  }
  return `${out.join('\n')}\n`
}

function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The CSV form: a header `scope,role assignment,<OperationID name>...`, then
 * one row per role assignment; cells `certain`, `conditional` or empty. The
 * application level is the scope `""`. Fields that a spreadsheet would run as
 * a formula are prefixed with `'`.
 */
export function renderMatrixCsv(m: AccessMatrix): string {
  const header = ['scope', 'role assignment', ...m.operations.map((o) => `${o.id ?? ''} ${o.name}`.trim())]
  const rows = [header.map(csvField).join(',')]
  for (const c of m.containers) for (const r of c.rows) rows.push([c.scope ?? '', r.roleAssignment.name, ...r.cells.map((cell) => cell ?? '')].map(csvField).join(','))
  return `${rows.join('\r\n')}\r\n`
}
