import { ConflictError } from '../errors/change-errors.js'
import type { JsonValue, StorePort, UpdateResult } from '../store/port.js'
import type { ChangeSet } from './change.js'
import { planChangesCooperatively, type Plan } from './plan.js'
import type { SavedPlan } from './plan-file.js'
import { assertVersion, type ExpectedVersion } from '../store/precondition.js'
import type { SidNames } from '../directory/sid-names.js'
import type { BoundVms } from '../model/scope-binding.js'
import { sameSavedEdits } from './plan-detail.js'

export interface ApplyOptions {
  /** Who makes the change, for the journal. */
  readonly actor: string
  /** Why, e.g. a ticket number, for the journal. */
  readonly reason?: string
  /** How long to wait for another writer, in milliseconds. Default 30000. */
  readonly lockTimeoutMs?: number
  /** Allow removing BUILTIN\Administrators' full access. */
  readonly force?: boolean
  /** Allow granting to a broad principal (Everyone, Domain Users ...); the journal records the allowance. */
  readonly allowBroad?: boolean
  /** Write only if the store is at this version, or one of these (checked under the lock): `AZMAN_ERR_CONFLICT_PRECONDITION` otherwise. */
  readonly ifMatch?: ExpectedVersion
  /** Names for SIDs, for the plan's edits in words (the faces pass their names file's table). */
  readonly names?: SidNames
  /** The VMs bound to each scope on hosts whose facts were given (`--facts`): scope renames and deletions count them. */
  readonly boundVms?: BoundVms
  /** GUIDs to give new objects, in order (a revert recreates objects with their own GUIDs). */
  readonly guids?: readonly string[]
  /** The journal entry this write reverts: the journal records `"revertOf": id` with the change set. */
  readonly revertOf?: string
}

export interface Applied {
  readonly plan: Plan
  readonly result: UpdateResult
}

function asJson(changeSet: ChangeSet, options: ApplyOptions): JsonValue {
  const revert = options.revertOf === undefined ? {} : { revertOf: options.revertOf }
  const broad = options.allowBroad === true ? { allowBroad: true } : {}
  // A change set is plain data by construction: parsing its JSON text gives the same value.
  return JSON.parse(JSON.stringify({ ...revert, changes: changeSet.changes, ...broad })) as JsonValue
}

/**
 * The journal's record of a write: who, why, the change set, `allowBroad: true` with it when broad grants were
 * allowed, and `revertOf` when it reverts an entry.
 */
function record(changeSet: ChangeSet, options: ApplyOptions): { actor: string; reason?: string; changes: JsonValue } {
  const changes = asJson(changeSet, options)
  return options.reason === undefined ? { actor: options.actor, changes } : { actor: options.actor, reason: options.reason, changes }
}

/** The settings with the change set's own `"allowBroad": true` taken as `--allow-broad`. */
export function withAllowance<T extends { readonly allowBroad?: boolean }>(options: T, changeSet: ChangeSet): T {
  return changeSet.allowBroad === true && options.allowBroad !== true ? { ...options, allowBroad: true } : options
}

/** The plan options the write's settings give: `--force`, `--allow-broad`, and the names accounts are shown with. */
export function guards(options: { readonly force?: boolean; readonly allowBroad?: boolean; readonly names?: SidNames; readonly boundVms?: BoundVms }): {
  force: boolean
  allowBroad: boolean
  names?: SidNames
  boundVms?: BoundVms
} {
  return {
    force: options.force === true,
    allowBroad: options.allowBroad === true,
    ...(options.names === undefined ? {} : { names: options.names }),
    ...(options.boundVms === undefined ? {} : { boundVms: options.boundVms }),
  }
}

function lock(options: ApplyOptions): { lockTimeoutMs?: number } {
  return options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }
}

/**
 * Applies a change set: plans it against the store as it is under the
 * store's write lock (so concurrent writers never lose an update), writes
 * only the edits, and journals it. A change set already in place writes
 * nothing.
 */
export async function applyChangeSet(store: StorePort, changeSet: ChangeSet, asked: ApplyOptions): Promise<Applied> {
  const options = withAllowance(asked, changeSet)
  let plan: Plan | undefined
  const result = await store.update(
    async (current) => {
      assertVersion(store.displayName, current.version, options.ifMatch)
      const planned = await planChangesCooperatively(current, changeSet, { store: store.displayName, ...guards(options), ...(options.guids === undefined ? {} : { guids: options.guids }) })
      plan = planned.plan
      return planned.policy
    },
    { ...lock(options), record: record(changeSet, options) },
  )
  if (!plan) throw new Error('the store did not run the plan')
  return { plan, result }
}

/**
 * Applies a saved plan: only to the store version it was made on, and only
 * if replaying it gives exactly the edits it promised.
 */
export async function applySavedPlan(store: StorePort, saved: SavedPlan, options: ApplyOptions): Promise<Applied> {
  let plan: Plan | undefined
  const result = await store.update(
    async (current) => {
      assertVersion(store.displayName, current.version, options.ifMatch)
      const replay = await planChangesCooperatively(current, saved.changeSet, { store: store.displayName, guids: saved.guids, ...guards(options) })
      if (!sameSavedEdits(replay.plan, saved.edits)) {
        throw new ConflictError('AZMAN_ERR_CONFLICT_PLAN_MISMATCH', `the plan no longer gives the edits it was saved with; make a new plan for ${store.displayName}`)
      }
      plan = replay.plan
      return replay.policy
    },
    { ...lock(options), expectedVersion: saved.baseVersion, record: record(saved.changeSet, options) },
  )
  if (!plan) throw new Error('the store did not run the plan')
  return { plan, result }
}
