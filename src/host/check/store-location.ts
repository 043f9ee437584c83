/** A store reference reduced to what identifies it across machines: its kind and a comparable key. */
export interface StoreKey {
  readonly kind: 'file' | 'msldap' | 'other'
  /** For a file: its name, lower case (folders differ between the host and here). For msldap: the DN, lower case, without spaces around `,` and `=`, without a server. */
  readonly key: string
}

/** The file name of a Windows or POSIX path. */
function fileName(path: string): string {
  const parts = path.split(/[\\/]/)
  return (parts[parts.length - 1] ?? '').toLowerCase()
}

/** The DN of an msldap URL (after the scheme, without a `server/` or `server:port/` in front), normalised for comparison. */
function ldapDn(rest: string): string {
  const slash = rest.indexOf('/')
  const dn = slash >= 0 && !rest.slice(0, slash).includes('=') ? rest.slice(slash + 1) : rest
  return dn
    .replace(/\s*([,=])\s*/g, '$1')
    .trim()
    .toLowerCase()
}

/**
 * The key of a store reference as Hyper-V's StoreLocation or the caller
 * writes it: `msxml://C:\...\InitialStore.xml`, a plain path (`./InitialStore.xml`),
 * `msldap://CN=Store,...` or `msldap://dc01/CN=Store,...`. Anything with
 * another `scheme://` is `other`.
 */
export function storeKey(reference: string): StoreKey {
  const ref = reference.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(ref)?.[1]?.toLowerCase()
  if (scheme === undefined || scheme === 'msxml' || scheme === 'file') return { kind: 'file', key: fileName(scheme === undefined ? ref : ref.slice(scheme.length + 3)) }
  if (scheme === 'msldap') return { kind: 'msldap', key: ldapDn(ref.slice(9)) }
  return { kind: 'other', key: ref.toLowerCase() }
}
