import { type FailOn, reaches } from '../../audit/severity.js'
import { reportMeta } from '../../report/report-meta.js'
import type { HostReport } from '../check/host-report.js'
import { hostReportOf } from '../check/render-placeholder.js'
import type { FleetResult } from './fleet-types.js'

/**
 * The report of a fleet check, as `azman host check --json` prints it and
 * `POST /stores/{store}/host-checks` answers: the evidence header (the
 * stores read, with their versions), the hosts, the findings most severe
 * first, the counts.
 */
export function fleetReport(result: FleetResult): HostReport {
  return hostReportOf(
    result.hosts.map((h) => h.host),
    result.findings,
    reportMeta({ stores: result.stores }),
  )
}

/** Whether a finding of the report reaches `threshold` (`--fail-on`): the check then exits 1. */
export function reportFails(report: HostReport, threshold: FailOn): boolean {
  return report.findings.some((f) => reaches(f.severity, threshold))
}
