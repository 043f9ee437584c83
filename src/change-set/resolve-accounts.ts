import type { Directory } from '../directory/directory.js'
import type { Change, ChangeSet, PrincipalRef } from './change.js'
import { wellKnownAccountSid } from '../model/account-name.js'

/**
 * Replaces domain account names in a change set (`{"account": "LAB\\alice"}`)
 * by their SIDs, asking the directory; well-known names and everything else
 * stay as they are. Without a directory the change set is returned unchanged
 * (planning then refuses domain accounts with what to do). Connects only when
 * there is a name to resolve.
 *
 * @throws UnknownAccountError when the directory has no such account.
 */
export async function resolveAccountRefs(changeSet: ChangeSet, directory: Directory | undefined): Promise<ChangeSet> {
  if (directory === undefined) return changeSet
  const resolve = refResolver(directory)
  const changes: Change[] = []
  for (const change of changeSet.changes) {
    let out: Change = change
    for (const key of ['members', 'nonMembers'] as const) {
      const refs = (change as { readonly [k: string]: unknown })[key]
      if (!Array.isArray(refs)) continue
      const resolved: PrincipalRef[] = []
      for (const ref of refs as PrincipalRef[]) resolved.push(await resolve(ref))
      out = { ...out, [key]: resolved }
    }
    changes.push(out)
  }
  return { ...changeSet, changes }
}

/** The same for a list of principals (`--account` flags): domain accounts become `{sid}`. */
export async function resolvePrincipalRefs(refs: readonly PrincipalRef[], directory: Directory | undefined): Promise<PrincipalRef[]> {
  if (directory === undefined) return [...refs]
  const resolve = refResolver(directory)
  const out: PrincipalRef[] = []
  for (const ref of refs) out.push(await resolve(ref))
  return out
}

function refResolver(directory: Directory): (ref: PrincipalRef) => Promise<PrincipalRef> {
  const cache = new Map<string, string>()
  return async (ref) => {
    if (!('account' in ref) || wellKnownAccountSid(ref.account) !== undefined) return ref
    const key = ref.account.trim().toLowerCase()
    let sid = cache.get(key)
    if (sid === undefined) {
      sid = (await directory.resolveAccount(ref.account)).sid
      cache.set(key, sid)
    }
    return { sid }
  }
}
