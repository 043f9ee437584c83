import { compareAccessSteps, type AccessChange, type CombinedChange } from '../diff/access-delta.js'
import { finishCooperatively } from '../model/steps.js'
import type { SidNames } from '../directory/sid-names.js'
import { NotFoundError } from '../errors/lookup-error.js'
import type { PolicyStore } from '../model/policy.js'
import type { JournalEntry, StorePort } from '../store/port.js'
import { withSummary } from '../views/history-lines.js'
import { withSidNames } from '../views/sid-names.js'

/**
 * The change feed (`GET /stores/{store}/changes`, `azman history --since
 * --follow`): the journal entries after one, each with what it did in words
 * and the effective-access delta between its `before` and `after` versions
 * (as `azman diff` computes it, from the version archive), a page at a time;
 * and a wait for the next entries, for followers.
 */

/** A journal entry of the feed. */
export interface FeedEntry extends JournalEntry {
  /** What it did in words, as `azman history` says it. */
  readonly summary: readonly string[]
  /** Who gained or lost which operation where, as `azman diff` of its two versions lists it. */
  readonly access: readonly AccessChange[]
  /** Operations whose access may change for tokens of several SIDs (see `azman diff`). */
  readonly combined: readonly CombinedChange[]
  /**
   * Present when the store was changed outside azman since the entry before: that entry's `after`
   * is not this entry's `before`. The access delta of that change, from the version archive.
   */
  readonly outside?: OutsideChange
}

/** A change of the store that no journal entry records, found between two entries. */
export interface OutsideChange {
  /** The version the entry before left the store at. */
  readonly from: string
  /** The version this entry found (its `before`). */
  readonly to: string
  readonly access: readonly AccessChange[]
  readonly combined: readonly CombinedChange[]
}

/** One answer of the feed. */
export interface FeedPage {
  readonly entries: readonly FeedEntry[]
  /** When more entries follow the page: the id to ask `since` next (the page's last). Absent: the page reaches the journal's end. */
  readonly next?: string
  /** The journal's last entry id (whether in this page or not); null for an empty journal. Following from it gives only newer entries. */
  readonly last: string | null
}

/** Entries per page unless asked for fewer. */
export const FEED_PAGE_MAX = 100

/**
 * How many feed requests one server holds waiting at once (`wait` > 0); one more is refused
 * (429) until one ends. Each held request costs a connection, not journal reads: the followers
 * of a store share one read per poll.
 */
export const FEED_HELD_MAX = 64

/** The longest wait a follower may ask for, in seconds. */
export const FEED_WAIT_MAX_S = 60

/** How often a waiting follower looks at the journal, in milliseconds. */
export const FEED_POLL_MS = 250

export interface FeedOptions {
  /** Entries per page, 1 to {@link FEED_PAGE_MAX}; default {@link FEED_PAGE_MAX}. */
  readonly limit?: number
  /** Names for the SIDs of the deltas. */
  readonly names?: SidNames
}

/**
 * The position after `since` in `entries`: 0 without `since`.
 * @throws NotFoundError (exit 3, HTTP 404) when the journal holds no entry `since`.
 */
function startAfter(entries: readonly JournalEntry[], since: string | undefined, store: StorePort): number {
  if (since === undefined) return 0
  const at = entries.findIndex((e) => e.id === since)
  if (at === -1) throw new NotFoundError(`the journal of ${store.displayName} holds no entry ${JSON.stringify(since.slice(0, 64))}; azman history lists the ids`)
  return at + 1
}

type PolicyOf = (version: string) => Promise<PolicyStore>

/** The access delta between two versions; none when they are one. */
async function deltaOf(from: string, to: string, policyOf: PolicyOf): Promise<{ readonly changes: readonly AccessChange[]; readonly combined: readonly CombinedChange[] }> {
  return from === to ? { changes: [], combined: [] } : await finishCooperatively(compareAccessSteps(await policyOf(from), await policyOf(to)))
}

/**
 * One entry with its summary and access delta, and the change made outside azman since `previous`
 * (the entry before it in the journal) when there is one; `policyOf` reads (and remembers) archived
 * versions.
 */
async function feedEntry(entry: JournalEntry, previous: JournalEntry | undefined, policyOf: PolicyOf, names: SidNames | undefined): Promise<FeedEntry> {
  const delta = await deltaOf(entry.before, entry.after, policyOf)
  const made = { ...withSummary(entry, names), access: withSidNames(delta.changes, names), combined: delta.combined }
  if (previous === undefined || previous.after === entry.before) return made
  const outside = await deltaOf(previous.after, entry.before, policyOf)
  return { ...made, outside: { from: previous.after, to: entry.before, access: withSidNames(outside.changes, names), combined: outside.combined } }
}

