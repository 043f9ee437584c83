import { UsageError } from '../errors/usage-error.js'
import type { Change } from '../change-set/change.js'
import type { WriteOutcome } from '../change-set/run-write.js'
import { sameName } from '../change-set/locate.js'
import { principalSids } from '../delegation/write-requests.js'
import { guidKey, type PolicyStore, type RoleAssignment } from '../model/policy.js'
import { canonicalSid } from '../model/sid.js'
import type { StorePort } from '../store/port.js'
import { withEntries } from './expiry-file.js'
import type { ExpiryEntry } from './expiry-schema.js'
import { ExpirySidecar } from './expiry-sidecar.js'

/**
 * Checks, before a write with `--until` (`expiresAt`), that its expiry can
 * be recorded: the store keeps companion files, and its sidecar parses.
 *
 * @throws UsageError (exit 3) for an AD store without a journal
 * @throws ExpiryFileError (exit 2) for a sidecar that does not parse
 */
export async function expirySidecarForWrite(store: StorePort): Promise<ExpirySidecar> {
  const sidecar = ExpirySidecar.of(store)
  if (sidecar === undefined) {
    throw new UsageError(`${store.displayName} keeps no journal, and expiries are kept beside it: give --journal FILE (the service's "journal") to write with --until or expiresAt`)
  }
  await sidecar.read()
  return sidecar
}

/** What a write with an expiry recorded. */
export interface RecordedExpiries {
  readonly entries: readonly ExpiryEntry[]
  /** The member SIDs the write was given that were members already: no expiry is recorded for them (a standing member stays standing). */
  readonly alreadyMembers: readonly string[]
  /** The sidecar file. */
  readonly file: string
}

type MemberChange = Extract<Change, { readonly type: 'add-role-assignment-members' }>

/**
 * After a write that added members (its `add-role-assignment-members`
 * changes, as planned: accounts resolved to SIDs), records that they leave at
 * `until`: one entry per member SID and role assignment (application groups
 * have no SID and are not recorded), naming the journal entry of the write.
 * Only members this write added (absent from the version before it, present
 * after) are recorded: one that was a member already gets no entry and is
 * listed in `alreadyMembers`. A member added again replaces its old entry. Holds the store's lock while
 * it reads the store and replaces the sidecar; a dry run records nothing.
 */
export async function recordExpiries(store: StorePort, sidecar: ExpirySidecar, outcome: WriteOutcome, until: Date, lockTimeoutMs?: number): Promise<RecordedExpiries> {
  if (outcome.dryRun) return { entries: [], alreadyMembers: [], file: sidecar.path }
  const changes = outcome.plan.changes.filter((c): c is MemberChange => c.type === 'add-role-assignment-members')
  const before = outcome.written ? await store.archived(outcome.before).catch(() => undefined) : undefined
  const alreadyMembers: string[] = []
  const entries = await sidecar.update(async (file) => {
    const { policy } = await store.load()
    const journal = outcome.written ? await store.history() : []
    const addedBy = journal.findLast((e) => e.before === outcome.before && e.after === outcome.after)?.id
    const added: ExpiryEntry[] = []
    for (const change of changes) {
      const ra = roleAssignmentNamed(policy, change.app, change.scope, change.roleAssignment)
      if (ra === undefined) continue
      for (const sid of principalSids(change.members)) {
        if (!ra.members.some((m) => canonicalSid(m) === canonicalSid(sid))) continue
        if (!outcome.written || (before !== undefined && wasMember(before, ra, sid))) {
          if (!alreadyMembers.includes(sid)) alreadyMembers.push(sid)
          continue
        }
        added.push({
          app: change.app,
          ...(change.scope === undefined ? {} : { scope: change.scope }),
          roleAssignment: { name: ra.name, guid: guidKey(ra.guid) },
          sid,
          expiresAt: until.toISOString(),
          ...(addedBy === undefined ? {} : { addedBy }),
        })
      }
    }
    return { file: added.length === 0 ? file : withEntries(file, added), result: added }
  }, lockTimeoutMs)
  return { entries, alreadyMembers, file: sidecar.path }
}

/** Whether `sid` was a member of the role assignment `ra` (by GUID, wherever it was) in `policy`. */
function wasMember(policy: PolicyStore, ra: RoleAssignment, sid: string): boolean {
  const key = guidKey(ra.guid)
  const all = policy.applications.flatMap((a) => [...a.roleAssignments, ...a.scopes.flatMap((s) => s.roleAssignments)])
  const then = all.find((r) => guidKey(r.guid) === key)
  return then !== undefined && then.members.some((m) => canonicalSid(m) === canonicalSid(sid))
}

/** A role assignment by application, scope (absent: application level) and name. */
function roleAssignmentNamed(policy: PolicyStore, appName: string, scopeName: string | undefined, name: string): RoleAssignment | undefined {
  const app = policy.applications.find((a) => sameName(a.name, appName))
  if (app === undefined) return undefined
  const place = scopeName === undefined ? app : app.scopes.find((s) => sameName(s.name, scopeName))
  return place?.roleAssignments.find((r) => sameName(r.name, name))
}
