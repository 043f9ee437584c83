import { parseStoreLocation, type StoreLocation } from './location.js'
import { LdapStore, type LdapStoreOptions } from './ldap/ldap-store.js'
import { ldapSettings, type LdapSettings } from '../ldap/settings.js'
import type { StorePort } from './port.js'
import { XmlStore } from './xml/xml-store.js'

/** How to open a store: how messages name it, caching for long-running processes, and how to reach stores on a server. */
export interface OpenStoreOptions extends LdapStoreOptions {
  /** How messages name the store; default: the reference as given. */
  readonly displayName?: string
  /** XML stores: reuse the last snapshot read while the store is unchanged (long-running processes). */
  readonly cacheSnapshots?: boolean
  /** With `cacheSnapshots`: how long a confirmed snapshot is reused without looking at the file, in ms (default 0: every read looks). */
  readonly revalidateMs?: number
  /** XML stores: the largest file read, in bytes (default 256 MiB). */
  readonly maxBytes?: number
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
      return new XmlStore(location.path, options.displayName ?? location.display, location.windowsPath, {
        ...(options.cacheSnapshots === true ? { cacheSnapshots: true, ...(options.revalidateMs === undefined ? {} : { revalidateMs: options.revalidateMs }) } : {}),
        ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
      })
    case 'ldap': {
      const { ldap, displayName, cacheSnapshots: _cache, revalidateMs: _revalidate, maxBytes: _maxBytes, ...rest } = options
      return new LdapStore(location.url, ldap ?? ldapSettings({}, process.env), displayName ?? location.display, rest)
    }
  }
}
