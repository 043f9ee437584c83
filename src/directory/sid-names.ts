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

/**
 * Two sources of names as one: the directory's where it names a SID (a
 * configured directory wins), else the names file's. Either may be absent.
 */
export function mergedNames(directory: SidNames, file: SidNames | undefined): SidNames
export function mergedNames(directory: SidNames | undefined, file: SidNames | undefined): SidNames | undefined
export function mergedNames(directory: SidNames | undefined, file: SidNames | undefined): SidNames | undefined {
  if (file === undefined || file.size === 0) return directory
  if (directory === undefined || directory.size === 0) return file
  const out = new Map(file)
  for (const [sid, name] of directory) out.set(sid, name)
  return out
}