/** The page of entries of `entries` from `start`. */
async function pageOf(store: StorePort, entries: readonly JournalEntry[], start: number, options: FeedOptions): Promise<FeedPage> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? FEED_PAGE_MAX)), FEED_PAGE_MAX)
  const slice = entries.slice(start, start + limit)
  const memo = new Map<string, PolicyStore>()
  const policyOf = async (version: string): Promise<PolicyStore> => {
    let policy = memo.get(version)
    if (policy === undefined) {
      policy = await store.archived(version)
      if (memo.size >= 3) memo.delete(memo.keys().next().value as string)
      memo.set(version, policy)
    }
    return policy
  }
  const out: FeedEntry[] = []
  for (const [i, e] of slice.entries()) out.push(await feedEntry(e, entries[start + i - 1], policyOf, options.names))
  const last = entries.at(-1)?.id ?? null
  const more = start + slice.length < entries.length
  return { entries: out, ...(more && slice.length > 0 ? { next: slice.at(-1)?.id as string } : {}), last }
}

/**
 * The journal entries after `since` (all of them without it), at most `limit`.
 *
 * @throws NotFoundError (exit 3, HTTP 404) when the journal holds no entry `since`.
 * @throws StoreIoError when a version an entry names is not archived.
 */
export async function changesAfter(store: StorePort, since?: string, options: FeedOptions = {}): Promise<FeedPage> {
  const entries = await store.history()
  return pageOf(store, entries, startAfter(entries, since, store), options)
}

export interface WaitOptions extends FeedOptions {
  /** How long to wait for a new entry, in milliseconds; 0 answers at once. */
  readonly waitMs: number
  /** Ends the wait early (a client gone, the server closing): the answer is then the empty page. */
  readonly signal?: AbortSignal
  /** How often to read the journal while waiting; default {@link FEED_POLL_MS}. */
  readonly pollMs?: number
}

/** The last journal read of each store made for waiting followers, with when it started. */
const lastReads = new WeakMap<StorePort, { readonly at: number; readonly entries: Promise<readonly JournalEntry[]> }>()

/**
 * The store's journal, read at most once per `maxAgeMs` for all who wait on it: however many
 * followers hold a request, a store's journal is read about once per poll.
 */
function sharedHistory(store: StorePort, maxAgeMs: number): Promise<readonly JournalEntry[]> {
  const now = Date.now()
  const last = lastReads.get(store)
  if (last !== undefined && now - last.at < maxAgeMs) return last.entries
  const entries = store.history()
  lastReads.set(store, { at: now, entries })
  entries.catch(() => {
    if (lastReads.get(store)?.entries === entries) lastReads.delete(store)
  })
  return entries
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * {@link changesAfter}, waiting up to `waitMs` for an entry after `since`
 * when there is none yet: the journal is read every `pollMs` (the entries
 * only, no version is read until there is one to answer with). Answers the
 * empty page when the wait ends or `signal` aborts first. An unknown `since`
 * is refused at once, before any wait.
 *
 * @throws NotFoundError for an unknown `since`; StoreIoError as {@link changesAfter}.
 */
export async function waitForChanges(store: StorePort, since: string | undefined, options: WaitOptions): Promise<FeedPage> {
  const deadline = Date.now() + Math.max(0, options.waitMs)
  const pollMs = options.pollMs ?? FEED_POLL_MS
  for (let first = true; ; first = false) {
    // The first read is the journal as it is now (a writer sees its own entry); while waiting, the
    // followers of one store share one read per poll.
    let entries = first ? await store.history() : await sharedHistory(store, pollMs)
    // A shared read may have started before `since` was appended: read again rather than refuse it.
    if (!first && since !== undefined && !entries.some((e) => e.id === since)) entries = await store.history()
    const start = startAfter(entries, since, store)
    const remaining = deadline - Date.now()
    if (start < entries.length || remaining <= 0 || options.signal?.aborted === true) return pageOf(store, entries, start, options)
    await pause(Math.min(pollMs, remaining), options.signal)
  }
}

/**
 * Every entry after `since`, page by page, as they are appended, until
 * `signal` aborts (`azman history --since ID --follow`). `since` undefined:
 * from the journal's first entry.
 */
export async function* followChanges(store: StorePort, since: string | undefined, options: Omit<WaitOptions, 'waitMs'> & { readonly signal: AbortSignal }): AsyncGenerator<FeedEntry> {
  let after = since
  while (!options.signal.aborted) {
    const page = await waitForChanges(store, after, { ...options, waitMs: FEED_WAIT_MAX_S * 1000 })
    for (const e of page.entries) {
      yield e
      after = e.id
    }
  }
}
