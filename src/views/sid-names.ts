import type { SidNames } from '../directory/sid-names.js'
import { parseSid } from '../model/sid.js'

/**
 * `value` (a query result: proofs, who-can principals, a diff's member lists ...) with every
 * `{sid, name}` pair, and every `{value, name}` pair whose value is a SID, named
 * as the directory (or names file) names the SID, where it knows it; other
 * names (well-known ones) stay. Without names, `value` itself.
 */
export function withSidNames<T>(value: T, names: SidNames | undefined): T {
  if (names === undefined || names.size === 0) return value
  return rename(value, names) as T
}

function rename(value: unknown, names: SidNames): unknown {
  if (Array.isArray(value)) return value.map((v) => rename(v, names))
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) out[key] = rename(v, names)
  if (typeof out.sid === 'string' && 'name' in out) out.name = names.get(out.sid) ?? out.name
  else if (typeof out.value === 'string' && 'name' in out && /^S-1-/i.test(out.value)) out.name = names.get(parseSid(out.value) ?? out.value) ?? out.name
  return out
}

/** `S-1-5-21-...-1105 (AZLAB\alice)`, or the SID alone when it has no name. */
export function sidWithName(sid: string, names: SidNames | undefined): string {
  const name = names?.get(sid)
  return name === undefined ? sid : `${sid} (${name})`
}
