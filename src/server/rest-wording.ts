import { homedir, tmpdir } from 'node:os'
import { dirname, resolve, sep } from 'node:path'
import { SHIPPED_TEMPLATES } from '../templates/shipped-folder.js'

/**
 * What the library's messages tell a command-line user (`pass --force`), in
 * the words of the REST API. Library errors are shared by the CLI and the
 * service; the service rewrites their hints on the way out.
 */
const REST_WORDING: readonly (readonly [RegExp, string])[] = [
  [/pass --force if this is intended/g, 'send ?force=true if this is intended'],
  [
    /pass --directory \S+ \(or set AZMAN_LDAP_URL\), or give its SID \(--sid\) instead/g,
    'this service has no directory configured (name a domain controller in its configuration: "directory" in its config file, or AZMAN_LDAP_URL where it starts); give the SID instead ({"sid": "S-1-5-..."})',
  ],
  [/give the SID \(--sid\) instead/g, 'give the SID instead ({"sid": "S-1-5-..."})'],
  [/give its SID \(--sid\) or a directory \(--directory\)/g, 'give its SID ({"sid": "S-1-5-..."}), or configure a directory for this service'],
  [/pass --role-definition with another name/g, 'give "roleDefinition" another name'],
  [/; pass --scope\b/g, '; address a scope (.../scopes/{scope}/...)'],
  [/\(--sid or --account\)/g, '("sid" or "account" in "members")'],
  [/\(--sid, --account or --group\)/g, '("sid", "account" or "group" in "members")'],
  [/azman templates lists the shipped ones/g, 'GET /templates lists them'],
  [/; GET \/templates \(azman templates\) lists them/g, '; GET /templates lists them'],
]

/** Folders of the server whose paths an answer must not show: where azman is installed, the working, temporary and home folders, and the given ones (stores, data, tokens). */
export function serverFolders(extra: readonly string[] = []): string[] {
  const folders = [dirname(resolve(SHIPPED_TEMPLATES)), process.cwd(), tmpdir(), homedir(), ...extra].map((f) => resolve(f)).filter((f) => f !== sep)
  // Longest first, so a folder inside another is cut as a whole.
  return [...new Set(folders)].sort((a, b) => b.length - a.length)
}

/**
 * A problem detail as a REST caller should read it: command-line hints in the
 * API's words, and no path of the server's file system (a path under one of
 * `folders` keeps only its part below that folder).
 */
export function restDetail(detail: string, folders: readonly string[]): string {
  let out = detail
  for (const [pattern, words] of REST_WORDING) out = out.replace(pattern, words)
  for (const folder of folders) out = out.split(`${folder}${sep}`).join('').split(folder).join('.')
  return out
}
