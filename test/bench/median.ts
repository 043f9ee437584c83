/**
 * The median of some measurements, in their unit: the middle value of an odd
 * count, the mean of the two middle values of an even count (the usual
 * definition; every benchmark uses this one), NaN for none. The input is not
 * changed.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  if (sorted.length % 2 === 1) return sorted[mid] ?? Number.NaN
  return sorted.length === 0 ? Number.NaN : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2
}
