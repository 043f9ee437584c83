/**
 * Where JSON text nests arrays and objects deeper than `maxDepth`: the offset
 * of the bracket that goes too deep, or -1. One pass over the text, strings
 * skipped, so a file of millions of `[` is refused in milliseconds, before
 * `JSON.parse` spends seconds building it. Text that is not JSON is left for
 * `JSON.parse` to refuse.
 */
export function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return i
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--
  }
  return -1
}
