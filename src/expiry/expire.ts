import type { Change, ChangeSet } from '../change-set/change.js'
import { runWrite, type WriteOutcome } from '../change-set/run-write.js'
import { sameName } from '../change-set/locate.js'
import { guidKey, type Application, type PolicyStore, type RoleAssignment } from '../model/policy.js'
import { canonicalSid } from '../model/sid.js'
import type { StorePort } from '../store/port.js'
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

/** What one `expire` run did, as `azman expire --json` prints it and the service logs it. */
export interface ExpireOutcome {
  readonly now: string
  readonly dryRun: boolean
  /** The due entries, in sidecar order. */
  readonly expired: readonly ExpiredMember[]
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
 *   it updated the sidecar) is only dropped from the sidecar;
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
  if (sidecar === undefined) return { now: now.toISOString(), dryRun, expired: [] }
  const entries = due((await sidecar.read()).entries, now)
  if (entries.length === 0) return { now: now.toISOString(), dryRun, expired: [], file: sidecar.path }
  const snapshot = await store.load()
  const present = entries.filter((e) => stillMember(snapshot.policy, e))
  let write: WriteOutcome | undefined
  if (present.length > 0) {
    write = await runWrite(
      store,
      { changes: (current) => removals(current.policy, entries) },
      {
        dryRun,
        actor: EXPIRY_ACTOR,
        reason: expiryReason(present, now),
        ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
      },
    )
  }
  const expired = entries.map((entry): ExpiredMember => ({ entry, outcome: present.includes(entry) ? 'removed' : 'gone' }))
  if (!dryRun) await sidecar.update((file) => ({ file: withoutEntries(file, entries), result: undefined }), options.lockTimeoutMs)
  return { now: now.toISOString(), dryRun, expired, file: sidecar.path, ...(write === undefined ? {} : { write }) }
}
