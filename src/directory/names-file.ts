import { NamesFileError } from '../errors/input-errors.js'
import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { schemaProblem } from '../json/schema-check.js'
import { parseSid } from '../model/sid.js'
import { csvRecords, type CsvRecord } from './csv-records.js'
import { NamesJsonSchema, type NamesEntry, type NamesJson } from './names-file-schema.js'
import type { SidNames } from './sid-names.js'

/** A SID to name table read from a names file, with the reverse lookup `--account` uses. */
export interface NamesTable {
  /** The file it was read from, as given. */
  readonly file: string
  /** Canonical SID to name. */
  readonly names: SidNames
  /** Lower-case name (and, for `DOMAIN\name`, the bare name too) to SID; null when two SIDs carry it. */
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
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    throw new NamesFileError(`cannot read the names file ${path}: ${ioReason(e)}`, { cause: e })
  }
  return parseNamesText(text, path)
}

/**
 * A names file's text: JSON when it starts with `{` or `[` ({@link NamesJsonSchema}),
 * else CSV as `Export-Csv` writes it: a header row with a `SID` (or `objectSid`)
 * column and a name column (`NTAccount`, `account`, `SamAccountName`, `Name` or
 * `DisplayName`, the first of them present), an optional `#TYPE` line before it.
 * SIDs are checked and canonical; a SID named twice with different names is refused.
 */
export function parseNamesText(text: string, file: string): NamesTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const first = body.trimStart()[0]
  const pairs = first === '{' || first === '[' ? jsonPairs(body, file) : csvPairs(body, file)
  const names = new Map<string, string>()
  const where = new Map<string, string>()
  const sids = new Map<string, string | null>()
  for (const { sid, name, at } of pairs) {
    const canonical = parseSid(sid.trim())
    if (canonical === undefined) throw bad(file, `${at}: ${JSON.stringify(sid)} is not a SID`)
    const trimmed = name.trim()
    if (trimmed === '') throw bad(file, `${at}: the name of ${canonical} is empty`)
    const known = names.get(canonical)
    if (known !== undefined && known !== trimmed) throw bad(file, `${at}: ${canonical} is named ${JSON.stringify(trimmed)} here and ${JSON.stringify(known)} at ${where.get(canonical)}`)
    if (known !== undefined) continue
    names.set(canonical, trimmed)
    where.set(canonical, at)
    for (const key of nameKeys(trimmed)) sids.set(key, sids.has(key) && sids.get(key) !== canonical ? null : canonical)
  }
  return { file, names, sids }
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

/** The reverse-lookup keys of a name: itself (lower case), and `\name` for the part after a domain. */
function nameKeys(name: string): string[] {
  const key = name.toLowerCase()
  const slash = key.indexOf('\\')
  return slash === -1 ? [key, `\\${key}`] : [key]
}

interface Pair {
  readonly sid: string
  readonly name: string
  /** Where it is, for messages: `line 4`, `["S-1-..."]`, `[3]`. */
  readonly at: string
}

function bad(file: string, what: string): NamesFileError {
  return new NamesFileError(`names file ${file}, ${what}`)
}

function jsonPairs(text: string, file: string): Pair[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw bad(file, `not valid JSON (${e instanceof Error ? e.message : 'parse error'})`)
  }
  const problem = schemaProblem(NamesJsonSchema, value, '', 'is ignored')
  if (problem !== undefined) throw bad(file, `${problem.path === '' ? 'the file' : problem.path} ${problem.message}`)
  const json = value as NamesJson
  if (Array.isArray(json)) return (json as readonly NamesEntry[]).map((e, i) => ({ sid: e.sid, name: e.name, at: `[${i}]` }))
  return Object.entries(json as Readonly<Record<string, string>>).map(([sid, name]) => ({ sid, name, at: `[${JSON.stringify(sid)}]` }))
}

function csvPairs(text: string, file: string): Pair[] {
  let records: CsvRecord[]
  try {
    records = csvRecords(text)
  } catch (e) {
    throw bad(file, (e as Error).message)
  }
  if (records[0]?.fields[0]?.startsWith('#TYPE') === true) records = records.slice(1)
  const [header, ...rows] = records
  if (header === undefined) throw bad(file, 'it is empty: a CSV names file starts with a header row naming a SID column and a name column')
  const columns = header.fields.map((f) => f.trim().toLowerCase())
  const sidAt = columns.findIndex((c) => SID_COLUMNS.includes(c))
  const nameAt = NAME_COLUMNS.map((n) => columns.indexOf(n)).find((i) => i !== -1)
  if (sidAt === -1 || nameAt === undefined) {
    throw bad(
      file,
      `line ${header.line}: the header row needs a SID column (SID or objectSid) and a name column (NTAccount, account, SamAccountName, Name or DisplayName); it has ${header.fields.map((f) => JSON.stringify(f)).join(', ')}`,
    )
  }
  return rows.map((row) => {
    if (row.fields.length !== header.fields.length) throw bad(file, `line ${row.line}: ${row.fields.length} fields where the header row has ${header.fields.length}`)
    return { sid: row.fields[sidAt] ?? '', name: row.fields[nameAt] ?? '', at: `line ${row.line}` }
  })
}
