/** A replacement of the source range [start, end) by `text`; `start === end` inserts. */
export interface Splice {
  readonly start: number
  readonly end: number
  readonly text: string
}

/**
 * Applies splices to a text. Splices at the same offset keep the order they
 * were given in, so inserts can be queued in the order they must appear.
 * Overlapping ranges are a bug in the caller and throw.
 */
export function applySplices(source: string, splices: readonly Splice[]): string {
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.i - b.i)
  const parts: string[] = []
  let cursor = 0
  for (const { s } of ordered) {
    if (s.start < cursor) throw new Error(`overlapping edits at offset ${s.start}`)
    parts.push(source.slice(cursor, s.start), s.text)
    cursor = s.end
  }
  parts.push(source.slice(cursor))
  return parts.join('')
}
