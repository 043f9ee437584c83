import type { SourcePosition } from '../errors/azman-error.js'

/**
 * Line and column (both from 1) of an offset in a text. Columns count
 * characters, with a TAB as one. Only called on the error path.
 */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1
  let lineStart = 0
  const limit = Math.min(offset, text.length)
  for (let i = text.indexOf('\n'); i !== -1 && i < limit; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  // Count code points, not UTF-16 units, so a column matches what an editor shows.
  let column = 1
  for (let i = lineStart; i < limit; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) column++
  }
  return { line, column }
}

export function formatPosition(position: SourcePosition): string {
  return `line ${position.line}, column ${position.column}`
}
