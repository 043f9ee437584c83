/**
 * PLACEHOLDER renderers of host reports, for the fleet's CLI and REST faces
 * until the host check's renderers (src/host/check/render/) land: the
 * integrator swaps {@link hostReportOf} and {@link renderHostReport} for
 * those (same names and roles), and removes this file.
 */
import type { AuditFormat } from '../../audit/render/formats.js'
import { csvField } from '../../audit/render/csv.js'
import { escapeHtml } from '../../audit/render/html.js'
import { mdCell } from '../../audit/render/markdown.js'
import { operationIds, principalText } from '../../audit/render/location.js'
import { SEVERITIES, severityRank } from '../../audit/severity.js'
import { reportMetaLines, type ReportMeta } from '../../report/report-meta.js'
import type { HostFinding } from './host-finding.js'
import type { HostReport } from './host-report.js'

/** A report of the hosts judged and their findings, most severe first (input order within a severity), with counts per severity. */
export function hostReportOf(hosts: readonly string[], findings: readonly HostFinding[], report?: ReportMeta): HostReport {
  const sorted = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
  const counts: Record<string, number> = {}
  for (const s of SEVERITIES) counts[s] = 0
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1
  return { ...(report === undefined ? {} : { report }), hosts: [...hosts], findings: sorted, counts }
}

const COLUMNS = ['severity', 'code', 'host', 'hosts', 'app', 'scope', 'principalSid', 'principalName', 'operations', 'vms', 'message'] as const

function cells(f: HostFinding): string[] {
  return [
    f.severity,
    f.code,
    f.host ?? '',
    f.hosts.join(' '),
    f.app ?? '',
    f.scope ?? '',
    f.principal?.sid ?? '',
    f.principal?.name ?? '',
    operationIds(f.operations).replace(/, /g, ' '),
    f.vms.join(' '),
    f.message,
  ]
}

function summary(r: HostReport): string {
  return `${r.hosts.length} host(s), ${r.findings.length} finding(s): ${SEVERITIES.map((s) => `${r.counts[s] ?? 0} ${s}`).join(', ')}`
}

function text(r: HostReport): string {
  const meta = r.report === undefined ? [] : [...reportMetaLines(r.report), '']
  const lines = r.findings.map((f) => `${f.severity.toUpperCase()} ${f.code} ${f.host ?? f.hosts.join(', ')}${f.principal === null ? '' : ` ${principalText(f.principal)}`}: ${f.message}`)
  return `${[...meta, ...lines, ...(lines.length > 0 ? [''] : []), summary(r)].join('\n')}\n`
}

function markdown(r: HostReport): string {
  const meta = r.report === undefined ? [] : [...reportMetaLines(r.report).map((l) => `- ${mdCell(l)}`), '']
  const rows = r.findings.map((f) => `| ${[f.severity, f.code, f.host ?? f.hosts.join(', '), principalText(f.principal), f.message].map(mdCell).join(' | ')} |`)
  return `${['# Host check', '', ...meta, mdCell(summary(r)), '', '| Severity | Code | Host | Principal | Message |', '| --- | --- | --- | --- | --- |', ...rows].join('\n')}\n`
}

function csv(r: HostReport): string {
  const meta = r.report === undefined ? [] : reportMetaLines(r.report).map((l) => `# ${l}`)
  return `${[...meta, COLUMNS.join(','), ...r.findings.map((f) => cells(f).map(csvField).join(','))].join('\r\n')}\r\n`
}

function html(r: HostReport): string {
  const rows = r.findings.map((f) => `<tr>${[f.severity, f.code, f.host ?? f.hosts.join(', '), principalText(f.principal), f.message].map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
  const meta =
    r.report === undefined
      ? ''
      : `<ul>${reportMetaLines(r.report)
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join('')}</ul>`
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Host check</title></head><body><h1>Host check</h1>${meta}<p>${escapeHtml(summary(r))}</p><table><thead><tr><th>Severity</th><th>Code</th><th>Host</th><th>Principal</th><th>Message</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>\n`
}

const RENDER: Readonly<Record<Exclude<AuditFormat, 'json'>, (r: HostReport) => string>> = { text, md: markdown, csv, html }

/** A host report in one of the audit's non-JSON formats. */
export function renderHostReport(report: HostReport, format: Exclude<AuditFormat, 'json'>): string {
  return RENDER[format](report)
}
