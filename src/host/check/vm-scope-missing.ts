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
 * VMs bound to a scope the store spells with other case: no source says that Hyper-V (AzMan's
 * OpenScope) finds a scope without regard to case, so the binding is not taken as working.
 */
function caseOnly(ctx: HostContext, scope: string, spelled: string, vms: string[]): HostFinding {
  return finding(ctx, {
    severity: 'medium',
    code: HostCode.VmScopeMissing,
    scope: oneLine(scope, 256),
    vms,
    message: `${vms.length} VM${vms.length === 1 ? '' : 's'} of ${ctx.host} (${vms.map((v) => quote(v)).join(', ')}) ${vms.length === 1 ? 'is' : 'are'} bound to scope ${quote(oneLine(scope, 256))}, which the store spells ${quote(oneLine(spelled, 256))}: no source says Hyper-V finds a scope without regard to case, so the delegation in ${quote(oneLine(spelled, 256))} may not apply to ${vms.length === 1 ? 'it' : 'them'}; fix: bind the VMs to ${quote(oneLine(spelled, 256))} exactly (azman host script does)`,
  })
}

/**
 * `HOST_VM_SCOPE_MISSING` (medium): VMs whose ScopeOfResidence names a scope
 * the store's application lacks. Hyper-V reassigns them to the default scope
 * (event "assigned to an authorization scope that is not defined in the
 * policy store"), so only application-level role assignments reach them: the
 * delegation meant for them does not apply. One finding per missing scope,
 * naming its VMs. Scope names compare exactly: a scope the store spells with
 * other case is reported too, since no source says Hyper-V ignores case there.
 */
export function vmScopeMissingFindings(ctx: HostContext): HostFinding[] {
  if (ctx.app === undefined) return []
  const byScope = vmsByScope(ctx)
  if (byScope === undefined) return [factMissing(ctx, 'vms', 'VM scope bindings')]
  const exact = new Set(ctx.app.scopes.map((s) => s.name))
  const byCase = new Map(ctx.app.scopes.map((s) => [s.name.toLowerCase(), s.name]))
  const out: HostFinding[] = []
  for (const [scope, vms] of byScope) {
    if (scope === '' || exact.has(scope)) continue
    const spelled = byCase.get(scope.toLowerCase())
    if (spelled !== undefined) {
      out.push(caseOnly(ctx, scope, spelled, vms))
      continue
    }
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
