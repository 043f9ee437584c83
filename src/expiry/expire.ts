import type { Change, ChangeSet } from '../change-set/change.js'
import { runWrite, type WriteOutcome } from '../change-set/run-write.js'
import { sameName } from '../change-set/locate.js'
import { guidKey, type Application, type PolicyStore, type RoleAssignment } from '../model/policy.js'
import { canonicalSid } from '../model/sid.js'
import type { JournalEntry, StorePort } from '../store/port.js'
import { due, withoutEntries } from './expiry-file.js'
import type { ExpiryEntry } from './expiry-schema.js'
import { ExpirySidecar } from './expiry-sidecar.js'

/** The journal's actor of the writes `expire` makes. */
export const EXPIRY_ACTOR = 'expiry'

export interface ExpireOptions {
  /** The time to expire at: every entry due at it (or before) is handled. */
  readonly now: Date
  /** Say what would be removed; write nothing (neither the store nor the sidecar). Default false. */
  readonly dryRun?: boolean
  /** How long to wait for another writer, in milliseconds (default 30000). */
  readonly lockTimeoutMs?: number
}

/** One due entry and what became of its member. */
export interface ExpiredMember {
  readonly entry: ExpiryEntry
  /** `removed`: taken out of its role assignment by this run; `gone`: already out of it (removed by hand, its role assignment deleted). */
  readonly outcome: 'removed' | 'gone'
}

/** Why an entry was dropped from the sidecar without removing its member. */
export type DropReason = 'no longer a member' | 'left and was added again since'

/** An entry dropped from the sidecar (due or not) without removing anyone. */
export interface DroppedEntry {
  readonly entry: ExpiryEntry
  /** `no longer a member`: its member is not in its role assignment (an entry not yet due); `left and was added again since`: the entry is stale, the member now there was added again after it left. */
  readonly reason: DropReason
}

/** What one `expire` run did, as `azman expire --json` prints it and the service logs it. */
export interface ExpireOutcome {
  readonly now: string
  readonly dryRun: boolean
  /** The due entries, in sidecar order. */
  readonly expired: readonly ExpiredMember[]
  /** The entries dropped without removing their member, in sidecar order. */
  readonly dropped: readonly DroppedEntry[]
  /** The store write, when there was a member to remove. */
  readonly write?: WriteOutcome
  /** The sidecar file; undefined when the store keeps none (an AD store without a journal). */
  readonly file?: string
}

/** Where a role assignment is: its application, scope (undefined: application level) and itself. */
interface Located {
  readonly app: Application
  readonly scope: string | undefined
  readonly ra: RoleAssignment
}

/** The role assignment of an entry: by GUID in its application (wherever it moved), else undefined. */
function locate(policy: PolicyStore, entry: ExpiryEntry): Located | undefined {
  const app = policy.applications.find((a) => sameName(a.name, entry.app))
  if (app === undefined) return undefined
  const key = guidKey(entry.roleAssignment.guid)
  const atApp = app.roleAssignments.find((r) => guidKey(r.guid) === key)
  if (atApp) return { app, scope: undefined, ra: atApp }
  for (const scope of app.scopes) {
    const ra = scope.roleAssignments.find((r) => guidKey(r.guid) === key)
    if (ra) return { app, scope: scope.name, ra }
  }
  return undefined
}

/** Whether the entry's member still holds its role assignment in `policy`. */
export function stillMember(policy: PolicyStore, entry: ExpiryEntry): boolean {
  const at = locate(policy, entry)
  return at !== undefined && at.ra.members.some((m) => canonicalSid(m) === canonicalSid(entry.sid))
}

/** The policy of archived versions, each read once per run; undefined for a version that is not archived. */
type Archive = (version: string) => Promise<PolicyStore | undefined>

function memoizedArchive(store: StorePort): Archive {
  const read = new Map<string, Promise<PolicyStore | undefined>>()
  return (version) => {
    let policy = read.get(version)
    if (policy === undefined) {
      policy = store.archived(version).catch(() => undefined)
      read.set(version, policy)
    }
    return policy
  }
}

/**
 * Whether the entry is stale: its member left its role assignment at some
 * version after the journal entry `addedBy` (and was added again since, as it
 * is there now). Reads every version journaled after `addedBy`: each entry's
 * `after`, and its `before` too when it differs from the previous entry's
 * `after` (an edit made outside azman). A version missing from the archive
 * proves nothing. False when the entry names no journal entry, or one the
 * journal no longer has: such a member is removed as before.
 */
async function isStale(entry: ExpiryEntry, journal: readonly JournalEntry[], archive: Archive): Promise<boolean> {
  const from = entry.addedBy === undefined ? -1 : journal.findIndex((e) => e.id === entry.addedBy)
  if (from < 0) return false
  for (let i = from + 1; i < journal.length; i++) {
    const j = journal[i]
    const prev = journal[i - 1]
    if (j === undefined || prev === undefined) continue
    const versions = j.before === prev.after ? [j.after] : [j.before, j.after]
    for (const version of versions) {
      const policy = await archive(version)
      if (policy !== undefined && !stillMember(policy, entry)) return true
    }
  }
  return false
}

