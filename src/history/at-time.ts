import { ConflictError } from '../errors/change-errors.js'
import { NotFoundError } from '../errors/lookup-error.js'
import { UsageError } from '../errors/usage-error.js'
import type { JournalEntry, StorePort, StoreSnapshot } from '../store/port.js'

/**
 * Time travel: the policy a store held at a point of its journal.
 *
 * A point is a journal entry id (the store right after that entry) or an ISO
 * 8601 time (the store right after the last entry at or before it). Only the
 * journal says when a version was current, so a point the journal cannot
 * vouch for is refused, never guessed: a time before the first entry, a time
 * in the future, and a point after which the store was changed outside azman
 * (the next entry does not start from the version the point ends at, or the
 * store is no longer at the last entry's version).
 */

/** What `--at` (REST `?at=`) resolved to. */
export interface SnapshotAt extends StoreSnapshot {
  /** The journal entry whose `after` version this is. */
  readonly entry: JournalEntry
  /** True when that is the store as it is now (the point is at or after the last entry). */
  readonly current: boolean
}

/** An entry id as `newEntryId` makes them: `20250102T030405.678Z-1a2b3c`. */
const ENTRY_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$/

/**
 * An ISO 8601 time azman reads: a date (`2026-12-03`, midnight UTC), or a date
 * and time with seconds or not, fractions or not, and a zone (`Z` or `+01:00`),
 * which a time must name: a time without one would depend on the reader's clock.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/

/** The milliseconds since the epoch of an {@link ISO_TIME}, or undefined when it is not one (or names no real date). */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_TIME.exec(text)
  if (m === null) return undefined
  if (m[4] !== undefined && !/(?:Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined
  const ms = Date.parse(text)
  if (!Number.isFinite(ms)) return undefined
  // Date.parse rolls 2026-02-30 over to March: check the date part is the one written (in UTC for a bare date).
  const [, y, mo, d] = m
  if (m[4] === undefined) {
    const day = new Date(ms)
    if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() + 1 !== Number(mo) || day.getUTCDate() !== Number(d)) return undefined
  } else if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()) return undefined
  return ms
}

/** The longest `at` read, in characters: an id or an ISO time is far shorter. */
const MAX_AT = 64

/**
 * The index of the journal entry a point names: the entry of that id, or the
 * last entry at or before that time.
 *
 * @throws UsageError (exit 3) for a point that is neither an id nor an ISO time, a time in the future (after `now`),
 *   an empty journal, or a time before the first entry ("no version is known before ...").
 * @throws NotFoundError (exit 3) for an entry id the journal does not hold.
 */
export function entryIndexAt(entries: readonly JournalEntry[], at: string, now: Date): number {
  const shown = JSON.stringify(at.length > MAX_AT ? `${at.slice(0, MAX_AT)}...` : at)
  const byId = entries.findIndex((e) => e.id === at)
  if (byId !== -1) return byId
  if (ENTRY_ID.test(at)) throw new NotFoundError(`no journal entry ${at}; azman history lists the ids`)
  const time = at.length > MAX_AT ? undefined : parseIsoTime(at)
  if (time === undefined) {
    throw new UsageError(`--at ${shown} is neither a journal entry id nor an ISO 8601 time (2026-12-03, 2026-12-03T08:30:00Z, 2026-12-03T09:30+01:00)`)
  }
  if (time > now.getTime()) throw new UsageError(`--at ${shown} is in the future (it is now ${now.toISOString()})`)
  const first = entries[0]
  if (first === undefined) throw new UsageError('--at needs the journal, and the store has no journaled changes (azman history)')
  if (time < Date.parse(first.time)) throw new UsageError(`no version is known before ${first.time}, the journal's first entry (${first.id}); --at ${shown} is earlier`)
  let found = 0
  for (let i = 0; i < entries.length; i++) if (Date.parse(entries[i]?.time ?? '') <= time) found = i
  return found
}

/**
 * The store as it was at `at` (an entry id or an ISO time): the `after`
 * version of that entry, read from the version archive, or the store as it is
 * when that is the last entry and the store is still at its version.
 *
 * @param now the present, for refusing times in the future; default the clock.
 * @throws UsageError / NotFoundError (exit 3): see {@link entryIndexAt}.
 * @throws ConflictError `AZMAN_ERR_CONFLICT_UNJOURNALED` (exit 5) when the store was changed outside azman after that
 *   entry: the next entry does not start from its version, or, for the last entry, the store is no longer at it.
 * @throws StoreIoError (exit 2) when that version is not archived (or the archive is damaged).
 */
export async function snapshotAt(store: StorePort, at: string, now: Date = new Date()): Promise<SnapshotAt> {
  const entries = await store.history()
  const index = entryIndexAt(entries, at, now)
  const entry = entries[index] as JournalEntry
  const next = entries[index + 1]
  const unjournaled = (found: string) =>
    new ConflictError(
      'AZMAN_ERR_CONFLICT_UNJOURNALED',
      `${store.displayName} was changed outside azman after journal entry ${entry.id} (${entry.time}): ${found}, not ${entry.after}, the version that entry left; what it held at ${JSON.stringify(at)} is not known`,
    )
  if (next !== undefined) {
    if (next.before !== entry.after) throw unjournaled(`the next entry (${next.id}) starts from ${next.before}`)
    return { policy: await store.archived(entry.after), version: entry.after, entry, current: false }
  }
  const snapshot = await store.load()
  if (snapshot.version !== entry.after) throw unjournaled(`it is now at ${snapshot.version}`)
  return { ...snapshot, entry, current: true }
}
