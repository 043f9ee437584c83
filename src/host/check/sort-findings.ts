import { severityRank } from '../../audit/severity.js'
import type { HostFinding } from './host-finding.js'

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Orders host findings: most severe first, then by code, host, scope,
 * principal SID and message (plain code-unit comparison, so the order is the
 * same on every machine and locale). Returns a new array.
 */
export function sortHostFindings(findings: readonly HostFinding[]): HostFinding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      cmp(a.code, b.code) ||
      cmp(a.host ?? '', b.host ?? '') ||
      cmp(a.scope ?? '', b.scope ?? '') ||
      cmp(a.principal?.sid ?? '', b.principal?.sid ?? '') ||
      cmp(a.message, b.message),
  )
}