/** One change per role assignment, removing its due members that are still there. */
function removals(policy: PolicyStore, entries: readonly ExpiryEntry[]): ChangeSet {
  const byRa = new Map<string, { at: Located; sids: string[] }>()
  for (const entry of entries) {
    const at = locate(policy, entry)
    if (at === undefined || !stillMember(policy, entry)) continue
    const key = guidKey(at.ra.guid)
    const group = byRa.get(key) ?? { at, sids: [] }
    if (!group.sids.includes(canonicalSid(entry.sid))) group.sids.push(canonicalSid(entry.sid))
    byRa.set(key, group)
  }
  const changes: Change[] = [...byRa.values()].map(({ at, sids }) => ({
    type: 'remove-role-assignment-members',
    app: at.app.name,
    ...(at.scope === undefined ? {} : { scope: at.scope }),
    roleAssignment: at.ra.name,
    members: sids.map((sid) => ({ sid })),
  }))
  return { changes }
}

/** The journal's reason: which entries expired, naming the journal entries that added them. */
export function expiryReason(entries: readonly ExpiryEntry[], now: Date): string {
  const ids = [...new Set(entries.map((e) => e.addedBy).filter((id): id is string => id !== undefined))]
  const unjournaled = entries.some((e) => e.addedBy === undefined)
  const from = [...(ids.length === 0 ? [] : [`added by journal ${ids.length === 1 ? 'entry' : 'entries'} ${ids.join(', ')}`]), ...(unjournaled ? ['set without a journal entry'] : [])]
  return `expired at ${now.toISOString()}: ${entries.length} member(s) whose --until passed (${from.join('; ')})`
}

/**
 * Removes every member whose expiry is due at `options.now` through the one
 * write path ({@link runWrite}: one change set, journaled with actor
 * {@link EXPIRY_ACTOR} and a reason naming the journal entries that added
 * them), then drops the due entries from the sidecar. Safe to run again and
 * from cron:
 *
 * - a member already gone (removed by hand, or by a run that stopped before
 *   it updated the sidecar) is only dropped from the sidecar, and so is the
 *   entry of any member no longer there, due or not;
 * - a member that left its role assignment after the entry's `addedBy`
 *   journal entry and was added again since (without `--until`) is kept and
 *   its stale entry dropped; an entry whose `addedBy` is absent or no longer
 *   in the journal cannot be checked so, and its member is removed;
 * - the change set is planned again under the store's lock against the store
 *   as it is then, so a write made meanwhile by another writer is kept;
 * - the sidecar is updated under the lock too, dropping only the entries this
 *   run handled (one set again meanwhile stays).
 *
 * @throws ExpiryFileError (exit 2) when the sidecar does not parse: nothing is written
 */
export async function expireMembers(store: StorePort, options: ExpireOptions): Promise<ExpireOutcome> {
  const { now } = options
  const dryRun = options.dryRun === true
  const sidecar = ExpirySidecar.of(store)
  if (sidecar === undefined) return { now: now.toISOString(), dryRun, expired: [], dropped: [] }
  const all = (await sidecar.read()).entries
  const entries = due(all, now)
  const snapshot = await store.load()
  const dropped: DroppedEntry[] = all.filter((e) => !entries.includes(e) && !stillMember(snapshot.policy, e)).map((entry) => ({ entry, reason: 'no longer a member' }))
  const present = entries.filter((e) => stillMember(snapshot.policy, e))
  const journal = present.some((e) => e.addedBy !== undefined) ? await store.history() : []
  const archive = memoizedArchive(store)
  const toRemove: ExpiryEntry[] = []
  for (const entry of present) {
    if (await isStale(entry, journal, archive)) dropped.push({ entry, reason: 'left and was added again since' })
    else toRemove.push(entry)
  }
  dropped.sort((a, b) => all.indexOf(a.entry) - all.indexOf(b.entry))
  let write: WriteOutcome | undefined
  if (toRemove.length > 0) {
    write = await runWrite(
      store,
      { changes: (current) => removals(current.policy, toRemove) },
      {
        dryRun,
        actor: EXPIRY_ACTOR,
        reason: expiryReason(toRemove, now),
        ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
      },
    )
  }
  const expired = entries.filter((entry) => !dropped.some((d) => d.entry === entry)).map((entry): ExpiredMember => ({ entry, outcome: toRemove.includes(entry) ? 'removed' : 'gone' }))
  const handled = [...entries, ...dropped.map((d) => d.entry)]
  if (!dryRun && handled.length > 0) await sidecar.update((file) => ({ file: withoutEntries(file, handled), result: undefined }), options.lockTimeoutMs)
  return { now: now.toISOString(), dryRun, expired, dropped, file: sidecar.path, ...(write === undefined ? {} : { write }) }
}
