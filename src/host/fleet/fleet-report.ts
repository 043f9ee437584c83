import { reportMeta } from '../../report/report-meta.js'
import type { HostReport } from '../check/host-report.js'
import { hostReport } from '../check/build-host-report.js'
import type { FleetResult } from './fleet-types.js'

/**
 * The report of a fleet check, as `azman host check --json` prints it and
 * `POST /stores/{store}/host-checks` answers: the evidence header (the
 * stores read, with their versions), the hosts, the findings most severe
 * first, the counts.
 */
export function fleetReport(result: FleetResult): HostReport {
  return hostReport(
    result.findings,
    result.hosts.map((h) => h.host),
    reportMeta({ stores: result.stores }),
  )
}
