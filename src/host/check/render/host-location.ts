import type { FindingPrincipal, OperationRefOut } from '../../../audit/finding.js'
import { quote } from '../../../model/quote.js'
import type { HostFinding } from '../host-finding.js'

/** Control characters (terminal escapes, line breaks) as `?`: every value from a store or facts file is untrusted. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
}

/** `HV01 > application "Hyper-V services" > scope "Lab VMs"`, or `fleet` for a finding about no one host. */
export function hostLocation(f: Pick<HostFinding, 'host' | 'app' | 'scope'>): string {
  const parts = [f.host ?? 'fleet']
  if (f.app !== null) parts.push(`application ${quote(f.app)}`)
  if (f.scope !== null) parts.push(`scope ${quote(f.scope)}`)
  return plain(parts.join(' > '))
}

/** `Name (SID)`, the SID, or empty. */
export function hostPrincipal(p: FindingPrincipal | null): string {
  if (p === null) return ''
  if (p.sid === null) return plain(p.name ?? '')
  return plain(p.name === null ? p.sid : `${p.name} (${p.sid})`)
}

/** `100 295` style list of operations. */
export function hostOperations(ops: readonly OperationRefOut[], separator = ', '): string {
  return plain(ops.map((o) => (o.id === null ? o.name : String(o.id))).join(separator))
}

/** VM names, quoted, comma-separated. */
export function hostVms(vms: readonly string[]): string {
  return plain(vms.map((v) => quote(v)).join(', '))
}
