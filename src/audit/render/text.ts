import type { AuditReport } from '../report.js'
import { SEVERITIES } from '../severity.js'
import { reportMetaLines } from '../../report/report-meta.js'
import { chosenText, countsText, holdersText, locationOf } from './location.js'

/** The audit as plain text: each role assignment with its template, then one line per finding, then a summary. */
export function auditText(report: AuditReport): string {
  const lines: string[] = report.report === undefined ? [] : [...reportMetaLines(report.report), '']
  lines.push(`audit of ${report.store} against ${report.templates.length} template${report.templates.length === 1 ? '' : 's'} (${report.templates.join(', ')})`)
  lines.push('')
  for (const a of report.assignments) {
    lines.push(`${locationOf(a)}: ${a.template === null ? 'no template' : `template ${a.template}`} (${chosenText(a)}: ${a.reason})`)
    const more = a.conditional.length > 0 ? `, ${a.conditional.length} more through business rules` : ''
    lines.push(`  grants ${a.granted.length} operation${a.granted.length === 1 ? '' : 's'}${more}; held by ${holdersText(a)}`)
  }
  if (report.assignments.length === 0) lines.push('no role assignments')
  lines.push('')
  for (const f of report.findings) lines.push(`${f.severity} ${f.code} ${locationOf(f)}: ${f.message}`)
  const reached = report.failOn === 'none' ? 'never fails (--fail-on none)' : report.failed ? `a finding reaches ${report.failOn}: FAIL` : `nothing reaches ${report.failOn}: pass`
  lines.push(`${report.store}: ${countsText(report.counts, SEVERITIES)}; ${reached}`)
  return `${lines.join('\n')}\n`
}
