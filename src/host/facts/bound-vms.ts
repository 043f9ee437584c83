import type { BoundVms } from '../../model/scope-binding.js'
import type { HostFacts } from './schema.js'

/** The application Hyper-V opens when a host's facts do not name one. */
const DEFAULT_APPLICATION = 'Hyper-V services'

function applicationOf(facts: HostFacts): string {
  return (facts.virtualization?.serviceApplication ?? DEFAULT_APPLICATION).toLowerCase()
}

/**
 * The VMs bound to each scope on the hosts of `facts` (their ScopeOfResidence
 * names the scope; Hyper-V compares the name, not a GUID), for plan warnings
 * about renaming or deleting a scope. A VM is named `name` when one host is
 * given, `name on HOST` when several are. Undefined for every scope when no
 * host's facts list its VMs.
 */
export function boundVmsOf(facts: readonly HostFacts[]): BoundVms {
  const known = facts.filter((f) => f.vms !== undefined)
  const several = known.length > 1
  return (app, scope) => {
    if (known.length === 0) return undefined
    const out: string[] = []
    for (const host of known) {
      if (applicationOf(host) !== app.toLowerCase()) continue
      for (const vm of host.vms ?? []) {
        if (vm.scopeOfResidence === scope) out.push(several ? `${vm.name} on ${host.computer?.name ?? 'an unnamed host'}` : vm.name)
      }
    }
    return out
  }
}
