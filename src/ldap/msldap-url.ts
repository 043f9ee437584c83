import { UnsupportedStoreError } from '../errors/input-errors.js'
import { parseDn } from './dn.js'

/** Where an AD-backed store lives, parsed from `msldap://host[:port]/<DN>`. */
export interface MsldapUrl {
  /** The DC to connect to; undefined when the URL names none (a default DC must be configured). */
  readonly host?: string
  readonly port: number
  /** Port 636 is LDAPS; any other port uses StartTLS. */
  readonly tls: 'ldaps' | 'starttls'
  /** The store object's DN, as written (spaces after commas allowed). */
  readonly dn: string
}

/**
 * Parses an AzMan AD store URL (docs/store-format.md#105-the-msldap-url): the
 * scheme is case-insensitive; without a host (`msldap://CN=Store,DC=...`) the
 * DN follows directly; otherwise `host[:port]` and one or two slashes. `%xx`
 * escapes are decoded. Also accepts `ldap://` and `ldaps://` with the same
 * shape.
 *
 * @throws UnsupportedStoreError when it is not such a URL or the DN is malformed.
 */
export function parseMsldapUrl(url: string): MsldapUrl {
  const m = /^(msldap|ldaps?):\/\/(.*)$/is.exec(url)
  if (!m) throw bad(url, 'it does not start with msldap://')
  const scheme = (m[1] ?? '').toLowerCase()
  let rest = m[2] ?? ''
  try {
    rest = decodeURIComponent(rest)
  } catch {
    throw bad(url, 'it has a malformed percent-escape')
  }
  const slash = rest.indexOf('/')
  const head = slash === -1 ? rest : rest.slice(0, slash)
  let host: string | undefined
  let portText: string | undefined
  let dn: string
  if (head.includes('=')) {
    dn = rest
  } else {
    if (slash === -1) throw bad(url, 'it names no store DN after the host')
    dn = rest.slice(slash + 1)
    if (dn.startsWith('/')) dn = dn.slice(1)
    const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(head)
    if (!hp) throw bad(url, `"${head}" is not host[:port]`)
    host = hp[1] === '' ? undefined : hp[1]?.replace(/^\[|\]$/g, '')
    portText = hp[2]
    if (host !== undefined && !/^[A-Za-z0-9.:_-]+$/.test(host)) throw bad(url, `"${host}" is not a host name`)
  }
  if (dn.trim() === '') throw bad(url, 'it names no store DN')
  try {
    if (parseDn(dn).length === 0) throw new Error('empty')
  } catch (e) {
    throw bad(url, `the store DN is malformed (${(e as Error).message})`)
  }
  const port = portText === undefined || portText === '' ? (scheme === 'ldaps' ? 636 : 389) : Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(url, `port ${portText ?? ''} is out of range`)
  return { ...(host === undefined ? {} : { host }), port, tls: port === 636 || scheme === 'ldaps' ? 'ldaps' : 'starttls', dn }
}

function bad(url: string, why: string): UnsupportedStoreError {
  return new UnsupportedStoreError(`${url} is not an AD store URL: ${why}; write msldap://dc.example.com/CN=Store,CN=Program Data,DC=example,DC=com`)
}
