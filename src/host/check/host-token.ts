import { canonicalSid } from '../../model/sid.js'
import type { HostFacts } from '../facts/schema.js'

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
export function hostToken(sid: string, facts: HostFacts, adGroups: readonly string[] = []): Set<string> {
  const own = [sid, ...adGroups].map(canonicalSid)
  const token = new Set<string>([...own, ...REMOTE_LOGON_SIDS])
  for (const group of facts.localGroups ?? []) {
    if (group.members.some((m) => token.has(canonicalSid(m.sid)))) token.add(canonicalSid(group.sid))
  }
  return token
}
