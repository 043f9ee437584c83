/** What a set comparison found: what should be there and is not, and what is there and should not be. */
export interface SetDifference<T> {
  readonly missing: readonly T[]
  readonly unexpected: readonly T[]
}

/**
 * `actual` held to `equals` (both ways), `includes` (missing) and `excludes`
 * (unexpected), each given or not; items compared as they are (canonical SIDs,
 * operation indexes), each listed once, in the order met.
 */
export function compareSets<T>(
  actual: ReadonlySet<T>,
  expected: { readonly equals?: readonly T[] | undefined; readonly includes?: readonly T[] | undefined; readonly excludes?: readonly T[] | undefined },
): SetDifference<T> {
  const missing = new Set<T>()
  const unexpected = new Set<T>()
  for (const item of [...(expected.equals ?? []), ...(expected.includes ?? [])]) if (!actual.has(item)) missing.add(item)
  if (expected.equals !== undefined) {
    const wanted = new Set(expected.equals)
    for (const item of actual) if (!wanted.has(item)) unexpected.add(item)
  }
  for (const item of expected.excludes ?? []) if (actual.has(item)) unexpected.add(item)
  return { missing: [...missing], unexpected: [...unexpected] }
}
