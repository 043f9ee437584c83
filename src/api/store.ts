import { openStore as openStoreAt, type OpenStoreOptions } from '../store/open-store.js'
import type { StorePort, StoreSnapshot } from '../store/port.js'

export type { OpenStoreOptions }

/**
 * Opens the store a reference names, without reading it: an XML file path (relative to the current
 * directory), `msxml://PATH`, or `msldap://HOST[:PORT]/DN` for a store in Active Directory.
 * Nothing is read or connected until a method of the returned port is called.
 *
 * Options (all optional): `displayName` (how messages name the store; default the reference as
 * given), `cacheSnapshots` and `revalidateMs` (reuse a read snapshot while an XML file is unchanged,
 * for long-running processes; default off, 0 ms), `maxBytes` (the largest XML file read, default
 * 256 MiB), `ldap` (credentials and TLS for `msldap://`; default the `AZMAN_LDAP_*` environment
 * variables).
 *
 * @throws UnsupportedStoreError `AZMAN_ERR_STORE_UNSUPPORTED` for a reference that names no store
 *   azman reads: an unknown URL scheme, an SQL store, `msxml://` without a file, a malformed
 *   `msldap://` URL.
 */
export function openStore(ref: string, options: OpenStoreOptions = {}): StorePort {
  return openStoreAt(ref, options)
}

/**
 * Reads a whole store: its policy (applications, operations, tasks, role definitions, role
 * assignments, groups, scopes) and its version token (`sha256:...` of an XML file's bytes), which a
 * write can be made conditional on (`ifMatch`). Takes a reference (as {@link openStore}) or a store
 * already opened.
 *
 * @throws UnreadableInputError for a store that cannot be read: `AZMAN_ERR_STORE_IO` (missing file,
 *   I/O error), `AZMAN_ERR_XML_SYNTAX`, `AZMAN_ERR_XML_UNSAFE` (DTDs, entities),
 *   `AZMAN_ERR_XML_ENCODING` (not UTF-8), `AZMAN_ERR_NOT_A_STORE` (another XML document).
 * @throws DirectoryConnectError, DirectoryTlsError, DirectoryAuthError (`AZMAN_ERR_LDAP_*`) for an
 *   `msldap://` store that cannot be reached or bound to.
 */
export async function loadPolicy(store: string | StorePort, options: OpenStoreOptions = {}): Promise<StoreSnapshot> {
  return (typeof store === 'string' ? openStore(store, options) : store).load()
}
