import type { PolicyStore } from '../model/policy.js'
import { walkStore } from '../model/walk.js'
import type { Directory } from './directory.js'

/** Names for SIDs, `DOMAIN\account`, as the directory knows them. */
export type SidNames = ReadonlyMap<string, string>

/** Every SID a policy names (members and non-members). */
export function sidsOf(policy: PolicyStore): Set<string> {
  const out = new Set<string>()
  for (const v of walkStore(policy)) {
    if (v.kind === 'role-assignment') v.object.members.forEach((s) => out.add(s))
    if (v.kind === 'group') [...v.object.members, ...v.object.nonMembers].forEach((s) => out.add(s))
  }
  return out
}

/**
 * The name-resolution hook of every output that shows SIDs: the directory's
 * names for the SIDs of a policy (one search per 100 SIDs). Pass the result to
 * `principal()` / `showView()`; SIDs it lacks keep their well-known name or none.
 */
export async function sidNamesFor(directory: Directory, policy: PolicyStore): Promise<SidNames> {
  return directory.names(sidsOf(policy))
}
