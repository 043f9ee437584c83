import { ConflictError, InvalidChangeError } from '../../errors/change-errors.js'
import { NotFoundError } from '../../errors/lookup-error.js'
import type { PolicyStore } from '../../model/policy.js'
import type { JournalEntry, StorePort } from '../../store/port.js'
import { assertVersion } from '../../store/precondition.js'
import { applyChangeSet, guards } from '../apply-changes.js'
import { objectLabels, type ObjectLabels } from '../edit-words.js'
import { asDryRun, planChangesCooperatively } from '../plan.js'
import type { WriteOutcome, WriteSettings } from '../run-write.js'
import { inverseChanges } from './inverse-changes.js'
import { changedObjects, indexObjects, restsOn, sameObject } from './object-index.js'

/** One later write that changed what the reverted entry changed. */
interface Overlap {
  /** The entry id, or undefined for a change no journal entry records. */
  readonly id: string | undefined
  readonly objects: readonly string[]
}

/** The objects a later write changed that are, rest on or link to an object the reverted entry changed. */
function overlap(touched: ReadonlySet<string>, from: PolicyStore, to: PolicyStore, labels: ObjectLabels): string[] {
  const a = indexObjects(from)
  const b = indexObjects(to)
  const hits = [...changedObjects(from, to)].filter((key) => {
    if (touched.has(key)) return true
    const v = b.get(key) ?? a.get(key)
    return v !== undefined && restsOn(v).some((k) => touched.has(k))
  })
  const more = hits.some((key) => !labels.has(key)) ? objectLabels(to, from) : labels
  return hits.map((key) => (key === '' ? 'the store itself' : (labels.get(key) ?? more.get(key) ?? key)))
}

/**
 * The later writes that changed an object `entry` changed: each later
 * journal entry (compared between its own archived versions), and the store
 * now against the last entry's version (a change made outside azman).
 */
async function laterOverlaps(store: StorePort, entry: JournalEntry, later: readonly JournalEntry[], touched: ReadonlySet<string>, now: PolicyStore, labels: ObjectLabels): Promise<Overlap[]> {
  const out: Overlap[] = []
  for (const e of later) {
    const objects = overlap(touched, await store.archived(e.before), await store.archived(e.after), labels)
    if (objects.length > 0) out.push({ id: e.id, objects })
  }
  const last = later.at(-1) ?? entry
  const objects = overlap(touched, await store.archived(last.after), now, labels)
  if (objects.length > 0) out.push({ id: undefined, objects })
  return out
}

function conflict(store: StorePort, id: string, overlaps: readonly Overlap[]): ConflictError {
  const said = overlaps.map(
    (o) => `${o.id === undefined ? 'a change not in the journal' : `entry ${o.id}`} (${o.objects.slice(0, 5).join('; ')}${o.objects.length > 5 ? `; and ${o.objects.length - 5} more` : ''})`,
  )
  return new ConflictError(
    'AZMAN_ERR_CONFLICT_REVERT',
    `entry ${id} of ${store.displayName} cannot be reverted on its own: later changes touched what it changed: ${said.join(', ')}; revert those first (newest first), or use azman rollback --before ${id}`,
  )
}

/**
 * Checks that the inverse left every object the entry changed exactly as it
 * was before the entry (same GUID, kind and content), so that a revert never
 * undoes a write in part.
 */
export function assertExactRevert(touched: ReadonlySet<string>, before: PolicyStore, planned: PolicyStore, id: string): void {
  const want = indexObjects(before)
  const got = indexObjects(planned)
  const labels = objectLabels(before, planned)
  const off = [...touched].filter((key) => !sameObject(want.get(key), got.get(key))).map((key) => labels.get(key) ?? key)
  if (off.length > 0) {
    throw new InvalidChangeError(
      'AZMAN_ERR_CHANGE_REVERT_INEXACT',
      `entry ${id} cannot be reverted exactly with a change set: ${off.slice(0, 5).join('; ')} would not be as before it (content no change set can write, such as unknown XML or a role assignment's own operation links); use azman rollback --before ${id} instead`,
    )
  }
}

/**
 * Reverts ONE journal entry (`azman revert`, `POST /stores/{store}/history/{entry}/revert`):
 * computes the inverse of that entry from the versions archived before and
 * after it ({@link inverseChanges}) against the store as it is, and applies
 * it through the one write path (plan, guards, lock, journal), journaled as
 * `{"revertOf": id, "changes": [...]}`. Unlike `rollback --before`, later
 * entries stay. Refused with `AZMAN_ERR_CONFLICT_REVERT` when a later entry
 * (or a change outside the journal) touched an object the entry touched, and
 * with `AZMAN_ERR_NOT_FOUND` for an id the journal does not hold. A revert
 * of a rollback or of a revert is a revert like any other.
 */
export async function runRevert(store: StorePort, id: string, settings: WriteSettings): Promise<WriteOutcome> {
  const entries = await store.history()
  const at = entries.findIndex((e) => e.id === id)
  const entry = entries[at]
  if (entry === undefined) throw new NotFoundError(`${store.displayName} has no journal entry ${JSON.stringify(id)}; run "azman history ${store.displayName}" to see the entry ids`)
  const snapshot = await store.load()
  assertVersion(store.displayName, snapshot.version, settings.ifMatch)
  const before = await store.archived(entry.before)
  const after = await store.archived(entry.after)
  const inverse = inverseChanges(before, after, snapshot.policy)
  const overlaps = await laterOverlaps(store, entry, entries.slice(at + 1), inverse.touched, snapshot.policy, objectLabels(after, before, snapshot.policy))
  if (overlaps.length > 0) throw conflict(store, id, overlaps)
  const changeSet = { changes: inverse.changes }
  const options = { store: store.displayName, guids: inverse.guids, ...guards(settings) }
  const preview = await planChangesCooperatively(snapshot, changeSet, options)
  assertExactRevert(inverse.touched, before, preview.policy, id)
  if (settings.dryRun) {
    await store.rehearse(snapshot, preview.policy)
    return { dryRun: true, written: false, plan: asDryRun(preview.plan) }
  }
  // Applied only to the version it was computed on: another write since gives AZMAN_ERR_CONFLICT_PRECONDITION.
  const { plan, result } = await applyChangeSet(store, changeSet, { ...settings, ifMatch: snapshot.version, guids: inverse.guids, revertOf: id })
  return { dryRun: false, written: result.edits.length > 0, before: result.before, after: result.after, plan }
}
