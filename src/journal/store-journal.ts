import { randomBytes } from 'node:crypto'
import { StoreIoError } from '../errors/input-errors.js'
import type { JournalEntry, JsonValue } from '../store/port.js'
import * as fs from '../fs/file-system.js'
import { describeIoError } from '../fs/io-error.js'

/**
 * The change journal of an XML store: `<store>.journal.jsonl`, one
 * {@link JournalEntry} per line (JSON Lines), oldest first, only ever
 * appended to (one `O_APPEND` write and an fsync per entry).
 *
 * A write that is journaled first puts its entry in `<store>.journal.pending.json`
 * (written atomically) before it replaces the store, and appends it to the
 * journal afterwards. If the process dies between the two, the next writer
 * (holding the lock) finds the pending entry: when the store is at the entry's
 * `after` version the write happened and the entry is appended; otherwise the
 * write never happened and the entry is dropped. So a change the store holds
 * is never left out of its journal.
 */

/** The journal file of the store at `storePath`. */
export function journalPathOf(storePath: string): string {
  return `${storePath}.journal.jsonl`
}

/** The entry of a journaled write in progress. */
export function pendingPathOf(storePath: string): string {
  return `${storePath}.journal.pending.json`
}

/**
 * A new entry id, sortable by time: the UTC time to the millisecond, compact,
 * and 6 random hex digits, e.g. `20250102T030405.678Z-1a2b3c`.
 */
