import { canonicalSid, wellKnownSidName } from '../model/sid.js'

/** A SID as reports show it: with the name Windows gives it, when it is well known or the directory knows it. */
export interface Principal {
  readonly sid: string
  readonly name: string | null
}

/**
 * A SID with its name: from `names` (the directory's, see `sidNamesFor`)
 * first, then the well-known names.
 */
export function principal(sid: string, names?: ReadonlyMap<string, string>): Principal {
  return { sid, name: names?.get(sid) ?? wellKnownSidName(canonicalSid(sid)) ?? null }
}
