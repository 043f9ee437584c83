import type { AuditReport } from '../report.js'
import { operationIds } from './location.js'
import { reportMetaLines } from '../../report/report-meta.js'

export const CSV_COLUMNS = ['severity', 'code', 'app', 'scope', 'roleAssignment', 'principalSid', 'principalName', 'template', 'operations', 'message'] as const

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. A field a spreadsheet would read as a formula (starting with = + - @,
 * TAB or CR) gets a leading apostrophe, so a hostile name cannot run there.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The findings as CSV, one row per finding, with a header row; CRLF line ends. The evidence header
 * comes first as comment lines starting with `#` (`report.madeAt` and so on, one a line), which
 * CSV readers skip with their comment option (`comment: '#'`, pandas `comment='#'`).
 */
export function auditCsv(report: AuditReport): string {
  const meta = report.report === undefined ? [] : reportMetaLines(report.report).map((l) => `# ${l}`)
  const rows = [...meta, CSV_COLUMNS.join(',')]
  for (const f of report.findings) {
    const fields = [
      f.severity,
      f.code,
      f.app,
      f.scope ?? '',
      f.roleAssignment ?? '',
      f.principal?.sid ?? '',
      f.principal?.name ?? '',
      f.template ?? '',
      operationIds(f.operations).replace(/, /g, ' '),
      f.message,
    ]
    rows.push(fields.map(csvField).join(','))
  }
  return `${rows.join('\r\n')}\r\n`
}
