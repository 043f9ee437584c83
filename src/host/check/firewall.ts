import { factMissing, finding, oneLine, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'

/** How a WMI rule group is recognised: its English name, or the resource string Windows stores (`@FirewallAPI.dll,-34251`). */
const WMI_GROUP = /Windows Management Instrumentation|\(WMI\)|@FirewallAPI\.dll,-34251/i

/**
 * `HOST_FIREWALL_BLOCKS` (medium): the firewall is on and the rule group
 * "Windows Management Instrumentation (WMI)" is not enabled in full, so
 * Hyper-V Manager's remote WMI calls are blocked for every remote user,
 * delegated or not. Missing firewall facts, or a firewall that is on without
 * a WMI group in the facts, is `HOST_FACT_MISSING`.
 */
export function firewallFindings(ctx: HostContext): HostFinding[] {
  const fw = ctx.facts.firewall
  const check = 'the firewall rules for WMI'
  if (fw === undefined) return [factMissing(ctx, 'firewall', check)]
  if (!fw.enabled) return []
  const groups = fw.groups.filter((g) => WMI_GROUP.test(g.group))
  if (groups.length === 0) return [factMissing(ctx, 'firewall', check, 'the firewall is on, and the facts list no WMI rule group')]
  if (groups.every((g) => g.enabled === 'all')) return []
  const states = groups.map((g) => `"${oneLine(g.group, 100)}" ${g.enabled === 'none' ? 'disabled' : 'only partly enabled'}`).join(', ')
  return [
    finding(ctx, {
      severity: 'medium',
      code: HostCode.FirewallBlocks,
      message: `the firewall of ${ctx.host} is on and the rule group ${states}: remote WMI, and so Hyper-V Manager, is blocked for every remote user; fix: netsh advfirewall firewall set rule group="Windows Management Instrumentation (WMI)" new enable=yes`,
    }),
  ]
}
