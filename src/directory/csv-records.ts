import { isAscii } from 'node:buffer'

/**
 * One CSV record during a {@link forEachCsvRecord} visit: valid only during
 * the call (the scanner reuses it). Fields are decoded when asked for.
 */
export interface CsvRecord {
  /** The line it starts on (1-based). */
  readonly line: number
  /** How many fields it has. */
  readonly count: number
  /** Field `index` (0-based) as text, its quotes removed; '' past the last one. */
  field(index: number): string
}

/** Receives one CSV record; returning `true` stops the scan. */
export type CsvVisitor = (record: CsvRecord) => boolean | void

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

/**
 * The records of a UTF-8 CSV text, in order, as RFC 4180 and PowerShell's
 * `Export-Csv` write them: comma-separated fields, optionally in double
 * quotes, a quote inside quotes doubled, quoted fields may hold commas and line
 * breaks; CRLF, LF or CR. Blank lines are skipped. One pass over the bytes
 * (every byte that matters here is ASCII, never part of a multi-byte UTF-8
 * character); a field is decoded only when the visitor asks for it.
 *
 * @throws Error naming the line of a quote that is never closed, of a quote inside an unquoted field, or of text after a closing quote; the records before it have been visited.
 */
export function forEachCsvRecord(bytes: Uint8Array, visit: CsvVisitor): void {
  const scanner = new CsvScanner(bytes)
  while (scanner.pos < bytes.length) {
    scanner.line = scanner.next
    scanner.count = 0
    scanner.scanField()
    while (bytes[scanner.pos] === COMMA) {
      scanner.pos++
      scanner.scanField()
    }
    scanner.endOfRecord()
    if (scanner.count === 1 && scanner.spans[0] === scanner.spans[1]) continue
    if (visit(scanner) === true) return
  }
}

/** The scanner, which is also the record it has just read. */
class CsvScanner implements CsvRecord {
  pos = 0
  /** The line of the record read last, and of the next one. */
  line = 1
  next = 1
  count = 0
  /** Per field: start, end (its quotes excluded) and 1 when it holds a doubled quote. */
  readonly spans: number[] = []
  /** Per kind of byte that matters (quote, comma, LF, CR): where the next one is, as far as known. */
  private readonly found = [-1, -1, -1, -1]
  private readonly buffer: Buffer
  /**
   * The whole text when every byte is ASCII (byte offsets are then character
   * offsets, and a field is a cheap slice of it); undefined otherwise, and each
   * field is decoded from its bytes.
   */
  private readonly ascii: string | undefined

  constructor(private readonly bytes: Uint8Array) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.ascii = isAscii(this.buffer) ? this.buffer.toString('latin1') : undefined
  }

  field(index: number): string {
    if (index >= this.count) return ''
    const at = index * 3
    const start = this.spans[at] ?? 0
    const end = this.spans[at + 1] ?? 0
    const text = this.ascii === undefined ? this.buffer.toString('utf8', start, end) : this.ascii.slice(start, end)
    return this.spans[at + 2] === 1 ? text.replaceAll('""', '"') : text
  }

  /** Past the line break that ends a record (CRLF, LF or CR), if any. */
  endOfRecord(): void {
    const { bytes } = this
    const c = bytes[this.pos]
    if (c === CR && bytes[this.pos + 1] === LF) this.pos += 2
    else if (c === LF || c === CR) this.pos++
    this.next++
  }

  /** Reads the field at `pos` into `spans`; `pos` ends at the comma, line break or end after it. */
  scanField(): void {
    const start = this.pos
    if (this.bytes[start] === QUOTE) return this.scanQuoted()
    const end = Math.min(this.find(COMMA, start), this.find(LF, start), this.find(CR, start))
    if (this.find(QUOTE, start) < end) throw new Error(`line ${this.next}: a quote inside a field that does not start with one`)
    this.pos = end
    this.span(start, end, 0)
  }

  private scanQuoted(): void {
    const { bytes } = this
    const first = this.next
    const start = this.pos + 1
    let doubled = 0
    let at = start
    for (;;) {
      const quote = this.find(QUOTE, at)
      if (quote === bytes.length) throw new Error(`line ${first}: a quoted field is never closed`)
      this.countLineBreaks(at, quote)
      if (bytes[quote + 1] === QUOTE) {
        doubled = 1
        at = quote + 2
        continue
      }
      const end = quote + 1
      const c = bytes[end]
      if (end < bytes.length && c !== COMMA && c !== LF && c !== CR) throw new Error(`line ${this.next}: text after a closing quote`)
      this.pos = end
      this.span(start, quote, doubled)
      return
    }
  }

  /**
   * The first `byte` (a quote, comma, LF or CR) at or after `from`, or the
   * length: found by the native `indexOf` and remembered, so that each byte is
   * looked at once per kind however many fields the scan goes through.
   */
  private find(byte: typeof QUOTE | typeof COMMA | typeof LF | typeof CR, from: number): number {
    const kind = byte === QUOTE ? 0 : byte === COMMA ? 1 : byte === LF ? 2 : 3
    const known = this.found[kind] ?? -1
    if (known >= from) return known
    const at = this.buffer.indexOf(byte, from)
    const position = at === -1 ? this.bytes.length : at
    this.found[kind] = position
    return position
  }

  private span(start: number, end: number, doubled: number): void {
    const at = this.count++ * 3
    this.spans[at] = start
    this.spans[at + 1] = end
    this.spans[at + 2] = doubled
  }

  /** Adds the line breaks between `from` and `to` (LF, CRLF once, a lone CR) to `next`. */
  private countLineBreaks(from: number, to: number): void {
    for (let lf = this.find(LF, from); lf < to; lf = this.find(LF, lf + 1)) this.next++
    for (let cr = this.find(CR, from); cr < to; cr = this.find(CR, cr + 1)) if (this.bytes[cr + 1] !== LF) this.next++
  }
}
