import type { SourcePosition } from '../errors/azman-error.js'

/**
 * Line and column (both from 1) of an offset in a text. Columns count
 * characters, with a TAB as one. Only called on the error path.
 */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1
  let lineStart = 0
  const limit = Math.min(offset, text.length)
  // A line ends at LF, CRLF, or a lone CR (as XML normalises them).
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++
      lineStart = i + 1
    }
  }
  // Count code points, not UTF-16 units, so a column matches what an editor shows.
  let column = 1
  // A byte order mark is not a character an editor shows.
  for (let i = lineStart === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStart; i < limit; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) column++
  }
  return { line, column }
}

export function formatPosition(position: SourcePosition): string {
  return `line ${position.line}, column ${position.column}`
}
