import type { PrincipalRef } from '../change-set/change.js'
import { resolvePrincipalRefs } from '../change-set/resolve-accounts.js'
import type { Directory } from '../directory/directory.js'
import { openDirectory } from '../directory/open-directory.js'
import type { GlobalOptions } from './command.js'

/**
 * Runs `work` with the directory for a command on `storeRef` (the store's DC
 * for an msldap:// store, else --directory / AZMAN_LDAP_URL, else none), and
 * closes it afterwards.
 */
export async function withDirectory<T>(storeRef: string | undefined, globals: GlobalOptions, work: (directory: Directory | undefined) => Promise<T>): Promise<T> {
  const directory = openDirectory(storeRef, globals.store)
  try {
    return await work(directory)
  } finally {
    await directory?.close()
  }
}

/** `--account` values that name domain accounts, as SIDs (through the directory for `storeRef`, when there is one). */
export async function resolvePrincipals(refs: readonly PrincipalRef[], storeRef: string | undefined, globals: GlobalOptions): Promise<PrincipalRef[]> {
  if (!refs.some((r) => 'account' in r)) return [...refs]
  return withDirectory(storeRef, globals, (directory) => resolvePrincipalRefs(refs, directory))
}
