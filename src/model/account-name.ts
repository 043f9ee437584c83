import { wellKnownSids } from './sid.js'

/** An account name as people type it. */
export type AccountName =
  | { readonly form: 'down-level'; readonly domain: string; readonly name: string }
  | { readonly form: 'upn'; readonly name: string; readonly suffix: string }
  | { readonly form: 'bare'; readonly name: string }

/**
 * Reads `DOMAIN\name` (down-level logon name), `name@dns.suffix` (UPN) or a
 * bare `name`. Surrounding spaces are ignored; nothing is unescaped, so the
 * parts are matched literally.
 */
export function parseAccountName(text: string): AccountName {
  const t = text.trim()
  const slash = t.indexOf('\\')
  if (slash > 0 && slash < t.length - 1) return { form: 'down-level', domain: t.slice(0, slash), name: t.slice(slash + 1) }
  const at = t.lastIndexOf('@')
  if (at > 0 && at < t.length - 1) return { form: 'upn', name: t.slice(0, at), suffix: t.slice(at + 1) }
  return { form: 'bare', name: t }
}

/**
 * The SID of a well-known account name, matched without regard to case:
 * `BUILTIN\Administrators`, `NT AUTHORITY\Authenticated Users`, `Everyone`;
 * the part after the backslash alone works when it names one account only
 * (`Administrators`, `Authenticated Users`). Domain accounts need a directory.
 */
export function wellKnownAccountSid(account: string): string | undefined {
  const wanted = account.trim().toLowerCase()
  const exact: string[] = []
  const short: string[] = []
  for (const [sid, name] of wellKnownSids()) {
    const lower = name.toLowerCase()
    if (lower === wanted) exact.push(sid)
    else if (lower.slice(lower.indexOf('\\') + 1) === wanted) short.push(sid)
  }
  return exact[0] ?? (short.length === 1 ? short[0] : undefined)
}
