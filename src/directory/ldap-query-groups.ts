import { guidKey, type PolicyStore } from '../model/policy.js'
import { walkStore } from '../model/walk.js'
import type { Account, Directory } from './directory.js'

/**
 * Evaluates every LDAP-query application group of a policy for one account
 * against the directory, as AzMan does (the group's filter applied to the
 * account's object). Keyed by the group's GUID key: true (member), false (not
 * a member), or undefined when the filter cannot be evaluated (malformed, or
 * refused by the server): then the group stays conditional.
 */
export async function evaluateLdapQueryGroups(directory: Directory, policy: PolicyStore, account: Account): Promise<Map<string, boolean | undefined>> {
  const out = new Map<string, boolean | undefined>()
  for (const v of walkStore(policy)) {
    if (v.kind !== 'group' || v.object.groupType !== 'LdapQuery') continue
    const query = v.object.ldapQuery
    out.set(guidKey(v.object.guid), query === undefined || query.trim() === '' ? false : await directory.matchesQuery(account, query))
  }
  return out
}
