import { canonicalSid } from '../../model/sid.js'
import type { HostFacts } from '../facts/schema.js'

/** Canonical member SID → the canonical SIDs of the local groups that list it. */
export type LocalMemberships = ReadonlyMap<string, readonly string[]>

/** Which local groups list each member, built once per host (every principal's token reads it). */
export function localMemberships(facts: HostFacts): LocalMemberships {
  const of = new Map<string, string[]>()
  for (const group of facts.localGroups ?? []) {
    const g = canonicalSid(group.sid)
    for (const m of group.members) {
      const sid = canonicalSid(m.sid)
      const groups = of.get(sid)
      if (groups === undefined) of.set(sid, [g])
      else if (!groups.includes(g)) groups.push(g)
    }
  }
  return of
}

/** Everyone, Authenticated Users and NETWORK: every remote (network) logon's token holds them. */
export const REMOTE_LOGON_SIDS = ['S-1-1-0', 'S-1-5-11', 'S-1-5-2'] as const

/**
 * The SIDs a principal's token holds when it connects to the host over the
 * network, as far as azman can know: its own SID, its AD groups (`adGroups`,
 * as tokenGroups gives them, when a directory was asked), Everyone,
 * Authenticated Users and NETWORK, and every local group of the facts whose
 * members list the SID or one of those AD groups. A lower bound: other
 * groups (nested domain groups without a directory, other local groups) are
 * not seen.
 */
export function hostToken(sid: string, memberships: LocalMemberships, adGroups: readonly string[] = []): Set<string> {
  const held = [...[sid, ...adGroups].map(canonicalSid), ...REMOTE_LOGON_SIDS]
  const token = new Set<string>(held)
  // Windows does not nest local groups in local groups: one look per SID the token holds before them.
  for (const s of held) for (const g of memberships.get(s) ?? []) token.add(g)
  return token
}
