import { guidKey, type PolicyObject } from '../model/policy.js'

/** How two objects of the two stores were paired. */
export type MatchedBy = 'guid' | 'name'

export interface Pairing<T> {
  readonly pairs: readonly { readonly before: T; readonly after: T; readonly by: MatchedBy }[]
  readonly removed: readonly T[]
  readonly added: readonly T[]
}

/**
 * Pairs the children of two matched parents: first by GUID (case and braces
 * ignored; objects sharing one pair in order), then what is left by name (without regard to case, as AzMan
 * compares names). Each object is paired at most once; order follows `after`.
 */
export function pairObjects<T extends PolicyObject>(before: readonly T[], after: readonly T[]): Pairing<T> {
  // Objects sharing a GUID (AZ_DUPLICATE_GUID) pair in document order, each with its own counterpart.
  const byGuid = new Map<string, T[]>()
  for (const b of before) {
    const list = byGuid.get(guidKey(b.guid))
    if (list) list.push(b)
    else byGuid.set(guidKey(b.guid), [b])
  }
  const used = new Set<T>()
  const paired = new Map<T, { before: T; by: MatchedBy }>()
  for (const a of after) {
    const b = byGuid.get(guidKey(a.guid))?.shift()
    if (b !== undefined) {
      used.add(b)
      paired.set(a, { before: b, by: 'guid' })
    }
  }
  const byName = new Map<string, T[]>()
  for (const b of before) {
    if (used.has(b)) continue
    const key = b.name.toLowerCase()
    const list = byName.get(key)
    if (list) list.push(b)
    else byName.set(key, [b])
  }
  for (const a of after) {
    if (paired.has(a)) continue
    const b = byName.get(a.name.toLowerCase())?.shift()
    if (b !== undefined) {
      used.add(b)
      paired.set(a, { before: b, by: 'name' })
    }
  }
  const pairs: { before: T; after: T; by: MatchedBy }[] = []
  const added: T[] = []
  for (const a of after) {
    const p = paired.get(a)
    if (p) pairs.push({ before: p.before, after: a, by: p.by })
    else added.push(a)
  }
  return { pairs, removed: before.filter((b) => !used.has(b)), added }
}
