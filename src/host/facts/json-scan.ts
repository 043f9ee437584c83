/** What {@link scanJson} found wrong: where (a character offset, and the JSON path when it knows one) and what. */
export interface ScanProblem {
  readonly at: number
  readonly kind: 'too-deep' | 'duplicate'
  /** For a duplicate field: its JSON path (`$.vms[2].guid`). */
  readonly path: string
}

/** One open array or object of the scan. */
interface Level {
  readonly object: boolean
  readonly keys: Set<string>
  /** The field being read (objects) or the index of the entry (arrays). */
  key: string
  index: number
  expectKey: boolean
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** A field name as JSON reads it (escapes decoded); as written when it does not decode (JSON.parse refuses it later). */
function decodedKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return raw
  }
}

/** The JSON path of the place the innermost level is at. */
function pathOf(stack: readonly Level[]): string {
  return `$${stack
    .slice(0, -1)
    .map((l) => (l.object ? `.${l.key}` : `[${l.index}]`))
    .join('')}`
}

/**
 * One pass over JSON text, before `JSON.parse` sees it, for what `JSON.parse`
 * would accept but a strict reader must not: arrays and objects nested deeper
 * than `maxDepth` (a file of millions of `[` is refused in milliseconds rather
 * than parsed in seconds), and a field given twice in one object (JSON.parse
 * keeps the last, other parsers the first: two readers of one file would see
 * two hosts). Text that is not JSON is left for `JSON.parse` to refuse.
 */
export function scanJson(text: string, maxDepth: number): ScanProblem | undefined {
  const stack: Level[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const start = i + 1
      let escaped = false
      for (i = start; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true
          i++
        }
      }
      const top = stack.at(-1)
      if (top?.object !== true || !top.expectKey) continue
      const key = escaped ? decodedKey(text.slice(start, i)) : text.slice(start, i)
      if (top.keys.has(key)) return { at: start - 1, kind: 'duplicate', path: `${pathOf(stack)}.${key}` }
      top.keys.add(key)
      top.key = key
      top.expectKey = false
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { at: i, kind: 'too-deep', path: pathOf(stack) }
      stack.push({ object: c === 0x7b, keys: new Set(), key: '', index: 0, expectKey: c === 0x7b })
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop()
    else if (c === 0x2c /* , */) {
      const top = stack.at(-1)
      if (top?.object === true) top.expectKey = true
      else if (top !== undefined) top.index++
    }
  }
  return undefined
}
