import type { AuditReport, CellState } from '../report.js'
import { SEVERITIES } from '../severity.js'
import { reportMetaLines } from '../../report/report-meta.js'
import { chosenText, countsText, holdersText, locationOf, operationIds, principalText } from './location.js'

/** Text for a Markdown table cell: no line breaks, pipes and Markdown/HTML specials escaped. */
export function mdCell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|#&]/g, (c) => `\\${c}`)
}

/** What a matrix cell shows in Markdown. */
export const CELL_MARK: Readonly<Record<CellState, string>> = {
  allowed: '✓',
  excess: '✗',
  conditional: '?',
  'conditional-excess': '✗?',
  missing: '!',
  granted: '•',
  none: '',
}

/** The audit as Markdown: summary, role assignments, findings, and the matrix of each application. */
export function auditMarkdown(report: AuditReport): string {
  const out: string[] = []
  out.push(`# AzMan audit: ${mdCell(report.store)}`, '')
  if (report.report !== undefined) out.push(...reportMetaLines(report.report).map((l) => `- ${mdCell(l)}`), '')
  out.push(`Templates: ${report.templates.map(mdCell).join(', ')}. Findings: ${countsText(report.counts, SEVERITIES)}.`)
  out.push(report.failOn === 'none' ? 'Fail threshold: none.' : `Fail threshold: ${report.failOn}: **${report.failed ? 'FAIL' : 'pass'}**.`, '')

  out.push('## Role assignments', '', '| Where | Template | Chosen | Held by | Grants | Worst |', '| --- | --- | --- | --- | --- | --- |')
  for (const a of report.assignments) {
    const grants = `${a.granted.length}${a.conditional.length > 0 ? ` (+${a.conditional.length} by rule)` : ''}`
    out.push(`| ${mdCell(locationOf(a))} | ${mdCell(a.template ?? 'none')} | ${mdCell(`${chosenText(a)}: ${a.reason}`)} | ${mdCell(holdersText(a))} | ${grants} | ${a.severity ?? ''} |`)
  }
  out.push('', '## Findings', '')
  if (report.findings.length === 0) out.push('No findings.')
  else {
    out.push('| Severity | Code | Where | Principal | Operations | Message |', '| --- | --- | --- | --- | --- | --- |')
    for (const f of report.findings) {
      out.push(`| ${f.severity} | ${f.code} | ${mdCell(locationOf(f))} | ${mdCell(principalText(f.principal))} | ${mdCell(operationIds(f.operations))} | ${mdCell(f.message)} |`)
    }
  }
  for (const m of report.matrices) {
    if (m.rows.length === 0) continue
    out.push('', `## Matrix: ${mdCell(m.app)}`, '')
    out.push('✓ allowed by the template, ✗ beyond it, ? only through a business rule, ! required but not granted, • granted (no template).', '')
    out.push(`| Role assignment | ${m.operations.map((o) => mdCell(o.id === null ? o.name : String(o.id))).join(' | ')} |`)
    out.push(`| --- |${' :-: |'.repeat(m.operations.length)}`)
    for (const r of m.rows) {
      out.push(`| ${mdCell(`${r.scope === null ? '' : `${r.scope} / `}${r.roleAssignment}`)} | ${r.cells.map((c) => CELL_MARK[c]).join(' | ')} |`)
    }
  }
  return `${out.join('\n')}\n`
}
