import { countsText } from '../../../audit/render/location.js'
import { SEVERITIES } from '../../../audit/severity.js'
import { reportMetaLines } from '../../../report/report-meta.js'
import type { HostReport } from '../host-report.js'
import { hostLocation, plain } from './host-location.js'

/**
 * The host report as plain text, a line at a time: the evidence header, the hosts, one line per
 * finding, then the counts. Control characters in names are shown as `?`.
 */
export function* hostReportText(report: HostReport): Generator<string> {
  if (report.report !== undefined) for (const l of [...reportMetaLines(report.report).map(plain), '']) yield `${l}\n`
  yield `${plain(`host check of ${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'}: ${report.hosts.join(', ') || 'none'}`)}\n\n`
  for (const f of report.findings) yield `${f.severity} ${f.code} ${hostLocation(f)}: ${plain(f.message)}\n`
  if (report.findings.length === 0) yield 'no findings\n'
  yield `${countsText(report.counts, SEVERITIES)}\n`
}
