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
