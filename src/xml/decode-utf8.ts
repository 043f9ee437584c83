import { TextDecoder } from 'node:util'
import { XmlEncodingError } from '../errors/input-errors.js'

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
    const offset = firstInvalidUtf8(bytes)
    throw new XmlEncodingError(`the store is not valid UTF-8 (first bad byte at offset ${offset})`, { ...withSource(source), cause })
  }
}

function withSource(source: string | undefined): { source?: string } {
  return source === undefined ? {} : { source }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8', { fatal: true })
  let lo = 0
  let hi = bytes.length
  // Binary search on the longest valid prefix; a prefix that ends inside a sequence is not valid
  // with stream: false, so back off up to 3 bytes before concluding.
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (isValidPrefix(lenient, bytes, mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

function isValidPrefix(decoder: TextDecoder, bytes: Uint8Array, length: number): boolean {
  try {
    decoder.decode(bytes.subarray(0, length), { stream: true })
    decoder.decode()
    return true
  } catch {
    return false
  }
}
