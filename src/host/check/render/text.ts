import { countsText } from '../../../audit/render/location.js'
import { SEVERITIES } from '../../../audit/severity.js'
import { reportMetaLines } from '../../../report/report-meta.js'
import type { HostReport } from '../host-report.js'
import { hostLocation, plain } from './host-location.js'

/** The host report as plain text: the evidence header, the hosts, one line per finding, then the counts. Control characters in names are shown as `?`. */
export function hostReportText(report: HostReport): string {
  const lines: string[] = report.report === undefined ? [] : [...reportMetaLines(report.report).map(plain), '']
  lines.push(plain(`host check of ${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'}: ${report.hosts.join(', ') || 'none'}`), '')
  for (const f of report.findings) lines.push(`${f.severity} ${f.code} ${hostLocation(f)}: ${plain(f.message)}`)
  if (report.findings.length === 0) lines.push('no findings')
  lines.push(`${countsText(report.counts, SEVERITIES)}`)
  return `${lines.join('\n')}\n`
}
