import { countsText } from '../../../audit/render/location.js'
import { mdCell } from '../../../audit/render/markdown.js'
import { SEVERITIES } from '../../../audit/severity.js'
import { reportMetaLines } from '../../../report/report-meta.js'
import type { HostReport } from '../host-report.js'
import { hostLocation, hostOperations, hostPrincipal, hostVms, plain } from './host-location.js'

/** The host report as Markdown, a line at a time: the evidence header, the hosts, the counts and a table of findings (every cell escaped). */
export function* hostReportMarkdown(report: HostReport): Generator<string> {
  const head: string[] = ['# Hyper-V host check', '']
  if (report.report !== undefined) head.push(...reportMetaLines(report.report).map((l) => `- ${mdCell(l)}`), '')
  head.push(`Hosts: ${report.hosts.map((h) => mdCell(plain(h))).join(', ') || 'none'}. Findings: ${countsText(report.counts, SEVERITIES)}.`, '', '## Findings', '')
  if (report.findings.length === 0) head.push('No findings.')
  else head.push('| Severity | Code | Where | Principal | Operations | VMs | Message |', '| --- | --- | --- | --- | --- | --- | --- |')
  for (const l of head) yield `${l}\n`
  for (const f of report.findings) {
    yield `| ${f.severity} | ${f.code} | ${mdCell(hostLocation(f))} | ${mdCell(hostPrincipal(f.principal))} | ${mdCell(hostOperations(f.operations))} | ${mdCell(hostVms(f.vms))} | ${mdCell(f.message)} |\n`
  }
}
