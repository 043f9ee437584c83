import { UnsupportedStoreError } from '../errors/input-errors.js'
import type { MsldapUrl } from './msldap-url.js'
import type { DirectoryTarget } from './session.js'
import type { LdapSettings } from './settings.js'

/**
 * The DC named by `AZMAN_LDAP_URL` / `--directory`: `ldaps://host[:port]`,
 * `ldap://host[:port]`, `msldap://host[:port]`, or a bare `host[:port]`.
 * Port 636 (the default of `ldaps://`) is LDAPS; any other port StartTLS.
 */
export function parseDirectoryUrl(url: string): DirectoryTarget {
  const m = /^(?:(ldaps|ldap|msldap):\/\/)?(\[[^\]]+\]|[A-Za-z0-9._-]+)(?::(\d+))?\/?$/i.exec(url.trim())
  if (!m) throw new UnsupportedStoreError(`"${url}" does not name a domain controller; write ldaps://dc.example.com or dc.example.com:389`)
  const scheme = (m[1] ?? 'ldap').toLowerCase()
  const host = (m[2] ?? '').replace(/^\[|\]$/g, '')
  const port = m[3] === undefined ? (scheme === 'ldaps' ? 636 : 389) : Number(m[3])
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UnsupportedStoreError(`"${url}": port ${m[3] ?? ''} is out of range`)
  return { host, port, tls: port === 636 || scheme === 'ldaps' ? 'ldaps' : 'starttls' }
}

/**
 * The DC of an AD store: the host of its `msldap://` URL, or else the
 * configured directory (`--directory` / `AZMAN_LDAP_URL`).
 *
 * @param displayName how the store is named in the error.
 * @throws UnsupportedStoreError when neither names a DC.
 */
export function storeDirectoryTarget(url: MsldapUrl, settings: LdapSettings, displayName: string): DirectoryTarget {
  if (url.host !== undefined) return { host: url.host, port: url.port, tls: url.tls }
  if (settings.directoryUrl !== undefined) return parseDirectoryUrl(settings.directoryUrl)
  throw new UnsupportedStoreError(`${displayName} names no domain controller: write msldap://dc.example.com/${url.dn}, or set AZMAN_LDAP_URL (--directory) to the DC`)
}
