import type { Change, PrincipalRef } from '../change-set/change.js'
import { accountSid, checkedSid } from '../change-set/principals.js'
import type { WriteRequest } from '../change-set/run-write.js'
import { planDelegation, type DelegateOptions } from './delegate.js'
import { companionWarnings, loadCompanions, planWithCompanions } from './companions.js'
import { hyperVConnectWarnings } from './hyperv-checks.js'
import type { Template } from '../templates/template.js'
import { undelegate, type UndelegateOptions } from './undelegate.js'

/**
 * Writes that need more than one fixed change, as the CLI commands and the
 * REST routes both run them through {@link runWrite}.
 */

/** The SIDs of the principals given by SID or well-known account name (groups have none). */
export function principalSids(principals: readonly PrincipalRef[]): string[] {
  return principals.flatMap((p) => ('sid' in p ? [checkedSid(p.sid)] : 'account' in p ? [accountSid(p.account)] : []))
}

/** What `azman delegate` and `POST {place}/delegations` ask for: the library's delegation options, and whether to add the template's companions. */
export interface DelegateRequest extends DelegateOptions {
  /** Apply the template's companions (hyperv-manager-connect) at application level too, in the same change set. */
  readonly withConnect?: boolean
}

/**
 * `azman delegate`: the delegation workflow in one change set (with the
 * template's companions under `withConnect`), with warnings for members who
 * would lack a companion's operations or whom Hyper-V Manager would not let
 * connect.
 */
export function delegateRequest(request: DelegateRequest): WriteRequest {
  const sids = principalSids(request.principals)
  const { withConnect, ...options } = request
  // What the last planning said (reuse, an extended template, companions), for the plan's warnings.
  let notes: readonly string[] = []
  let companions: readonly Template[] = []
  return {
    changes: async (snapshot) => {
      companions = await loadCompanions(options.template)
      const planned = withConnect === true ? planWithCompanions(snapshot.policy, options, companions) : planDelegation(snapshot.policy, options)
      notes = planned.notes
      return planned.changeSet
    },
    warnings: (_plan, planned) => [...notes, ...(withConnect === true ? [] : companionWarnings(planned, options, companions, sids)), ...hyperVConnectWarnings(planned, request.app, sids)],
  }
}

/** `azman undelegate`: take principals out of every role assignment of one place. */
export function undelegateRequest(options: UndelegateOptions): WriteRequest {
  return { changes: (snapshot) => undelegate(snapshot.policy, options) }
}

/**
 * One change. Adding people to a scope's role assignment delegates to them,
 * so that one says when Hyper-V Manager could not connect for them.
 */
export function changeRequest(change: Change): WriteRequest {
  const request: WriteRequest = { changes: () => ({ changes: [change] }) }
  if (change.type !== 'add-role-assignment-members' || change.scope === undefined) return request
  const sids = principalSids(change.members)
  const app = change.app
  return { ...request, warnings: (_plan, planned) => hyperVConnectWarnings(planned, app, sids) }
}
