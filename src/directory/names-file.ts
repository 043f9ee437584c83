import { NamesFileError } from '../errors/input-errors.js'
import { MAX_JSON_INPUT_BYTES, readBytes } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { schemaProblem } from '../json/schema-check.js'
import { parseSid } from '../model/sid.js'
import { forEachCsvRecord } from './csv-records.js'
import { NamesJsonSchema, type NamesEntry, type NamesJson } from './names-file-schema.js'
import type { SidNames } from './sid-names.js'

/** A SID to name table read from a names file, with the reverse lookup `--account` uses. */
export interface NamesTable {
  /** The file it was read from, as given. */
  readonly file: string
  /** Canonical SID to name. */
  readonly names: SidNames
  /** Lower-case name (and, for a name without a domain, `\name` too) to SID; null when two SIDs carry it. Built when first read (read in place from a cached index). */
  readonly sids: ReadonlyMap<string, string | null>
}

/** The SID column of a CSV names file (any case). */
const SID_COLUMNS = ['sid', 'objectsid']
/** The name columns of a CSV names file, the first present one used: `DOMAIN\name` forms first. */
const NAME_COLUMNS = ['ntaccount', 'account', 'samaccountname', 'name', 'displayname']

/**
 * Reads a names file (CSV with a header row, or JSON; see {@link parseNamesText}),
 * as other JSON input is read: a regular file of at most 16 MiB.
 *
 * @throws NamesFileError `AZMAN_ERR_NAMES_FILE` (exit 2) when it cannot be read or used.
 */
export async function readNamesFile(path: string): Promise<NamesTable> {
  let bytes: Buffer
  try {
    bytes = await readBytes(path, MAX_JSON_INPUT_BYTES)
  } catch (e) {
    throw namesFileUnreadable(path, e)
  }
  return parseNamesBytes(bytes, path)
}

/** Why a names file cannot be read, as `AZMAN_ERR_NAMES_FILE` (exit 2). */
export function namesFileUnreadable(path: string, e: unknown): NamesFileError {
  return new NamesFileError(`cannot read the names file ${path}: ${ioReason(e)}`, { cause: e })
}

/**
 * A names file's text: JSON when it starts with `{` or `[` ({@link NamesJsonSchema}),
 * else CSV as `Export-Csv` writes it: a header row with a `SID` (or `objectSid`)
 * column and a name column (`NTAccount`, `account`, `SamAccountName`, `Name` or
 * `DisplayName`, the first of them present), an optional `#TYPE` line before it.
 * SIDs are checked and canonical; a SID named twice with different names is refused.
 */
export function parseNamesText(text: string, file: string): NamesTable {
  return parseNamesBytes(Buffer.from(text, 'utf8'), file)
}

/**
 * A names file's bytes (UTF-8, a byte-order mark allowed), as {@link parseNamesText}
 * reads its text. A CSV file is read in one pass over its bytes, only the SID
 * and name fields decoded; the reverse lookup ({@link NamesTable.sids}) is built
 * when first asked for.
 *
 * @throws NamesFileError `AZMAN_ERR_NAMES_FILE` (exit 2) when it cannot be used.
 */
export function parseNamesBytes(bytes: Buffer, file: string): NamesTable {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  const source = startsJson(body) ? jsonSource(body.toString('utf8'), file) : csvSource(body, file)
  const names = new Map<string, string>()
  source.each((sid, name, where) => {
    const canonical = parseSid(sid.trim())
    if (canonical === undefined) throw bad(file, `${source.at(where)}: ${JSON.stringify(sid)} is not a SID`)
    const trimmed = name.trim()
    if (trimmed === '') throw bad(file, `${source.at(where)}: the name of ${canonical} is empty`)
    const known = names.get(canonical)
    if (known === undefined) names.set(canonical, trimmed)
    else if (known !== trimmed) {
      throw bad(file, `${source.at(where)}: ${canonical} is named ${JSON.stringify(trimmed)} here and ${JSON.stringify(known)} at ${source.at(firstOf(source, canonical))}`)
    }
  })
  let sids: Map<string, string | null> | undefined
  return {
    file,
    names,
    get sids() {
      return (sids ??= reverseOf(names))
    },
  }
}

/**
 * The SID `account` stands for in the table: `DOMAIN\name` matched whole, any
 * case; a bare `name`, or the name part when the table has no domain for it.
 * `null` when two SIDs carry that name; undefined when none does.
 */
export function sidForName(table: NamesTable, account: string): string | null | undefined {
  const key = account.trim().toLowerCase()
  const whole = table.sids.get(key)
  if (whole !== undefined) return whole
  const slash = key.indexOf('\\')
  return slash === -1 ? undefined : table.sids.get(`\\${key.slice(slash + 1)}`)
}

/** Whether a text starts (after white space) with `{` or `[`: JSON, not CSV. */
function startsJson(bytes: Buffer): boolean {
  for (const c of bytes) {
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) return true
    if (c >= 0x80) break // perhaps white space beyond ASCII: let String.trimStart decide
    if (c !== 0x20 && (c < 0x09 || c > 0x0d)) return false
  }
  const first = bytes.toString('utf8').trimStart()[0]
  return first === '{' || first === '['
}

