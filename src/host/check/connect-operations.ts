import { HYPERV_CONNECT_OPERATIONS, missingForToken } from '../../access/hyperv-connect.js'
import { makeToken } from '../../access/token.js'
import { operationRef } from '../../audit/assignment-findings.js'
import { quote } from '../../model/quote.js'
import { finding, principalOf, who, type HostContext } from './check-context.js'
import type { DelegatedPrincipal } from './delegated-principals.js'
import { HostCode, type HostFinding } from './host-finding.js'

/**
 * `HOST_NO_CONNECT_OPERATIONS` (medium, as the audit's AUDIT_CANNOT_CONNECT):
 * a delegated principal whose token on the host (with its local groups) cannot
 * get 100 Read Service Configuration or 295 View Virtual Switch Management
 * Service at application level: Hyper-V Manager does not connect, so nothing
 * delegated to it can be used. Skipped when the application does not define
 * both operations (it is not Hyper-V's).
 */
export function connectOperationFindings(ctx: HostContext, principals: readonly DelegatedPrincipal[]): HostFinding[] {
  const index = ctx.index
  if (index === undefined) return []
  if (HYPERV_CONNECT_OPERATIONS.some((id) => index.context.operations.indexOfId(id) === undefined)) return []
  const out: HostFinding[] = []
  for (const p of principals) {
    const missing = missingForToken(index, makeToken(p.token), HYPERV_CONNECT_OPERATIONS)
    if (missing.length === 0) continue
    const principal = principalOf(ctx, p.sid)
    const ops = missing.map((o) => `${o.operationId.trim()} ${quote(o.name)}`).join(' and ')
    out.push(
      finding(ctx, {
        severity: 'medium',
        code: HostCode.NoConnectOperations,
        principal,
        operations: missing.map(operationRef),
        message:
          `${who(principal)} holds operations at ${p.places.join(', ')} but cannot get ${ops} at application level on ${ctx.host} (not through its local groups, Everyone or Authenticated Users either): ` +
          `Hyper-V Manager cannot connect; fix: azman delegate <store> --app ${quote(ctx.app?.name ?? ctx.appName)} --template hyperv-manager-connect --sid ${p.sid}`,
      }),
    )
  }
  return out
}
