import { guidFromBytes, sidFromBytes } from './binary-ids.js'
import { templateText } from './template-text.js'

/**
 * Distinguished names: building them from untrusted values (every value is
 * escaped, RFC 4514 §2.4), and reading them back, including the extended form
 * Active Directory returns with the extended-DN control
 * (`<GUID=...>;<SID=...>;CN=...`).
 */

/** A DN (or part of one) that is already escaped; interpolating it into {@link dn} keeps it as it is. */
export class Dn {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/**
 * Escapes one attribute value for use in a DN: `, + " \ < > ; =`, a leading
 * `#` or space, a trailing space, NUL, and control characters (as `\XX`).
 */
export function escapeDnValue(value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? ''
    const code = c.charCodeAt(0)
    if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).padStart(2, '0')}`
    else if (',+"\\<>;='.includes(c)) out += `\\${c}`
    else if ((i === 0 && (c === '#' || c === ' ')) || (i === value.length - 1 && c === ' ')) out += `\\${c}`
    else out += c
  }
  return out
}

/**
 * Tagged template for DNs: every interpolated string is escaped as an
 * attribute value; a {@link Dn} is inserted as it is.
 *
 *     dn`CN=${name},${parent}`
 */
export function dn(strings: TemplateStringsArray, ...values: readonly (string | Dn)[]): Dn {
  return new Dn(templateText(strings, values, (value) => (value instanceof Dn ? value.text : escapeDnValue(value))))
}

/** One relative DN: attribute type and unescaped value. */
export interface Rdn {
  readonly type: string
  readonly value: string
}

/**
 * Splits a DN into its RDNs, unescaping values (`\,` and `\XX` hex pairs,
 * which are UTF-8 bytes). Multi-valued RDNs (`+`) keep their first part.
 *
 * @throws Error on a malformed DN.
 */
export function parseDn(text: string): Rdn[] {
  const rdns: Rdn[] = []
  const n = text.length
  if (text.trim() === '') return rdns
  let i = 0
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 0x20) i++
    const eq = text.indexOf('=', i)
    if (eq === -1) throw new Error(`malformed DN ${JSON.stringify(text)}: no "=" after ${JSON.stringify(text.slice(i))}`)
    const type = text.slice(i, eq).trim()
    if (!ATTRIBUTE_TYPE.test(type)) throw new Error(`malformed DN ${JSON.stringify(text)}: bad attribute type ${JSON.stringify(type)}`)
    i = eq + 1
    let value = ''
    let firstValue: string | undefined
    let hex: number[] = []
    let spaces = ''
    const flushHex = (): void => {
      if (hex.length > 0) {
        value += Buffer.from(hex).toString('utf8')
        hex = []
      }
    }
    for (; i < n; i++) {
      const c = text[i] ?? ''
      if (c === '\\') {
        const next = text.slice(i + 1, i + 3)
        if (HEX_PAIR.test(next)) {
          if (spaces !== '') {
            flushHex()
            value += spaces
            spaces = ''
          }
          hex.push(parseInt(next, 16))
          i += 2
        } else if (i + 1 < n) {
          flushHex()
          value += spaces + (text[i + 1] ?? '')
          spaces = ''
          i += 1
        } else throw new Error(`malformed DN ${JSON.stringify(text)}: ends with a backslash`)
      } else if (c === ',' || c === ';') {
        break
      } else if (c === '+') {
        flushHex()
        firstValue ??= value
        value = ''
        spaces = ''
        const eq2 = text.indexOf('=', i)
        if (eq2 === -1) throw new Error(`malformed DN ${JSON.stringify(text)}`)
        i = eq2
      } else if (c === ' ') {
        // Unescaped trailing spaces are not part of the value; inner ones are.
        if (value !== '' || hex.length > 0) spaces += ' '
      } else {
        flushHex()
        value += spaces + c
        spaces = ''
      }
    }
    flushHex()
    rdns.push({ type, value: firstValue ?? value })
    if (i < n) i++ // the separator
  }
  return rdns
}

const ATTRIBUTE_TYPE = /^[A-Za-z][A-Za-z0-9-]*$|^[0-9]+(\.[0-9]+)*$/
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/

/** Builds a DN text from RDNs, escaping the values. */
export function formatDn(rdns: readonly Rdn[]): string {
  return rdns.map((r) => `${r.type}=${escapeDnValue(r.value)}`).join(',')
}

/** A key two spellings of the same DN share: types and values lower-cased, escaping made uniform. */
export function dnKey(text: string): string {
  return parseDn(text).map(rdnKey).join(',')
}

function rdnKey(r: Rdn): string {
  return `${r.type.toLowerCase()}=${escapeDnValue(r.value.toLowerCase())}`
}

/** The {@link dnKey} of the DN and of each of its ancestors, nearest first, from one parse. */
export function ancestorKeys(text: string): string[] {
  const parts = parseDn(text).map(rdnKey)
  const keys: string[] = new Array<string>(parts.length)
  let suffix = ''
  for (let k = parts.length - 1; k >= 0; k--) {
    suffix = suffix === '' ? (parts[k] ?? '') : `${parts[k] ?? ''},${suffix}`
    keys[k] = suffix
  }
  return keys
}

/** The DN one level up, or undefined for a single RDN. */
export function parentDn(text: string): string | undefined {
  const rdns = parseDn(text)
  return rdns.length <= 1 ? undefined : formatDn(rdns.slice(1))
}

/** A DN value as AD returns it with the extended-DN control: `<GUID=...>;<SID=...>;dn`. */
export interface ExtendedDn {
  /** objectGUID in its string form, lower case. */
  readonly guid?: string
  /** objectSid in its string form. */
  readonly sid?: string
  readonly dn: string
}

/** Reads an extended DN; a plain DN comes back with neither GUID nor SID. */
export function parseExtendedDn(text: string): ExtendedDn {
  let rest = text
  let guid: string | undefined
  let sid: string | undefined
  for (;;) {
    const m = /^<(GUID|SID)=([^>]*)>;?/i.exec(rest)
    if (!m) break
    const [whole, kind = '', value = ''] = m
    if (kind.toUpperCase() === 'GUID') guid = normaliseGuid(value)
    else sid = value.startsWith('S-') ? value : hexSidText(value)
    rest = rest.slice(whole.length)
  }
  return { ...(guid === undefined ? {} : { guid }), ...(sid === undefined ? {} : { sid }), dn: rest }
}

/** A GUID in `xxxxxxxx-...` form, lower case; the hex form (flag 0 of the control) is converted. */
function normaliseGuid(value: string): string {
  if (/^[0-9a-f]{32}$/i.test(value)) {
    const b = Buffer.from(value, 'hex')
    return guidFromBytes(b)
  }
  return value.toLowerCase()
}

function hexSidText(hex: string): string {
  return sidFromBytes(Buffer.from(hex, 'hex'))
}
