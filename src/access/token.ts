/**
 * The SIDs a principal holds, as AccessCheck sees them (accesscheck.md §5.2
 * step 4): a SID list given by the caller is the WHOLE token. Nothing is added
 * to it (no Everyone, no Authenticated Users), and every SID in it, BUILTIN
 * ones included, counts as held.
 */
export interface Token {
  /** Distinct SIDs, canonical form, in the order first given. */
  readonly sids: readonly string[]
  /** The same SIDs, for membership tests. */
  readonly set: ReadonlySet<string>
}

/** `s-1-5-32-544` and ` S-1-5-32-544 ` compare equal to `S-1-5-32-544`. Other text is kept as is. */
export function canonicalSid(sid: string): string {
  const s = sid.trim()
  return s.length > 1 && (s.charCodeAt(0) === 115 /* s */) && s.charCodeAt(1) === 45 /* - */ ? `S${s.slice(1)}` : s
}

/** A token from SIDs: canonicalised and deduplicated, never extended. */
export function makeToken(sids: Iterable<string>): Token {
  const set = new Set<string>()
  for (const sid of sids) set.add(canonicalSid(sid))
  return { sids: [...set], set }
}
