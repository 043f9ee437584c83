import { applicationLevelOperations } from '../model/certain-grants.js'
import { guidKey, operationNumber, type PolicyStore } from '../model/policy.js'
import { describeSid } from '../model/sid.js'
import { quote } from '../model/quote.js'
import { LinkResolver } from '../model/resolve.js'

import { HYPERV_CONNECT_OPERATIONS } from '../access/hyperv-connect.js'

/** Re-exported: the connect operations live in src/access/hyperv-connect.ts, which the audit shares. */
export { HYPERV_CONNECT_OPERATIONS }

/**
 * Warnings for principals delegated on a Hyper-V store who cannot connect
 * with Hyper-V Manager: they lack operations 100 and 295 at application
 * level. Only for applications that have both operations.
 */
export function hyperVConnectWarnings(policy: PolicyStore, appName: string, sids: readonly string[]): string[] {
  const app = policy.applications.find((a) => a.name.toLowerCase() === appName.toLowerCase())
  if (!app) return []
  const needed = HYPERV_CONNECT_OPERATIONS.map((id) => app.operations.find((o) => operationNumber(o) === id))
  if (needed.some((o) => o === undefined)) return []
  const resolver = new LinkResolver(policy)
  const warnings: string[] = []
  for (const sid of sids) {
    const held = applicationLevelOperations(resolver, policy, app, sid)
    const missing = needed.filter((o) => o !== undefined && !held.has(guidKey(o.guid)))
    if (missing.length > 0) {
      warnings.push(
        `${describeSid(sid)} lacks ${missing.map((o) => `${o?.operationId} ${quote(o?.name ?? '')}`).join(' and ')} at application level in ${quote(app.name)}: Hyper-V Manager cannot connect without them (grant them with an application-level role assignment)`,
      )
    }
  }
  return warnings
}
