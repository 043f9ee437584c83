import { isIP } from 'node:net'
import type { HostFacts } from '../facts/schema.js'

/**
 * How a host names itself in its facts, for matching expected names
 * (FLEET_HOST_NOT_REPORTING) and finding two documents of one computer
 * (FLEET_DUPLICATE_HOST): its NetBIOS name and domain, and its DNS name when
 * the facts give one. Undefined when the facts name no computer.
 */
export interface HostIdentity {
  /** `name\u0000domain`, lower case: one computer. */
  readonly computer: string
  /** The NetBIOS name, lower case. */
  readonly name: string
  /** The DNS host name, lower case, when the facts give it. */
  readonly dns?: string
}

export function hostIdentity(facts: HostFacts): HostIdentity | undefined {
  const c = facts.computer
  if (c === undefined) return undefined
  const name = c.name.trim().toLowerCase()
  const dns = c.dnsHostName?.trim().toLowerCase()
  return { computer: `${name}\u0000${c.domain.trim().toLowerCase()}`, name, ...(dns === undefined || dns === '' ? {} : { dns }) }
}

/** The names hosts reported under: `name:` every NetBIOS name, `dns:` every DNS name, `bare:` the NetBIOS names of hosts without a DNS name. */
export class ReportedHosts {
  private readonly keys = new Set<string>()

  add(identity: HostIdentity | undefined, label: string): void {
    if (identity === undefined) {
      this.keys.add(`name:${label.trim().toLowerCase()}`)
      return
    }
    this.keys.add(`name:${identity.name}`)
    if (identity.dns === undefined) this.keys.add(`bare:${identity.name}`)
    else this.keys.add(`dns:${identity.dns}`)
  }

  /**
   * Whether an expected name reported: a bare name matches a NetBIOS name; a
   * DNS name matches a host's DNS name, or the first label of a host that
   * gave no DNS name; an IP address matches only itself (its labels are no name).
   */
  has(expected: string): boolean {
    const name = expected.trim().toLowerCase()
    if (isIP(name) !== 0 || !name.includes('.')) return this.keys.has(`name:${name}`)
    return this.keys.has(`dns:${name}`) || this.keys.has(`bare:${name.split('.')[0] ?? ''}`)
  }
}
