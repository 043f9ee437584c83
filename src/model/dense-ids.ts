/**
 * A small number for `key`: 0, 1, 2 ... in the order keys are first seen in `ids` (which remembers them).
 * For compact, stable keys of terms and the like.
 */
export function denseId<K>(ids: Map<K, number>, key: K): number {
  let id = ids.get(key)
  if (id === undefined) {
    id = ids.size
    ids.set(key, id)
  }
  return id
}
