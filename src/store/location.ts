import { UnsupportedStoreError } from '../errors/input-errors.js'

/** Where a store lives, parsed from what the user typed. */
export type StoreLocation =
  { readonly kind: 'xml'; readonly path: string; readonly windowsPath: boolean; readonly display: string } | { readonly kind: 'ldap'; readonly url: string; readonly display: string }

/**
 * Parses a store reference: a file path, or an AzMan policy URL.
 *
 * - `msxml:///var/lib/store.xml`: a POSIX path.
 * - `msxml://C:\ProgramData\...\InitialStore.xml`, `msxml://c:/dir/a.xml`,
 *   `msxml://d|/dir/a.xml`, `msxml://\\server\share\a.xml`: Windows paths,
 *   used as they are on Windows.
 * - `msxml://abc.xml`: AzMan reads this as the root of the current drive.
 * - Percent-escapes (`%20`) are decoded in `msxml://` URLs.
 * - `msldap://` names an Active Directory store.
 *
 * The scheme is case-insensitive, as in AzMan.
 */
export function parseStoreLocation(ref: string, platform: NodeJS.Platform = process.platform): StoreLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(ref)?.[1]?.toLowerCase()
  if (scheme === undefined || /^[a-z]$/i.test(scheme)) return { kind: 'xml', path: ref, windowsPath: isWindowsPath(ref), display: ref }
  const rest = ref.slice(scheme.length + 3)
  switch (scheme) {
    case 'msxml': {
      let path: string
      try {
        path = decodeURIComponent(rest)
      } catch {
        throw new UnsupportedStoreError(`the store URL ${ref} has a malformed percent-escape`)
      }
      path = path.replace(/^([A-Za-z])\|/, '$1:')
      if (path === '') throw new UnsupportedStoreError('the store URL msxml:// names no file')
      const windowsPath = isWindowsPath(path)
      if (!windowsPath && !path.startsWith('/')) path = platform === 'win32' ? `\\${path}` : `/${path}`
      return { kind: 'xml', path, windowsPath, display: ref }
    }
    case 'msldap':
      return { kind: 'ldap', url: ref, display: ref }
    case 'mssql':
      throw new UnsupportedStoreError(`SQL-backed AzMan stores (${ref.slice(0, 8)}...) are not supported; export the store to XML on Windows first`)
    default:
      throw new UnsupportedStoreError(`unknown store URL scheme "${scheme}://"; use a file path, msxml:// or msldap://`)
  }
}

/** `C:\...`, `c:/...` or `\\server\share\...`. */
export function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
}
