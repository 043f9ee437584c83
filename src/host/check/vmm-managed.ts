import { factMissing, finding, oneLine, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'
import { storeKey } from './store-location.js'

/**
 * `HOST_VMM_MANAGED` (high when the store has scope-level role assignments,
 * else medium): System Center VMM manages the host: it points StoreLocation at
 * its own HyperVAuthStore.xml and rewrites it about every 30 minutes, keeping
 * only changes in the root scope, so scope delegations made outside VMM are
 * reverted. Recognised by the facts' `vmm.managed` or a StoreLocation naming
 * HyperVAuthStore.xml.
 */
export function vmmFindings(ctx: HostContext): HostFinding[] {
  const location = ctx.facts.store?.location ?? ctx.facts.virtualization?.storeLocation ?? null
  const byName = location !== null && storeKey(location).key === 'hypervauthstore.xml'
  const vmm = ctx.facts.vmm
  if (vmm === undefined && !byName) return [factMissing(ctx, 'vmm', 'whether VMM manages the host')]
  if (vmm?.managed !== true && !byName) return []
  const evidence = [...(vmm?.evidence ?? []).map((e) => oneLine(e, 200)), ...(byName && vmm?.managed !== true ? ['StoreLocation names HyperVAuthStore.xml'] : [])]
  const scoped = (ctx.app?.scopes ?? []).filter((s) => s.roleAssignments.length > 0)
  return [
    finding(ctx, {
      severity: scoped.length > 0 ? 'high' : 'medium',
      code: HostCode.VmmManaged,
      message:
        `System Center VMM manages ${ctx.host}${evidence.length === 0 ? '' : ` (${evidence.join('; ')})`}: it rewrites the store about every 30 minutes and keeps only root-scope changes, ` +
        `${scoped.length > 0 ? `so the role assignments of ${scoped.length} scope${scoped.length === 1 ? '' : 's'} made outside VMM will be reverted` : 'so scope delegations made outside VMM would be reverted'}; fix: delegate through VMM's user roles instead`,
    }),
  ]
}
