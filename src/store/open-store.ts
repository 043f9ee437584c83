import { parseStoreLocation, type StoreLocation } from './location.js'
import { LdapStore, type LdapStoreOptions } from './ldap/ldap-store.js'
import { ldapSettings, type LdapSettings } from './ldap/settings.js'
import type { StorePort } from './port.js'
import { XmlStore } from './xml/xml-store.js'

/** How to reach stores that live on a server; files need nothing. */
export interface OpenStoreOptions extends LdapStoreOptions {
  /** Credentials and TLS options for `msldap://` stores; by default from the `AZMAN_LDAP_*` environment variables. */
  readonly ldap?: LdapSettings
}

/** Opens the store a reference names: a file path, `msxml://...` or `msldap://...`. */
export function openStore(ref: string, options: OpenStoreOptions = {}): StorePort {
  return openLocation(parseStoreLocation(ref), options)
}

export function openLocation(location: StoreLocation, options: OpenStoreOptions = {}): StorePort {
  switch (location.kind) {
    case 'xml':
      return new XmlStore(location.path, location.display, location.windowsPath)
    case 'ldap': {
      const { ldap, ...rest } = options
      return new LdapStore(location.url, ldap ?? ldapSettings({}, process.env), location.display, rest)
    }
  }
}
