import { csvLines } from '../../../audit/render/csv.js'
import type { HostFinding } from '../host-finding.js'
import type { HostReport } from '../host-report.js'
import { hostOperations } from './host-location.js'

/** The columns of the CSV host report. */
export const HOST_CSV_COLUMNS = ['severity', 'code', 'host', 'app', 'scope', 'principalSid', 'principalName', 'operations', 'vms', 'hosts', 'message'] as const

/**
 * The findings as CSV (RFC 4180, CRLF), one row per finding after a header
 * row; the evidence header first as `#` comment lines. Fields a spreadsheet
 * would read as formulas get a leading apostrophe ({@link csvField}); lists
 * (operations, VMs, hosts) are joined with `; `.
 */
export function hostReportCsv(report: HostReport): Generator<string> {
  return csvLines(report.report, HOST_CSV_COLUMNS, rows(report.findings))
}

function* rows(findings: readonly HostFinding[]): Generator<readonly string[]> {
  for (const f of findings) {
    yield [
      f.severity,
      f.code,
      f.host ?? '',
      f.app ?? '',
      f.scope ?? '',
      f.principal?.sid ?? '',
      f.principal?.name ?? '',
      hostOperations(f.operations, ' '),
      f.vms.join('; '),
      f.hosts.join('; '),
      f.message,
    ]
  }
}
