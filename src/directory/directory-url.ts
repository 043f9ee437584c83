import { UnsupportedStoreError } from '../errors/input-errors.js'
import type { DirectoryTarget } from '../store/ldap/session.js'

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
