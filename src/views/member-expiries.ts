import type { PrincipalAccess, WhoCanResult } from '../access/queries/who-can.js'
import type { ExpiryEntry } from '../expiry/expiry-schema.js'
import { guidKey } from '../model/policy.js'
import { canonicalSid } from '../model/sid.js'

/** When a member of a role assignment leaves (`expiresAt`, UTC, from the store's expiry file), for a view; undefined: it stays. */
export type MemberExpiry = (roleAssignmentGuid: string, sid: string) => string | undefined

/** No member has an expiry: what a store without an expiry file reads as. */
export const NO_EXPIRIES: MemberExpiry = () => undefined

/** A lookup over the expiry file's entries (by role assignment GUID and SID, as `azman expire` finds them). */
export function memberExpiries(entries: readonly ExpiryEntry[]): MemberExpiry {
  if (entries.length === 0) return NO_EXPIRIES
  const key = (guid: string, sid: string): string => `${guidKey(guid)} ${canonicalSid(sid)}`
  const byMember = new Map(entries.map((e) => [key(e.roleAssignment.guid, e.sid), e.expiresAt]))
  return (guid, sid) => byMember.get(key(guid, sid))
}

/**
 * When a who-can principal loses the operation as the expiry file stands: when every grant
 * in its proof is its own SID's membership of a role assignment with an expiry, the latest of
 * them; undefined when one grant stays (an entry of no expiry, or a path through a group:
 * expiries are on direct members only), or when there is no proof to tell.
 */
export function principalExpiry(p: PrincipalAccess, expiry: MemberExpiry): string | undefined {
  let latest: string | undefined
  for (const b of p.because) {
    if (b.type !== 'grant') continue
    const direct = b.member.length === 1 && b.member[0]?.type === 'sid'
    const at = direct ? expiry(b.roleAssignment.guid, p.sid) : undefined
    if (at === undefined) return undefined
    if (latest === undefined || Date.parse(at) > Date.parse(latest)) latest = at
  }
  return latest
}

/** A who-can principal, with when it loses the operation (see {@link principalExpiry}) when it does. */
export type PrincipalAccessUntil = PrincipalAccess & { readonly expiresAt?: string }

/** `result` with `expiresAt` on each principal that loses the operation at a time (see {@link principalExpiry}). */
export function whoCanWithExpiries(result: WhoCanResult, expiry: MemberExpiry): Omit<WhoCanResult, 'principals'> & { readonly principals: readonly PrincipalAccessUntil[] } {
  if (expiry === NO_EXPIRIES) return result
  return {
    ...result,
    principals: result.principals.map((p) => {
      const expiresAt = principalExpiry(p, expiry)
      return expiresAt === undefined ? p : { ...p, expiresAt }
    }),
  }
}
