import { namespaceKey } from '../facts/namespace-key.js'
import { rightsGap } from '../sddl/evaluate-dacl.js'
import { parseSddlCached } from '../sddl/parse-sddl.js'
import { SddlError } from '../sddl/sddl-error.js'
import { hexMask, WmiRights } from '../sddl/sddl-rights.js'
import type { SecurityDescriptor } from '../sddl/security-descriptor.js'
import { factMissing, finding, machineOf, oneLine, principalOf, who, type HostContext } from './check-context.js'
import type { DelegatedPrincipal } from './delegated-principals.js'
import { HostCode, type HostFinding } from './host-finding.js'

/** The namespaces Hyper-V Manager (2008 / 2008 R2) opens remotely. */
export const HYPERV_WMI_NAMESPACES = ['root\\cimv2', 'root\\virtualization'] as const

/** Enable Account (WBEM_ENABLE 0x1) and Remote Enable (WBEM_REMOTE_ACCESS 0x20). */
export const WMI_REMOTE_RIGHTS = WmiRights.Enable | WmiRights.RemoteAccess

function rightNames(mask: number): string {
  const names: string[] = []
  if (mask & WmiRights.Enable) names.push('Enable Account (WBEM_ENABLE 0x1)')
  if (mask & WmiRights.RemoteAccess) names.push('Remote Enable (WBEM_REMOTE_ACCESS 0x20)')
  return names.join(' and ')
}

/** The namespace's security descriptor from the facts, or the finding that says why it cannot be read. */
function namespaceSd(ctx: HostContext, namespace: string): SecurityDescriptor | HostFinding {
  const wanted = namespaceKey(namespace)
  const entry = ctx.facts.wmiNamespaces?.find((n) => namespaceKey(n.namespace) === wanted)
  const check = `WMI rights on ${namespace}`
  if (ctx.facts.wmiNamespaces === undefined) return factMissing(ctx, 'wmiNamespaces', check)
  if (entry === undefined) return factMissing(ctx, 'wmiNamespaces', check, `the facts' wmiNamespaces have no entry for ${namespace}`)
  try {
    return parseSddlCached(entry.sddl)
  } catch (e) {
    if (e instanceof SddlError) return factMissing(ctx, 'wmiNamespaces', check, `the security descriptor of ${namespace} in the facts does not parse: ${oneLine(e.message)}`)
    throw e
  }
}

/**
 * `HOST_NO_WMI_RIGHTS` (medium): a delegated principal whose token on the
 * host is not granted Enable Account and Remote Enable on `root\cimv2` or
 * `root\virtualization` by the namespace's DACL: Hyper-V Manager's remote WMI
 * calls are refused. A right that a conditional deny ACE (which only the host
 * can evaluate) may deny is not counted as granted: the finding says it may be
 * denied. One finding per principal and namespace. A namespace
 * whose SDDL is missing or does not parse is one `HOST_FACT_MISSING`.
 */
export function wmiRightFindings(ctx: HostContext, principals: readonly DelegatedPrincipal[]): HostFinding[] {
  if (principals.length === 0) return []
  const out: HostFinding[] = []
  const machine = machineOf(ctx)
  for (const namespace of HYPERV_WMI_NAMESPACES) {
    const sd = namespaceSd(ctx, namespace)
    if (!('dacl' in sd)) {
      out.push(sd)
      continue
    }
    for (const p of principals) {
      const { missing, undecided } = rightsGap(sd, p.token, WMI_REMOTE_RIGHTS, machine)
      if (missing === 0 && undecided === 0) continue
      const principal = principalOf(ctx, p.sid)
      const gaps: string[] = []
      if (missing !== 0) gaps.push(`is not granted ${rightNames(missing)} (missing mask ${hexMask(missing)})`)
      if (undecided !== 0) gaps.push(`may be denied ${rightNames(undecided)} (undecided mask ${hexMask(undecided)}) by a deny ACE azman cannot evaluate (conditional, or of generic rights)`)
      out.push(
        finding(ctx, {
          severity: 'medium',
          code: HostCode.NoWmiRights,
          principal,
          message:
            `${who(principal)} holds operations at ${p.places.join(', ')} but ${gaps.join(' and ')} on WMI namespace ${namespace} of ${ctx.host}: ` +
            `Hyper-V Manager's remote WMI calls are refused; fix: grant Enable Account and Remote Enable on ${namespace} (WMI Control, wmimgmt.msc > Security; or HVRemote's /add)`,
        }),
      )
    }
  }
  return out
}
