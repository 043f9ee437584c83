import { UnsupportedStoreError } from '../errors/input-errors.js'
import { parseStoreLocation, type StoreLocation } from './location.js'
import type { StorePort } from './port.js'
import { XmlStore } from './xml/xml-store.js'

export interface OpenOptions {
  /** How messages name the store; default: the reference as given. */
  readonly displayName?: string
  /** Reuse the last snapshot read while the store is unchanged (long-running processes). */
  readonly cacheSnapshots?: boolean
  /** With `cacheSnapshots`: how long a confirmed snapshot is reused without looking at the file, in ms (default 0: every read looks). */
  readonly revalidateMs?: number
}

/** Opens the store a reference names: a file path, `msxml://...` or (later) `msldap://...`. */
export function openStore(ref: string, options: OpenOptions = {}): StorePort {
  return openLocation(parseStoreLocation(ref), options)
}

export function openLocation(location: StoreLocation, options: OpenOptions = {}): StorePort {
  switch (location.kind) {
    case 'xml':
      return new XmlStore(location.path, options.displayName ?? location.display, location.windowsPath, options.cacheSnapshots === true ? { cacheSnapshots: true, ...(options.revalidateMs === undefined ? {} : { revalidateMs: options.revalidateMs }) } : {})
    case 'ldap':
      throw new UnsupportedStoreError(`Active Directory stores (${location.display}) are not supported by this version`)
  }
}
