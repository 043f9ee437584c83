/**
 * A set of operations of one application as a bit set over the
 * application's operation indices (see OperationTable). Membership is one
 * array read and one AND; unions are word-wise ORs.
 */
export type OpSet = Uint32Array

export function emptyOpSet(operationCount: number): OpSet {
  return new Uint32Array(Math.max(1, Math.ceil(operationCount / 32)))
}

export function addOp(set: OpSet, index: number): void {
  set[index >>> 5] = (set[index >>> 5] ?? 0) | (1 << (index & 31))
}

export function hasOp(set: OpSet, index: number): boolean {
  return ((set[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0
}

/** `into |= from`. */
export function unionInto(into: OpSet, from: OpSet): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) | (from[i] ?? 0)
}

/** `into &= ~remove`. */
export function subtractInto(into: OpSet, remove: OpSet): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) & ~(remove[i] ?? 0)
}

export function isEmptyOpSet(set: OpSet): boolean {
  for (let i = 0; i < set.length; i++) if ((set[i] ?? 0) !== 0) return false
  return true
}

/** The operation indices in the set, ascending. */
export function opIndices(set: OpSet): number[] {
  const out: number[] = []
  for (let w = 0; w < set.length; w++) {
    let word = set[w] ?? 0
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word)
      out.push(w * 32 + bit)
      word &= word - 1
    }
  }
  return out
}
