/**
 * XML character references and escaping. Only the five predefined entities and
 * numeric references exist here: nothing is ever declared, fetched or expanded.
 */

const PREDEFINED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
}

/**
 * Checks the reference that starts at `offset` (an `&`) and returns the offset
 * just after its `;`, or a negative number when it is not a valid reference.
 * Returns -2 for a well-formed reference to an undeclared entity (`&foo;`).
 */
export function scanReference(text: string, offset: number): number {
  // The reference runs over name characters (and `#` for numeric ones) up to `;`.
  let semi = offset + 1
  while (semi < text.length && /[\w.:#-]/.test(text[semi] ?? '')) semi++
  if (text[semi] !== ';') return -1
  const body = text.slice(offset + 1, semi)
  if (body.length === 0) return -1
  if (body.charCodeAt(0) === 0x23 /* # */) {
    const cp = body[1] === 'x' ? parseHex(body.slice(2)) : parseDec(body.slice(1))
    return isXmlChar(cp) ? semi + 1 : -1
  }
  if (PREDEFINED[body] !== undefined) return semi + 1
  return /^[A-Za-z_:][\w.:-]*$/.test(body) ? -2 : -1
}

/** Leading zeros are allowed (`&#x0000041;`); beyond them the value must fit in a code point. */
function parseHex(s: string): number {
  return /^0*[0-9A-Fa-f]{1,6}$/.test(s) ? Number.parseInt(s, 16) : -1
}

function parseDec(s: string): number {
  return /^0*[0-9]{1,7}$/.test(s) ? Number.parseInt(s, 10) : -1
}

/** XML 1.0 `Char` production. */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
}

const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);/g

function resolveReference(_: string, body: string): string {
  if (body.charCodeAt(0) === 0x23) {
    return String.fromCodePoint(body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10))
  }
  return PREDEFINED[body] ?? ''
}

/**
 * The value of character data as XML defines it: line ends normalised to LF,
 * references resolved. The scanner has already checked every reference.
 */
export function decodeText(raw: string): string {
  let s = raw
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n')
  return s.includes('&') ? s.replace(REFERENCE, resolveReference) : s
}

/** The value of an attribute as XML defines it: white space normalised to spaces, references resolved. */
export function decodeAttribute(raw: string): string {
  let s = raw
  if (/[\t\n\r]/.test(s)) s = s.replace(/\r\n|[\t\n\r]/g, ' ')
  return s.includes('&') ? s.replace(REFERENCE, resolveReference) : s
}

/**
 * Escapes character data the way AzMan writes it: `&`, `<` and `>`; quotes
 * stay raw. A CR becomes `&#xD;`: a raw one would read back as a line feed.
 */
export function escapeText(value: string): string {
  return /[&<>\r]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;') : value
}

/**
 * The first character of `value` that XML 1.0 cannot hold, even as a
 * reference (C0 controls but TAB, LF and CR; U+FFFE, U+FFFF; an unpaired
 * surrogate), with its offset in UTF-16 units; undefined when there is none.
 */
export function firstNonXmlChar(value: string): { readonly offset: number; readonly codePoint: number } | undefined {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    if (unit >= 0x20 && unit < 0xd800) continue
    const cp = value.codePointAt(i) ?? unit
    if (cp > 0xffff) {
      i++
      continue
    }
    if (!isXmlChar(cp)) return { offset: i, codePoint: cp }
  }
  return undefined
}

/** `U+0001`, `U+D800`: how messages name a code point. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Escapes a double-quoted attribute value: `&`, `<`, `>` and `"`, and TAB, CR
 * and LF as character references so they survive attribute normalisation.
 */
export function escapeAttribute(value: string): string {
  return /[&<>"\t\n\r]/.test(value)
    ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;')
    : value
}
