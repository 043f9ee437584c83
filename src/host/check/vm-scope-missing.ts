import { quote } from '../../model/quote.js'
import { factMissing, finding, oneLine, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'

/** VM names by the scope they are bound to (ScopeOfResidence as written), VMs with the same GUID once; "" for the application level. */
export function vmsByScope(ctx: HostContext): Map<string, string[]> | undefined {
  if (ctx.facts.vms === undefined) return undefined
  const seen = new Set<string>()
  const out = new Map<string, string[]>()
  for (const vm of ctx.facts.vms) {
    const key = vm.guid.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    const list = out.get(vm.scopeOfResidence) ?? []
    list.push(oneLine(vm.name, 256))
    out.set(vm.scopeOfResidence, list)
  }
  for (const list of out.values()) list.sort()
  return out
}

/**
 * `HOST_VM_SCOPE_MISSING` (medium): VMs whose ScopeOfResidence names a scope
 * the store's application lacks. Hyper-V reassigns them to the default scope
 * (event "assigned to an authorization scope that is not defined in the
 * policy store"), so only application-level role assignments reach them: the
 * delegation meant for them does not apply. One finding per missing scope,
 * naming its VMs. Scope names compare without regard to case.
 */
export function vmScopeMissingFindings(ctx: HostContext): HostFinding[] {
  if (ctx.app === undefined) return []
  const byScope = vmsByScope(ctx)
  if (byScope === undefined) return [factMissing(ctx, 'vms', 'VM scope bindings')]
  const known = new Set(ctx.app.scopes.map((s) => s.name.toLowerCase()))
  const out: HostFinding[] = []
  for (const [scope, vms] of byScope) {
    if (scope === '' || known.has(scope.toLowerCase())) continue
    out.push(
      finding(ctx, {
        severity: 'medium',
        code: HostCode.VmScopeMissing,
        scope: oneLine(scope, 256),
        vms,
        message: `${vms.length} VM${vms.length === 1 ? '' : 's'} of ${ctx.host} (${vms.map((v) => quote(v)).join(', ')}) ${vms.length === 1 ? 'is' : 'are'} bound to scope ${quote(oneLine(scope, 256))}, which the store lacks: Hyper-V manages ${vms.length === 1 ? 'it' : 'them'} at application level only, so no scope delegation applies; fix: create the scope, or bind the VMs to an existing one`,
      }),
    )
  }
  return out
}
