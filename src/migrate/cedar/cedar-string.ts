import { printable } from '../model/review-text.js'

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' }

/**
 * A Cedar string literal, in ASCII: backslash, double quote and the control characters Cedar names
 * escaped as Cedar escapes them, every other character outside printable ASCII as `\u{hex}`. Cedar
 * strings are Unicode scalar values, so a lone surrogate has no literal.
 *
 * @throws RangeError for a string with a lone surrogate
 */
export function cedarString(value: string): string {
  let out = '"'
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (code >= 0xd800 && code <= 0xdfff) throw new RangeError('a lone surrogate has no Cedar string literal')
    const escaped = ESCAPES[ch]
    if (escaped !== undefined) out += escaped
    else if (code < 0x20 || code > 0x7e) out += `\\u{${code.toString(16)}}`
    else out += ch
  }
  return `${out}"`
}

/** A value for a `//` comment: one line, printable ASCII (anything else as `?`). */
export const commentText = printable

/** An entity reference in policy text: `Type::"id"`. */
export function entityRef(type: string, id: string): string {
  return `${type}::${cedarString(id)}`
}
