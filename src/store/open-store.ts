import { UnsupportedStoreError } from '../errors/input-errors.js'
import { parseStoreLocation, type StoreLocation } from './location.js'
import type { StorePort } from './port.js'
import { XmlStore } from './xml/xml-store.js'

/** Opens the store a reference names: a file path, `msxml://...` or (later) `msldap://...`. */
export function openStore(ref: string): StorePort {
  return openLocation(parseStoreLocation(ref))
}

export function openLocation(location: StoreLocation): StorePort {
  switch (location.kind) {
    case 'xml':
      return new XmlStore(location.path, location.display, location.windowsPath)
    case 'ldap':
      throw new UnsupportedStoreError(`Active Directory stores (${location.display}) are not supported by this version`)
  }
}
