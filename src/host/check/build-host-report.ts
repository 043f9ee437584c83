import { SEVERITIES, reaches, type FailOn } from '../../audit/severity.js'
import type { ReportMeta } from '../../report/report-meta.js'
import type { HostFinding } from './host-finding.js'
import type { HostReport } from './host-report.js'
import { sortHostFindings } from './sort-findings.js'

/**
 * The report of one or more hosts: the findings sorted ({@link sortHostFindings}),
 * the hosts in input order, and the count of findings per severity (every
 * severity present, 0 when none).
 */
export function hostReport(findings: readonly HostFinding[], hosts: readonly string[], meta?: ReportMeta): HostReport {
  const sorted = sortHostFindings(findings)
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, sorted.filter((f) => f.severity === s).length]))
  return { ...(meta === undefined ? {} : { report: meta }), hosts: [...hosts], findings: sorted, counts }
}

/** Whether a finding of the report reaches `failOn` (`--fail-on`): the command then exits 1. */
export function hostReportFails(report: HostReport, failOn: FailOn): boolean {
  return report.findings.some((f) => reaches(f.severity, failOn))
}
