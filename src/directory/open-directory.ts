import { parseStoreLocation } from '../store/location.js'
import { ldapSettings } from '../ldap/settings.js'
import type { OpenStoreOptions } from '../store/open-store.js'
import { Directory } from './directory.js'
import { parseDirectoryUrl, storeDirectoryTarget } from '../ldap/directory-url.js'
import { parseMsldapUrl } from '../ldap/msldap-url.js'

/**
 * The directory to resolve accounts with, for a command on `storeRef`: the
 * store's own DC for an `msldap://` store, otherwise the DC named by
 * `--directory` / `AZMAN_LDAP_URL`; undefined when there is none.
 */
export function openDirectory(storeRef: string | undefined, options: OpenStoreOptions = {}): Directory | undefined {
  const settings = options.ldap ?? ldapSettings({}, process.env)
  if (storeRef !== undefined) {
    const location = parseStoreLocation(storeRef)
    if (location.kind === 'ldap') return new Directory(storeDirectoryTarget(parseMsldapUrl(location.url), settings, location.url), settings)
  }
  return settings.directoryUrl === undefined ? undefined : new Directory(parseDirectoryUrl(settings.directoryUrl), settings)
}
