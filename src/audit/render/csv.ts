import type { AuditReport } from '../report.js'
import { operationIds } from './location.js'
import { reportMetaLines, type ReportMeta } from '../../report/report-meta.js'

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
  return csvReport(
    report.report,
    CSV_COLUMNS,
    report.findings.map((f) => [
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
    ]),
  )
}

/**
 * A report as CSV (RFC 4180, CRLF): the evidence header as `#` comment lines, a header row of
 * `columns`, then one row per entry of `rows`, every field through {@link csvField}.
 */
export function csvReport(meta: ReportMeta | undefined, columns: readonly string[], rows: Iterable<readonly string[]>): string {
  return [...csvLines(meta, columns, rows)].join('')
}

/** {@link csvReport} a line at a time (each with its CRLF), for reports too large to hold as one string. */
export function* csvLines(meta: ReportMeta | undefined, columns: readonly string[], rows: Iterable<readonly string[]>): Generator<string> {
  if (meta !== undefined) for (const l of reportMetaLines(meta)) yield `# ${l}\r\n`
  yield `${columns.join(',')}\r\n`
  for (const fields of rows) yield `${fields.map(csvField).join(',')}\r\n`
}
