/**
 * A names table as one buffer that answers lookups without being decoded: the
 * format of the names cache (`names-cache.ts`). Two sorted sections,
 * SID to name and name key to SID, each found by binary search over its byte
 * keys, so a command that prints ten names decodes ten, not ten thousand.
 *
 * Layout (integers are unsigned 32-bit little-endian):
 *
 * ```text
 * "AZMNAMES" | format | header length H | CRC-32 of all that follows | header (H bytes of JSON)
 * section SID → name:     count n | 2n+1 offsets | bytes
 * section name key → SID: count m | 2m+1 offsets | bytes
 * ```
 *
 * Entry i of a section is the key `bytes[o[2i], o[2i+1])` and the value
 * `bytes[o[2i+1], o[2i+2])` (UTF-8), keys in JavaScript's order of strings
 * (UTF-16 code units; a table with a text UTF-8 cannot hold is not indexed). A name key's value is the
 * 4-byte index of its SID's entry, or `0xFFFFFFFF` when two SIDs carry the name.
 */

import { endianness } from 'node:os'
import { crc32 } from 'node:zlib'

const MAGIC = Buffer.from('AZMNAMES', 'latin1')
/** The format this module writes and reads; a cache of another format is ignored. */
const FORMAT = 1
const AMBIGUOUS = 0xffffffff
/** The bytes before the header: magic, format, header length, CRC-32. */
const FRAME = 20
/** Half of a surrogate pair without the other half: UTF-8 cannot hold it (it is written as U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** A buffer that is not a names index of this format, or is cut short or inconsistent. */
export class DamagedIndexError extends Error {
  override readonly name = 'DamagedIndexError'
}

/** Makes the error a lookup throws when it finds an entry out of bounds (the frame was sound when opened). */
export type DamageReport = (why: string) => Error

/**
 * The index of a table: its SID → name pairs and its name-key → SID lookup
 * (`null`: two SIDs carry that name), with a JSON header the reader checks.
 *
 * @throws Error when a text is not well-formed Unicode, so that it would not
 *   read back as it is (only a JSON names file can hold one, escaped).
 */