export function newEntryId(now: Date = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`
}

/** One journal line (without its newline) for this entry, keys in a fixed order. */
export function formatJournalEntry(entry: JournalEntry): string {
  const { id, time, actor, reason, action, changes, before, after } = entry
  return JSON.stringify(reason === undefined ? { id, time, actor, action, changes, before, after } : { id, time, actor, reason, action, changes, before, after })
}

/** XML store versions (`sha256:`), and AD store versions (`ad:`, see the LDAP store). */
const VERSION = /^sha256:[0-9a-f]{64}$|^ad:[0-9a-z:=.-]+$/

/**
 * Reads one journal line into a typed entry; returns why it is not one
 * instead. Keys this version does not know are ignored.
 */
export function parseJournalEntry(line: string): JournalEntry | { readonly problem: string } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { problem: 'it is not valid JSON' }
  }
  if (!isRecord(value)) return { problem: 'it is not a JSON object' }
  const { id, time, actor, reason, action, changes, before, after } = value
  if (typeof id !== 'string' || id === '') return { problem: '"id" is not a non-empty string' }
  if (typeof time !== 'string' || !Number.isFinite(Date.parse(time))) return { problem: '"time" is not an ISO 8601 time' }
  if (typeof actor !== 'string') return { problem: '"actor" is not a string' }
  if (reason !== undefined && typeof reason !== 'string') return { problem: '"reason" is not a string' }
  if (action !== 'apply' && action !== 'rollback') return { problem: '"action" is neither "apply" nor "rollback"' }
  const json = toJsonValue(changes)
  if (json === undefined) return { problem: '"changes" is missing or not JSON data' }
  if (typeof before !== 'string' || !VERSION.test(before)) return { problem: '"before" is not a store version' }
  if (typeof after !== 'string' || !VERSION.test(after)) return { problem: '"after" is not a store version' }
  const entry: JournalEntry = { id, time, actor, action, changes: json, before, after }
  return reason === undefined ? entry : { ...entry, reason }
}

/**
 * The journal of the store at `storePath`, oldest first; empty when there is
 * none. A last line without its newline is what a crash mid-append leaves and
 * is ignored; any other line that is not an entry, or a repeated id, is an error.
 *
 * @throws StoreIoError `AZMAN_ERR_STORE_IO` naming the file and line number.
 */
export async function readJournal(storePath: string, displayName: string = storePath): Promise<JournalEntry[]> {
  const file = `${displayName}.journal.jsonl`
  let bytes: Buffer | undefined
  try {
    bytes = await fs.readBytesIfExists(journalPathOf(storePath))
  } catch (e) {
    throw describeIoError(e, 'read', file)
  }
  if (bytes === undefined) return []
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (e) {
    throw new StoreIoError(`${file} is not UTF-8 text; it is damaged: restore it from a backup`, { cause: e, source: file })
  }
  const lines = text.split('\n')
  lines.pop() // '' after the last newline, or a torn last line
  const entries: JournalEntry[] = []
  const seen = new Map<string, number>()
  lines.forEach((raw, index) => {
    const lineNo = index + 1
    const parsed = parseJournalEntry(raw.endsWith('\r') ? raw.slice(0, -1) : raw)
    if ('problem' in parsed) {
      throw new StoreIoError(`${file} line ${lineNo} is not a journal entry: ${parsed.problem}; the journal is damaged: restore it from a backup`, { source: file })
    }
    const earlier = seen.get(parsed.id)
    if (earlier !== undefined) {
      throw new StoreIoError(`${file} line ${lineNo} repeats the id ${parsed.id} of line ${earlier}; the journal is damaged: restore it from a backup`, { source: file })
    }
    seen.set(parsed.id, lineNo)
    entries.push(parsed)
  })
  return entries
}

/**
 * Appends one entry to the journal (created with `mode` if missing) and
 * flushes it to disk. Call it holding the store lock, after
 * {@link repairJournalTail}.
 */
export async function appendJournalEntry(storePath: string, entry: JournalEntry, mode: number, displayName: string = storePath): Promise<void> {
  try {
    await fs.appendDurable(journalPathOf(storePath), Buffer.from(`${formatJournalEntry(entry)}\n`, 'utf8'), mode)
  } catch (e) {
    throw describeIoError(e, 'append to', `${displayName}.journal.jsonl`)
  }
}

/** How far back to look for the start of a torn last line, per read. */
const TAIL_CHUNK = 64 * 1024

/**
 * Makes the journal end with a newline again after a crash mid-append: a
 * torn last line is cut off; a complete entry that lost only its newline gets
 * it back. Call it holding the store lock, before appending.
 */
export async function repairJournalTail(storePath: string, displayName: string = storePath): Promise<void> {
  const path = journalPathOf(storePath)
  try {
    const info = await fs.statIfExists(path)
    if (info === undefined || info.size === 0) return
    const last = await fs.readRange(path, info.size - 1, 1)
    if (last[0] === 0x0a) return
    let start = 0
    for (let end = info.size; end > 0; end -= TAIL_CHUNK) {
      const from = Math.max(0, end - TAIL_CHUNK)
      const at = (await fs.readRange(path, from, end - from)).lastIndexOf(0x0a)
      if (at !== -1) {
        start = from + at + 1
        break
      }
    }
    const tail = (await fs.readRange(path, start, info.size - start)).toString('utf8')
    if ('problem' in parseJournalEntry(tail)) await fs.truncateDurable(path, start)
    else await fs.appendDurable(path, Buffer.from('\n', 'utf8'))
  } catch (e) {
    throw describeIoError(e, 'repair', `${displayName}.journal.jsonl`)
  }
}

/** Records the entry of a journaled write about to replace the store (atomically). */
export async function writePendingEntry(storePath: string, entry: JournalEntry, mode: number, displayName: string = storePath): Promise<void> {
  try {
    await fs.writeAtomic(pendingPathOf(storePath), Buffer.from(`${formatJournalEntry(entry)}\n`, 'utf8'), { mode })
  } catch (e) {
    throw describeIoError(e, 'write', `${displayName}.journal.pending.json`)
  }
}

/**
 * The entry of a journaled write that may have been interrupted, or
 * `undefined`.
 *
 * @throws StoreIoError when the file is not an entry (it is written atomically,
 *   so it was altered).
 */
export async function readPendingEntry(storePath: string, displayName: string = storePath): Promise<JournalEntry | undefined> {
  const file = `${displayName}.journal.pending.json`
  let bytes: Buffer | undefined
  try {
    bytes = await fs.readBytesIfExists(pendingPathOf(storePath))
  } catch (e) {
    throw describeIoError(e, 'read', file)
  }
  if (bytes === undefined) return undefined
  const parsed = parseJournalEntry(bytes.toString('utf8').trimEnd())
  if ('problem' in parsed) {
    throw new StoreIoError(`${file} is not a journal entry (${parsed.problem}); it holds the record of an interrupted write: compare the store with its journal, then remove the file`, {
      source: file,
    })
  }
  return parsed
}

/** Removes the pending entry, if any. */
export async function clearPendingEntry(storePath: string, displayName: string = storePath): Promise<void> {
  try {
    await fs.removeIfExists(pendingPathOf(storePath))
  } catch (e) {
    throw describeIoError(e, 'remove', `${displayName}.journal.pending.json`)
  }
}

/** What {@link recoverPendingEntry} did. */
export type Recovery = 'none' | 'journaled' | 'dropped'

/**
 * Settles an interrupted journaled write, holding the store lock, given the
 * store's current version: when the store is at the pending entry's `after`
 * version, the write happened and the entry is appended (unless the journal
 * has it already); otherwise it never happened (or the store was replaced by
 * something else since) and the entry is dropped.
 */
export async function recoverPendingEntry(storePath: string, currentVersion: string, mode: number, displayName: string = storePath): Promise<Recovery> {
  const pending = await readPendingEntry(storePath, displayName)
  if (pending === undefined) return 'none'
  let outcome: Recovery = 'dropped'
  if (pending.after === currentVersion) {
    const journal = await readJournal(storePath, displayName)
    if (!journal.some((e) => e.id === pending.id)) await appendJournalEntry(storePath, pending, mode, displayName)
    outcome = 'journaled'
  }
  await clearPendingEntry(storePath, displayName)
  return outcome
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `value` as a typed JSON value, or `undefined` when it is not JSON data. */
function toJsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (Array.isArray(value)) {
    const items: JsonValue[] = []
    for (const item of value as unknown[]) {
      const json = toJsonValue(item)
      if (json === undefined) return undefined
      items.push(json)
    }
    return items
  }
  if (isRecord(value)) {
    const members: [string, JsonValue][] = []
    for (const [key, item] of Object.entries(value)) {
      const json = toJsonValue(item)
      if (json === undefined) return undefined
      members.push([key, json])
    }
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(members)
  }
  return undefined
}
