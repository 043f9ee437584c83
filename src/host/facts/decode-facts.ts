import { TextDecoder } from 'node:util'
import { firstInvalidUtf8 } from '../../xml/decode-utf8.js'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true })

/** The encodings a facts file is read in. */
export type FactsEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE'

/** A facts file's text and the encoding it was read in; `problem` says why it could not be read instead. */
export type DecodedFacts = { readonly text: string; readonly encoding: FactsEncoding } | { readonly problem: string }

/**
 * Which encoding bytes of JSON are in: a byte order mark says it (UTF-8, UTF-16 LE or BE; UTF-32 is
 * refused), else the pattern of zero bytes in the first four, as RFC 4627 section 3 reads it (JSON
 * starts with two ASCII characters, so UTF-16 LE without a mark, which `cscript //U > file` writes,
 * is `xx 00 xx 00`); else UTF-8.
 */
function encodingOf(bytes: Uint8Array): { encoding: FactsEncoding | 'UTF-32'; skip: number } {
  const [b0, b1, b2, b3] = bytes
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'UTF-8', skip: 3 }
  if (b0 === 0xff && b1 === 0xfe) return b2 === 0 && b3 === 0 ? { encoding: 'UTF-32', skip: 0 } : { encoding: 'UTF-16LE', skip: 2 }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'UTF-16BE', skip: 2 }
  if (bytes.length >= 4 && ((b0 === 0 && b1 === 0) || (b2 === 0 && b3 === 0 && b1 === 0))) return { encoding: 'UTF-32', skip: 0 }
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return { encoding: 'UTF-16LE', skip: 0 }
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return { encoding: 'UTF-16BE', skip: 0 }
  return { encoding: 'UTF-8', skip: 0 }
}

/** UTF-16 BE bytes as UTF-16 LE (a copy, each pair swapped). */
function swapped(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length)
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    copy[i] = bytes[i + 1] ?? 0
    copy[i + 1] = bytes[i] ?? 0
  }
  return copy
}

/**
 * The text of a facts file: UTF-8 (with or without a byte order mark), or
 * UTF-16 little- or big-endian (with a byte order mark, or recognised by its
 * zero bytes). Every sequence must be valid in its encoding: a file in an OEM
 * or ANSI code page with characters beyond ASCII (what `cscript > file` writes
 * when a string was not escaped) is refused, naming the first bad byte, rather
 * than read with wrong characters.
 */
export function decodeFacts(bytes: Uint8Array): DecodedFacts {
  const { encoding, skip } = encodingOf(bytes)
  if (encoding === 'UTF-32') return { problem: 'is UTF-32 encoded; facts files are UTF-8 or UTF-16' }
  const body = bytes.subarray(skip)
  if (encoding === 'UTF-8') {
    try {
      return { text: utf8.decode(body), encoding }
    } catch {
      const offset = firstInvalidUtf8(body) + skip
      return {
        problem: `is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at offset ${offset}); facts files are UTF-8 or UTF-16, and text in an OEM or ANSI code page is not read`,
      }
    }
  }
  if (body.length % 2 !== 0) return { problem: `is not valid ${encoding} (an odd number of bytes)` }
  try {
    return { text: utf16le.decode(encoding === 'UTF-16LE' ? body : swapped(body)), encoding }
  } catch {
    return { problem: `is not valid ${encoding} (an unpaired surrogate)` }
  }
}
