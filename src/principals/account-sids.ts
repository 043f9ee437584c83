import type { Change, ChangeSet, PrincipalRef } from '../change-set/change.js'
import type { ChangeInput } from '../change-set/plan-file.js'
import { wellKnownAccountSid } from '../model/account-name.js'
import type { WriteRequest } from '../change-set/run-write.js'
import type { Directory } from '../directory/directory.js'
import { withDirectory, type DirectoryOpener } from './directory-scope.js'
import type { NamesTable } from '../directory/names-file.js'
import { accountSidFromTable } from './account-token.js'

/**
 * Replaces domain account names in a change set (`{"account": "LAB\\alice"}`)
 * by their SIDs, asking the directory, or, without one, the names file's
 * `table` (`--names`, `AZMAN_NAMES`, the service's `names`); well-known names
 * and everything else stay as they are. Without either the change set is
 * returned unchanged (planning then refuses domain accounts with what to do).
 * Connects only when there is a name to resolve.
 *
 * @throws UnknownAccountError when the directory has no such account, or the
 *   names file none or several (`AZMAN_ERR_ACCOUNT_UNKNOWN`, exit 4: a write).
 */
export async function resolveAccountRefs(changeSet: ChangeSet, directory: Directory | undefined, table?: NamesTable): Promise<ChangeSet> {
  const resolve = refResolver(directory, table)
  if (resolve === undefined) return changeSet
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
export async function resolvePrincipalRefs(refs: readonly PrincipalRef[], directory: Directory | undefined, table?: NamesTable): Promise<PrincipalRef[]> {
  const resolve = refResolver(directory, table)
  if (resolve === undefined) return [...refs]
  const out: PrincipalRef[] = []
  for (const ref of refs) out.push(await resolve(ref))
  return out
}

/** {@link resolvePrincipalRefs} through the directory `open` gives (else the names file's `table`), opened only when `refs` name an account, and closed afterwards. */
export async function resolvePrincipalsWith(refs: readonly PrincipalRef[], open: DirectoryOpener, table?: NamesTable): Promise<PrincipalRef[]> {
  if (!refs.some((r) => 'account' in r)) return [...refs]
  return withDirectory(open, (directory) => resolvePrincipalRefs(refs, directory, table))
}

/** Domain account names to `{sid}`: through the directory (it wins), else the names file; undefined with neither. */
function refResolver(directory: Directory | undefined, table: NamesTable | undefined): ((ref: PrincipalRef) => Promise<PrincipalRef>) | undefined {
  if (directory === undefined && table === undefined) return undefined
  const sidOf = directory === undefined ? (account: string) => accountSidFromTable(account, table) : async (account: string) => (await directory.resolveAccount(account)).sid
  const cache = new Map<string, string>()
  return async (ref) => {
    if (!('account' in ref) || wellKnownAccountSid(ref.account) !== undefined) return ref
    const key = ref.account.trim().toLowerCase()
    let sid = cache.get(key)
    if (sid === undefined) {
      sid = await sidOf(ref.account)
      cache.set(key, sid)
    }
    return { sid }
  }
}

/**
 * A write request whose change set has its domain account names replaced by
 * SIDs ({@link resolveAccountRefs}) through the directory `open` gives (else the names file's `table`), opened
 * only when the change set names a domain account, and closed afterwards.
 * The CLI's writes and the REST service's write routes both go through it.
 */
export function withAccountsResolved(request: WriteRequest, open: DirectoryOpener, table?: NamesTable): WriteRequest {
  return {
    ...request,
    changes: async (snapshot) => {
      const changeSet = await request.changes(snapshot)
      return namesDomainAccount(changeSet) ? withDirectory(open, (directory) => resolveAccountRefs(changeSet, directory, table)) : changeSet
    },
  }
}

/** A change input (a change set, or a saved plan, whose SIDs are already fixed) with its domain account names resolved as {@link withAccountsResolved} does. */
export async function resolveChangeInputAccounts(input: ChangeInput, open: DirectoryOpener, table?: NamesTable): Promise<ChangeInput> {
  if (input.kind !== 'changes' || !namesDomainAccount(input.changeSet)) return input
  return { kind: 'changes', changeSet: await withDirectory(open, (directory) => resolveAccountRefs(input.changeSet, directory, table)) }
}

/** Whether a change set names an account that is not well-known (only those need a directory). */
function namesDomainAccount(changeSet: ChangeSet): boolean {
  return changeSet.changes.some((change) =>
    (['members', 'nonMembers'] as const).some((key) => {
      const refs = (change as { readonly [k: string]: unknown })[key]
      return Array.isArray(refs) && (refs as PrincipalRef[]).some((ref) => 'account' in ref && wellKnownAccountSid(ref.account) === undefined)
    }),
  )
}