/** Lower-case name (and `\name` for a name without a domain) to SID, null for a name two SIDs carry. */
function reverseOf(names: SidNames): Map<string, string | null> {
  const sids = new Map<string, string | null>()
  for (const [canonical, name] of names) {
    for (const key of nameKeys(name)) sids.set(key, sids.has(key) && sids.get(key) !== canonical ? null : canonical)
  }
  return sids
}

/** The reverse-lookup keys of a name: itself (lower case), and `\name` for a name without a domain. */
function nameKeys(name: string): string[] {
  const key = name.toLowerCase()
  const slash = key.indexOf('\\')
  return slash === -1 ? [key, `\\${key}`] : [key]
}

/** Receives one (SID, name) pair as written and where it is; returning `true` stops. */
type PairVisitor = (sid: string, name: string, where: number) => boolean | void

/** The (SID, name) pairs of a names file, in order. */
interface PairSource {
  /** Visits every pair until `visit` returns true; throws the file's mistake, if any, when done. */
  each(visit: PairVisitor): void
  /** Where a pair is, for messages: `line 4`, `[3]`, `["S-1-..."]`. */
  at(where: number): string
}

/** Where the first pair of `canonical` is: looked for again only to word a message. */
function firstOf(source: PairSource, canonical: string): number {
  let first = -1
  source.each((sid, _name, where) => {
    if (parseSid(sid.trim()) !== canonical) return false
    first = where
    return true
  })
  return first
}

function bad(file: string, what: string): NamesFileError {
  return new NamesFileError(`names file ${file}, ${what}`)
}

function jsonSource(text: string, file: string): PairSource {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw bad(file, `not valid JSON (${e instanceof Error ? e.message : 'parse error'})`)
  }
  const problem = schemaProblem(NamesJsonSchema, value, '', 'is ignored')
  if (problem !== undefined) throw bad(file, `${problem.path === '' ? 'the file' : problem.path} ${problem.message}`)
  const json = value as NamesJson
  const list = Array.isArray(json)
  const pairs: readonly [string, string][] = list ? (json as readonly NamesEntry[]).map((e) => [e.sid, e.name]) : Object.entries(json as Readonly<Record<string, string>>)
  return {
    each(visit) {
      for (let i = 0; i < pairs.length; i++) {
        const [sid, name] = pairs[i] ?? ['', '']
        if (visit(sid, name, i) === true) return
      }
    },
    at: (i) => (list ? `[${i}]` : `[${JSON.stringify(pairs[i]?.[0])}]`),
  }
}

function csvSource(bytes: Uint8Array, file: string): PairSource {
  return { each: (visit) => csvPairs(bytes, file, visit), at: (line) => `line ${line}` }
}

/**
 * The pairs of a CSV names file, to `visit`. Its mistakes are reported as if
 * it were checked in stages: CSV syntax anywhere first, then the header row,
 * then a row with the wrong number of fields, then the first refused pair.
 */
function csvPairs(bytes: Uint8Array, file: string, visit: PairVisitor): void {
  let header: readonly string[] | undefined
  let typeLine = true
  let sidAt = -1
  let nameAt = -1
  let refusal: NamesFileError | undefined
  let refusedPair: Error | undefined
  try {
    forEachCsvRecord(bytes, (record) => {
      const first = typeLine
      typeLine = false
      if (first && record.field(0).startsWith('#TYPE')) return
      if (header === undefined) {
        header = Array.from({ length: record.count }, (_, i) => record.field(i))
        ;({ sidAt, nameAt, refusal } = columnsOf(header, record.line, file))
        return
      }
      if (refusal !== undefined) return
      if (record.count !== header.length) {
        refusal = bad(file, `line ${record.line}: ${record.count} fields where the header row has ${header.length}`)
        return
      }
      if (refusedPair !== undefined) return
      try {
        return visit(record.field(sidAt), record.field(nameAt), record.line)
      } catch (e) {
        refusedPair = e instanceof Error ? e : new Error(String(e))
      }
    })
  } catch (e) {
    throw bad(file, (e as Error).message)
  }
  if (header === undefined) throw bad(file, 'it is empty: a CSV names file starts with a header row naming a SID column and a name column')
  if (refusal !== undefined) throw refusal
  if (refusedPair !== undefined) throw refusedPair
}

/** The SID and name columns of a header row, or why it has none. */
function columnsOf(header: readonly string[], line: number, file: string): { sidAt: number; nameAt: number; refusal?: NamesFileError } {
  const columns = header.map((f) => f.trim().toLowerCase())
  const sidAt = columns.findIndex((c) => SID_COLUMNS.includes(c))
  const nameAt = NAME_COLUMNS.map((n) => columns.indexOf(n)).find((i) => i !== -1) ?? -1
  if (sidAt !== -1 && nameAt !== -1) return { sidAt, nameAt }
  const refusal = bad(
    file,
    `line ${line}: the header row needs a SID column (SID or objectSid) and a name column (NTAccount, account, SamAccountName, Name or DisplayName); it has ${header.map((f) => JSON.stringify(f)).join(', ')}`,
  )
  return { sidAt, nameAt, refusal }
}
