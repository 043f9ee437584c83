import { HostCode, type HostFinding } from '../check/host-finding.js'

/** How hosts are matched: case-insensitively, by the first label of a DNS name (`hv01.contoso.com` is `HV01`). */
export function hostKey(name: string): string {
  return (name.trim().split('.')[0] ?? '').toLowerCase()
}

/** FLEET_HOST_NOT_REPORTING for every expected host no facts came from (each named once, in the order given). */
export function notReporting(expected: readonly string[], reported: ReadonlySet<string>): HostFinding[] {
  const out: HostFinding[] = []
  const said = new Set<string>()
  for (const name of expected) {
    const key = hostKey(name)
    if (key === '' || reported.has(key) || said.has(key)) continue
    said.add(key)
    out.push({
      severity: 'medium',
      code: HostCode.HostNotReporting,
      host: null,
      app: null,
      scope: null,
      principal: null,
      operations: [],
      vms: [],
      hosts: [name.trim()],
      message: `${name.trim()} is expected but sent no facts: nothing is known about what its store governs (run the collector there: azman host collector)`,
    })
  }
  return out
}
