import { HostCode, type HostFinding } from '../check/host-finding.js'
import { isIP } from 'node:net'
import type { ReportedHosts } from './host-identity.js'

/**
 * Expected names already said: a bare name and a DNS name that starts with it
 * name one host (`hv04`, `HV04.contoso.com`); two DNS names, or two IP
 * addresses, are two hosts however their labels begin.
 */
class Said {
  private readonly names = new Set<string>()
  private readonly bare = new Set<string>()
  private readonly labels = new Set<string>()

  /** Whether `name` (lower case) is new; remembers it. */
  first(name: string): boolean {
    const ip = isIP(name) !== 0
    const label = ip ? name : (name.split('.')[0] ?? '')
    const isBare = !ip && label === name
    if (this.names.has(name) || (isBare ? this.labels.has(label) : !ip && this.bare.has(label))) return false
    this.names.add(name)
    if (!ip) this.labels.add(label)
    if (isBare) this.bare.add(name)
    return true
  }
}

/** FLEET_HOST_NOT_REPORTING for every expected host no facts came from (each named once, in the order given). */
export function notReporting(expected: readonly string[], reported: ReportedHosts): HostFinding[] {
  const out: HostFinding[] = []
  const said = new Said()
  for (const name of expected) {
    const key = name.trim().toLowerCase()
    if (key === '' || reported.has(key) || !said.first(key)) continue
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
