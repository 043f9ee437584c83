import { factMissing, finding, oneLine, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'

/** Whether an OS version (`6.3.9600`) is Windows Server 2012 R2 (6.3) or later. */
export function isAtLeast2012R2(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 6 || (major === 6 && minor >= 3)
}

/**
 * `HOST_AZMAN_NOT_ENFORCED` (high): the host runs an OS where Hyper-V no
 * longer enforces AzMan (Windows Server 2012 R2, version 6.3, and later), or
 * has no `root\virtualization` (v1) namespace, where ScopeOfResidence lives:
 * the store governs nothing there; Hyper-V Administrators (S-1-5-32-578) does.
 * When this finding is made, `checkHost` skips the other checks. On an older
 * OS whose facts cannot tell whether the v1 namespace is there (the collector
 * was refused it, or the hyperV fact is missing), `HOST_FACT_MISSING`: the
 * other checks run, as if AzMan were enforced.
 */
export function notEnforcedFindings(ctx: HostContext): HostFinding[] {
  const { os, hyperV } = ctx.facts
  if (os === undefined && hyperV === undefined) return [factMissing(ctx, 'os', 'whether the OS enforces AzMan')]
  const reasons: string[] = []
  if (os !== undefined && isAtLeast2012R2(os.version)) reasons.push(`it runs ${oneLine(os.caption, 120)} (version ${os.version}; Hyper-V stopped using AzMan with Windows Server 2012 R2, 6.3)`)
  if (hyperV?.v1Namespace === false) reasons.push('it has no root\\virtualization (WMI v1) namespace')
  if (reasons.length === 0 && hyperV?.v1Namespace === undefined)
    return [factMissing(ctx, hyperV === undefined ? 'hyperV' : 'hyperV.v1Namespace', 'whether the host has root\\virtualization (WMI v1), without which AzMan governs nothing')]
  if (reasons.length === 0) return []
  return [
    finding(ctx, {
      severity: 'high',
      code: HostCode.NotEnforced,
      message: `AzMan governs nothing on ${ctx.host}: ${reasons.join(', and ')}; delegations in this store have no effect there; fix: on 2012 and later use the Hyper-V Administrators group (S-1-5-32-578) or Grant-VMConnectAccess`,
    }),
  ]
}
