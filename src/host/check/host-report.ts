import type { ReportMeta } from '../../report/report-meta.js'
import type { HostFinding } from './host-finding.js'

/** What `azman host check` reports: the hosts judged and the findings, most severe first. */
export interface HostReport {
  readonly report?: ReportMeta
  /** The hosts judged, by label, in input order. */
  readonly hosts: readonly string[]
  readonly findings: readonly HostFinding[]
  /** Findings per severity. */
  readonly counts: Readonly<Record<string, number>>
}
