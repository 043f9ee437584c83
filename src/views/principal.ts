import { canonicalSid, wellKnownSidName } from '../model/sid.js'

/** A SID as reports show it: with the name Windows gives it, when it is well known. */
export interface Principal {
  readonly sid: string
  readonly name: string | null
}

export function principal(sid: string): Principal {
  return { sid, name: wellKnownSidName(canonicalSid(sid)) ?? null }
}
