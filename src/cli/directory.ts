import type { PrincipalRef } from '../change-set/change.js'
import type { Directory } from '../directory/directory.js'
import { openDirectory } from '../directory/open-directory.js'
import { resolvePrincipalsWith } from '../principals/account-sids.js'
import { withDirectory as withOpenedDirectory, type DirectoryOpener } from '../principals/directory-scope.js'
import type { GlobalOptions } from './command.js'

/** The directory of a command on `storeRef`: the store's DC for an msldap:// store, else --directory / AZMAN_LDAP_URL, else none. */
export function directoryOpener(storeRef: string | undefined, globals: GlobalOptions): DirectoryOpener {
  return () => openDirectory(storeRef, globals.store)
}

/**
 * Runs `work` with the directory for a command on `storeRef` (see
 * {@link directoryOpener}), and closes it afterwards.
 */
export async function withDirectory<T>(storeRef: string | undefined, globals: GlobalOptions, work: (directory: Directory | undefined) => Promise<T>): Promise<T> {
  return withOpenedDirectory(directoryOpener(storeRef, globals), work)
}

/** `--account` values that name domain accounts, as SIDs (through the directory for `storeRef`, when there is one, else the names file). */
export async function resolvePrincipals(refs: readonly PrincipalRef[], storeRef: string | undefined, globals: GlobalOptions): Promise<PrincipalRef[]> {
  return resolvePrincipalsWith(refs, directoryOpener(storeRef, globals), globals.names)
}
