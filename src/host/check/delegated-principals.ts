import { missingForToken } from '../../access/hyperv-connect.js'
import { roleAssignmentGrants, type AccessIndex } from '../../access/index.js'
import { makeToken } from '../../access/token.js'
import { operationNumber } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import type { HostContext } from './check-context.js'
import { hostToken } from './host-token.js'

/** A principal the store delegates something to, and its token on the host. */
export interface DelegatedPrincipal {
  readonly sid: string
  /** Where it holds operations: `application level`, `scope "Lab VMs"`, in store order. */
  readonly places: readonly string[]
  /** Its token on the host ({@link hostToken}). */
  readonly token: ReadonlySet<string>
  /** Whether its AD groups were known (a directory was asked). */
  readonly adGroupsKnown: boolean
}

/** SID → places where a role assignment grants it operations, in store order. */
function holders(index: AccessIndex): Map<string, string[]> {
  const places = new Map<string, string[]>()
  for (const containerIndex of index.containers()) {
    const scope = containerIndex.container.scope?.name
    const place = scope === undefined ? 'application level' : `scope ${quote(scope)}`
    for (const ra of containerIndex.container.roleAssignments) {
      const grants = roleAssignmentGrants(index, ra, { paths: false })
      if (grants.operations.length === 0) continue
      for (const { sid } of grants.holders) {
        const list = places.get(sid) ?? []
        if (!list.includes(place)) list.push(place)
        places.set(sid, list)
      }
    }
  }
  return places
}

/**
 * The delegated principals of the store on this host: every SID that holds
 * a role assignment granting operations (directly or through application
 * groups) but whose token on the host does not get every operation of the
 * application at application level, which is what the full Administrator
 * role gives. Members of LDAP-query and BizRule groups are not known here and
 * are left out. `groupsOf` is asked only for domain SIDs (S-1-5-21-...): a
 * well-known or BUILTIN SID has no AD groups. Sorted by SID.
 */
export async function delegatedPrincipals(ctx: HostContext, groupsOf?: (sid: string) => Promise<readonly string[] | undefined>): Promise<DelegatedPrincipal[]> {
  const index = ctx.index
  if (index === undefined) return []
  const all = index.application.operations.map(operationNumber).filter((n): n is number => n !== undefined)
  const out: DelegatedPrincipal[] = []
  for (const [sid, places] of holders(index)) {
    const groups = groupsOf === undefined || !sid.startsWith('S-1-5-21-') ? undefined : await groupsOf(sid)
    const token = hostToken(sid, ctx.memberships, groups ?? [])
    if (missingForToken(index, makeToken(token), all).length === 0) continue
    out.push({ sid, places, token, adGroupsKnown: groups !== undefined })
  }
  return out.sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0))
}
