import { TextDecoder } from 'node:util'
import { XmlEncodingError, XmlSyntaxError } from '../errors/input-errors.js'

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes store bytes as strict UTF-8, keeping a byte order mark as U+FEFF so
 * that encoding the text again gives back the same bytes. Refuses UTF-16 and
 * any invalid sequence, naming the byte offset.
 */
export function decodeUtf8(bytes: Uint8Array, source?: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new XmlEncodingError('the store is UTF-16 encoded; AzMan XML stores are UTF-8', withSource(source))
  }
  try {
    return strict.decode(bytes)
  } catch (cause) {
    const control = firstControlByte(bytes)
    if (control !== -1) {
      const position = bytePosition(bytes, control)
      const hex = (bytes[control] ?? 0).toString(16).toUpperCase().padStart(2, '0')
      throw new XmlSyntaxError(`the file contains the byte 0x${hex} at line ${position.line}, column ${position.column}, which XML does not allow: this looks like a binary file, not an AzMan store`, {
        ...withSource(source),
        position,
        cause,
      })
    }
    const offset = firstInvalidUtf8(bytes)
    throw new XmlEncodingError(`the store is not valid UTF-8 (first bad byte at offset ${offset})`, { ...withSource(source), cause })
  }
}

/** Offset of the first byte XML never allows (C0 controls other than TAB, LF, CR), or -1. */
function firstControlByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return i
  }
  return -1
}

/** Line and column (in bytes) of an offset in undecodable input. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

function withSource(source: string | undefined): { source?: string } {
  return source === undefined ? {} : { source }
}

/**
 * Offset of the first byte that does not start or continue a valid UTF-8
 * sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or the length when every byte is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] ?? 0
    if (b < 0x80) {
      i++
      continue
    }
    // Length of the sequence and the allowed range of its second byte.
    let length: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) length = 2
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3
      if (b === 0xe0) lo = 0xa0
      else if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4
      if (b === 0xf0) lo = 0x90
      else if (b === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]
      if (c === undefined) return i
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i
    }
    i += length
  }
  return bytes.length
}
