import { quote } from '../../model/quote.js'
import { finding, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'
import { vmsByScope } from './vm-scope-missing.js'

/**
 * `HOST_SCOPE_WITHOUT_VMS` (low): a scope of the application that no VM of
 * the host is bound to: its role assignments govern nothing on this host
 * (perhaps VMs were never bound; there is no GUI for it). Low: nothing is
 * granted that should not be, but a delegation does not work. Missing VM
 * facts are reported once by `HOST_VM_SCOPE_MISSING`'s check.
 */
export function scopeWithoutVmsFindings(ctx: HostContext): HostFinding[] {
  if (ctx.app === undefined) return []
  const byScope = vmsByScope(ctx)
  if (byScope === undefined) return []
  const bound = new Set([...byScope.keys()].map((s) => s.toLowerCase()))
  return ctx.app.scopes
    .filter((s) => !bound.has(s.name.toLowerCase()))
    .map((s) =>
      finding(ctx, {
        severity: 'low',
        code: HostCode.ScopeWithoutVms,
        scope: s.name,
        message: `no VM of ${ctx.host} is bound to scope ${quote(s.name)}: its ${s.roleAssignments.length === 1 ? 'role assignment governs' : `${s.roleAssignments.length} role assignments govern`} nothing there; fix: bind the VMs meant for it (ScopeOfResidence, WMI root\\virtualization), or remove the scope`,
      }),
    )
}
