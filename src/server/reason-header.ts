import { charLength } from '../model/limits.js'
import { HttpError } from './http-status.js'

/** The longest reason the journal takes, in characters (as AzMan's descriptions). */
export const REASON_LIMIT = 1024

/** The header's longest raw value: {@link REASON_LIMIT} characters of four UTF-8 bytes, percent-encoded. */
export const REASON_HEADER_LIMIT = REASON_LIMIT * 12

/** RFC 8187's `ext-value` with the UTF-8 charset: `UTF-8'<language>'<percent-encoded UTF-8>`. */
const EXT_VALUE = /^UTF-8'((?:[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)?)'(.*)$/is

/**
 * RFC 8187 `value-chars`, read leniently where it costs nothing: any visible
 * ASCII character but `%`, which must start a `%XX` escape (so
 * `encodeURIComponent`'s output, which keeps `'()*`, will do).
 */
const VALUE_CHARS = /^(?:[!-$&-~]|%[0-9A-Fa-f]{2})*$/

/** C0 and C1 control characters and DEL: never part of a reason (they would reach terminals and logs). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function invalid(what: string): HttpError {
  return new HttpError(
    400,
    'AZMAN_ERR_REQUEST_INVALID',
    `the Azman-Reason header ${what}; send the reason as UTF-8, or as UTF-8''<percent-encoded UTF-8> (RFC 8187) from a client that sends ASCII only`,
  )
}

/** The bytes of an RFC 8187 value: its %XX escapes decoded. */
function percentDecoded(value: string): Buffer {
  if (!VALUE_CHARS.test(value)) throw invalid('is not valid RFC 8187 percent-encoding')
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%') {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(value.charCodeAt(i))
  }
  return Buffer.from(bytes)
}

/**
 * The text of an `Azman-Reason` header, which is UTF-8: either the header's
 * bytes as sent (Node hands them over as Latin-1 characters, one per byte),
 * or RFC 8187's `UTF-8'<language>'<percent-encoded UTF-8>` (charset in any
 * case; the language is ignored). Decoded strictly: bytes that are not UTF-8
 * (overlong forms and surrogates included), a broken %-escape, control
 * characters (C0, DEL, C1) and more than {@link REASON_LIMIT} characters are
 * a 400 (`AZMAN_ERR_REQUEST_INVALID`). Undefined for no header or an empty one.
 */
export function decodeReason(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined
  let bytes: Buffer
  const ext = EXT_VALUE.exec(header)
  if (ext !== null) bytes = percentDecoded(ext[2] ?? '')
  else {
    // eslint-disable-next-line no-control-regex
    if (/[^\u0000-\u00FF]/.test(header)) throw invalid('holds characters that are not bytes')
    bytes = Buffer.from(header, 'latin1')
  }
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw invalid('is not valid UTF-8')
  }
  if (CONTROL.test(text)) throw invalid('holds a control character (line breaks, TAB and escape sequences included)')
  if (charLength(text) > REASON_LIMIT) throw invalid(`has ${charLength(text)} characters; the journal takes at most ${REASON_LIMIT}`)
  return text === '' ? undefined : text
}