export function encodeNamesIndex(header: unknown, names: ReadonlyMap<string, string>, sids: ReadonlyMap<string, string | null>): Buffer {
  const sidKeys = [...names.keys()].sort() // the default order of strings: compareKeys
  const position = new Map<string, number>()
  const forward: string[] = []
  for (let i = 0; i < sidKeys.length; i++) {
    const sid = sidKeys[i] ?? ''
    position.set(sid, i)
    forward.push(sid, names.get(sid) ?? '')
  }
  const nameKeys = [...sids.keys()].sort()
  const reverse: (string | number)[] = []
  for (const key of nameKeys) {
    const sid = sids.get(key)
    reverse.push(key, sid === null || sid === undefined ? AMBIGUOUS : (position.get(sid) ?? AMBIGUOUS))
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const rest = [headerBytes, sectionBytes(forward), sectionBytes(reverse)]
  const start = Buffer.alloc(FRAME)
  MAGIC.copy(start, 0)
  start.writeUInt32LE(FORMAT, 8)
  start.writeUInt32LE(headerBytes.length, 12)
  start.writeUInt32LE(
    rest.reduce((crc, part) => crc32(part, crc), 0),
    16,
  )
  return Buffer.concat([start, ...rest])
}

/** The order of keys: JavaScript's order of strings (by UTF-16 code unit), as `Array.prototype.sort` sorts them by default. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A section's bytes from its keys and values, alternating: texts encoded in
 * one go (a table of 10,000 names is 30,000 texts) and their offsets counted
 * in code units when all are ASCII, as names files mostly are; a number (an
 * entry index) is 4 bytes.
 */
function sectionBytes(pieces: readonly (string | number)[]): Buffer {
  const texts: string[] = []
  for (const piece of pieces) texts.push(typeof piece === 'number' ? '\0\0\0\0' : piece)
  const text = texts.join('')
  const data = Buffer.from(text, 'utf8')
  const ascii = data.length === text.length
  if (!ascii && LONE_SURROGATE.test(text)) throw new Error('a text that is not well-formed Unicode (a lone surrogate) would not read back as it is: not indexed')
  const table = new Uint32Array(pieces.length + 2)
  table[0] = pieces.length / 2
  let at = 0
  for (let i = 0; i < pieces.length; i++) {
    table[i + 1] = at
    const piece = pieces[i] ?? ''
    if (typeof piece === 'number') {
      data.writeUInt32LE(piece, at)
      at += 4
    } else at += ascii ? piece.length : Buffer.byteLength(piece, 'utf8')
  }
  table[pieces.length + 1] = at
  const offsets = Buffer.from(table.buffer, table.byteOffset, table.byteLength)
  if (endianness() === 'BE') offsets.swap32()
  return Buffer.concat([offsets, data])
}

/** The header of an index, and its two lookups, read from `bytes` on demand. */
export interface NamesIndex {
  readonly header: unknown
  /** Canonical SID → name. */
  readonly names: ReadonlyMap<string, string>
  /** Name key → SID, `null` when two SIDs carry it. */
  readonly sids: ReadonlyMap<string, string | null>
}

/**
 * Opens an index: checks its frame (magic, format, header, that both sections
 * fit the buffer exactly) and the CRC-32 of its header and sections, so a cache
 * file cut short or with a byte changed is refused here. An entry is also checked when
 * a lookup reaches it; one out of bounds (which only a forged index with the
 * right CRC can have) throws `damaged(why)`, by default a {@link DamagedIndexError}.
 *
 * @throws DamagedIndexError when the buffer is not an index of this format.
 */
export function openNamesIndex(bytes: Buffer, damaged: DamageReport = (why) => new DamagedIndexError(why)): NamesIndex {
  if (bytes.length < FRAME || !bytes.subarray(0, 8).equals(MAGIC) || bytes.readUInt32LE(8) !== FORMAT) throw new DamagedIndexError('not a names index of this format')
  if (crc32(bytes.subarray(FRAME)) !== bytes.readUInt32LE(16)) throw new DamagedIndexError('the check sum does not match')
  const headerEnd = FRAME + bytes.readUInt32LE(12)
  if (headerEnd > bytes.length) throw new DamagedIndexError('the header is cut short')
  let header: unknown
  try {
    header = JSON.parse(bytes.toString('utf8', FRAME, headerEnd))
  } catch {
    throw new DamagedIndexError('the header is not JSON')
  }
  const forward = new Section(bytes, headerEnd, damaged)
  const reverse = new Section(bytes, forward.end, damaged)
  if (reverse.end !== bytes.length) throw new DamagedIndexError('the sections do not fill the index')
  const names = new SectionMap(forward, (b, from, to) => b.toString('utf8', from, to))
  const sids = new SectionMap(reverse, (b, from, to) => {
    if (to - from !== 4) throw damaged('a name key without a SID index')
    const index = b.readUInt32LE(from)
    return index === AMBIGUOUS ? null : forward.key(index)
  })
  return { header, names, sids }
}

/** One sorted section of an index, read in place. */
class Section {
  readonly count: number
  /** Where the offsets start. */
  private readonly table: number
  /** Where the key and value bytes start. */
  private readonly data: number
  /** Where the section ends. */
  readonly end: number

  constructor(
    readonly bytes: Buffer,
    at: number,
    private readonly damaged: DamageReport,
  ) {
    if (at + 4 > bytes.length) throw new DamagedIndexError('a section is cut short')
    this.count = bytes.readUInt32LE(at)
    this.table = at + 4
    this.data = this.table + 4 * (2 * this.count + 1)
    if (this.data > bytes.length) throw new DamagedIndexError('a section is cut short')
    this.end = this.data + this.offset(2 * this.count)
    if (this.end > bytes.length) throw new DamagedIndexError('a section is cut short')
  }

  /** The offset at `i` (relative to the data), as an absolute position. */
  private offset(i: number): number {
    return this.bytes.readUInt32LE(this.table + 4 * i)
  }

  /** Where entry `i`'s key starts, its value starts and its value ends; throws when they are not in order within the section. */
  bounds(i: number): [number, number, number] {
    const a = this.data + this.offset(2 * i)
    const b = this.data + this.offset(2 * i + 1)
    const c = this.data + this.offset(2 * i + 2)
    if (!(a <= b && b <= c && c <= this.end)) throw this.damaged(`entry ${i} is out of bounds`)
    return [a, b, c]
  }

  key(i: number): string {
    if (!(i >= 0 && i < this.count)) throw this.damaged(`entry ${i} does not exist`)
    const [a, b] = this.bounds(i)
    return this.bytes.toString('utf8', a, b)
  }

  /** The entry whose key is `key`, by binary search; -1 when none is. */
  find(key: string): number {
    let low = 0
    let high = this.count - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const [a, b] = this.bounds(middle)
      const order = compareKeys(key, this.bytes.toString('utf8', a, b))
      if (order === 0) return middle
      if (order < 0) high = middle - 1
      else low = middle + 1
    }
    return -1
  }
}

/** A section as a read-only map: lookups decode one entry; iterating decodes them all, once, in key order (not the names file's). */
class SectionMap<V> implements ReadonlyMap<string, V> {
  private all: Map<string, V> | undefined

  constructor(
    private readonly section: Section,
    private readonly decode: (bytes: Buffer, from: number, to: number) => V,
  ) {}

  get size(): number {
    return this.section.count
  }

  get(key: string): V | undefined {
    if (typeof key !== 'string') return undefined // as a Map of strings answers any other key
    const i = this.section.find(key)
    if (i === -1) return undefined
    const [, b, c] = this.section.bounds(i)
    return this.decode(this.section.bytes, b, c)
  }

  has(key: string): boolean {
    return typeof key === 'string' && this.section.find(key) !== -1
  }

  forEach(visit: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.decoded()) visit.call(thisArg, v, k, this)
  }

  entries(): MapIterator<[string, V]> {
    return this.decoded().entries()
  }

  keys(): MapIterator<string> {
    return this.decoded().keys()
  }

  values(): MapIterator<V> {
    return this.decoded().values()
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries()
  }

  private decoded(): Map<string, V> {
    if (this.all !== undefined) return this.all
    const all = new Map<string, V>()
    for (let i = 0; i < this.section.count; i++) {
      const [a, b, c] = this.section.bounds(i)
      all.set(this.section.bytes.toString('utf8', a, b), this.decode(this.section.bytes, b, c))
    }
    return (this.all = all)
  }
}
