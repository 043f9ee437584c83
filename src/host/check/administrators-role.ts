import { missingForToken } from '../../access/hyperv-connect.js'
import { makeToken } from '../../access/token.js'
import { operationRef } from '../../audit/assignment-findings.js'
import { operationNumber } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { finding, principalOf, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'
import { REMOTE_LOGON_SIDS } from './host-token.js'

/** BUILTIN\Administrators. */
export const ADMINISTRATORS_SID = 'S-1-5-32-544'

/**
 * `HOST_ADMINISTRATORS_NOT_ADMIN` (high): a token of BUILTIN\Administrators
 * (S-1-5-32-544, with Everyone, Authenticated Users and NETWORK) does not get
 * every operation of the application at application level, which Hyper-V's
 * default "Administrator" role assignment gives it: the host's local
 * administrators are locked out of (part of) Hyper-V management.
 */
export function administratorsFindings(ctx: HostContext): HostFinding[] {
  const index = ctx.index
  if (index === undefined) return []
  const ids = index.application.operations.map(operationNumber).filter((n): n is number => n !== undefined)
  const missing = missingForToken(index, makeToken([ADMINISTRATORS_SID, ...REMOTE_LOGON_SIDS]), ids)
  if (missing.length === 0) return []
  const all = missing.length === ids.length
  return [
    finding(ctx, {
      severity: 'high',
      code: HostCode.AdministratorsNotAdmin,
      principal: principalOf(ctx, ADMINISTRATORS_SID),
      operations: missing.map(operationRef),
      message:
        `BUILTIN\\Administrators (${ADMINISTRATORS_SID}) ${all ? 'gets none' : `cannot get ${missing.length}`} of the ${ids.length} operations of ${quote(index.application.name)} at application level: ` +
        `the store's Administrator role assignment no longer holds it, so the local administrators of ${ctx.host} are locked out of Hyper-V management; fix: add ${ADMINISTRATORS_SID} back to the Administrator role assignment`,
    }),
  ]
}
