import { ConflictError } from '../errors/change-errors.js'
import type { PolicyEdit } from '../model/edit/policy-edit.js'
import type { PolicyStore } from '../model/policy.js'
import type { StorePort, StoreSnapshot } from '../store/port.js'
import { applyChangeSet, applySavedPlan, guards, withAllowance, type ApplyOptions } from './apply-changes.js'
import type { ChangeSet } from './change.js'
import type { ChangeInput } from './plan-file.js'
import { asDryRun, planChangesCooperatively, PUBLIC_EDITS, type Plan } from './plan.js'
import { publicEdits, type PublicEdit } from './edit-view.js'
import { assertVersion } from '../store/precondition.js'
import type { BoundVms } from '../model/scope-binding.js'
import type { SidNames } from '../directory/sid-names.js'
import { finishCooperatively } from '../model/steps.js'
import { guardBroadSteps } from './broad-guard.js'

/**
 * What a write asks for: a change set, possibly built from the store as it is
 * (and resolved, e.g. account names through a directory), and warnings about the result.
 */
export interface WriteRequest {
  readonly changes: (snapshot: StoreSnapshot) => ChangeSet | Promise<ChangeSet>
  readonly warnings?: (plan: Plan, planned: StoreSnapshot['policy']) => readonly string[]
}

/** How to write: who, why, and whether only to plan. */
export interface WriteSettings extends ApplyOptions {
  /** Plan only: write nothing. */
  readonly dryRun: boolean
}

/**
 * What a write did, as `--json` prints it and the REST service answers:
 * a dry run gives the plan; an applied write also gives the versions before
 * and after (equal when nothing had to change).
 */
export type WriteOutcome =
  { readonly dryRun: true; readonly written: false; readonly plan: Plan } | { readonly dryRun: false; readonly written: boolean; readonly before: string; readonly after: string; readonly plan: Plan }

/** The store version a write outcome leaves the store at (the version planned on, for a dry run). */
export function versionAfter(outcome: WriteOutcome): string {
  return outcome.dryRun ? outcome.plan.baseVersion : outcome.after
}

function withWarnings(plan: Plan, extra: readonly string[]): Plan {
  return extra.length === 0 ? plan : { ...plan, warnings: [...plan.warnings, ...extra] }
}

/**
 * The one path every write of a CLI command or REST route takes: build the
 * change set from the store as it is, plan it, and either return the plan
 * (dry run: nothing written) or apply it under the store's lock and journal
 * it. `settings.ifMatch` makes both refuse a store at another version.
 */
export async function runWrite(store: StorePort, request: WriteRequest, settings: WriteSettings): Promise<WriteOutcome> {
  const snapshot = await store.load()
  const changeSet = await request.changes(snapshot)
  if (settings.dryRun) assertVersion(store.displayName, snapshot.version, settings.ifMatch)
  const preview = await planChangesCooperatively(snapshot, changeSet, { store: store.displayName, ...guards(withAllowance(settings, changeSet)) })
  const extra = request.warnings?.(preview.plan, preview.policy) ?? []
  if (settings.dryRun) {
    await store.rehearse(snapshot, preview.policy)
    return { dryRun: true, written: false, plan: asDryRun(withWarnings(preview.plan, extra)) }
  }
  const { plan, result } = await applyChangeSet(store, changeSet, settings)
  return { dryRun: false, written: result.edits.length > 0, before: result.before, after: result.after, plan: withWarnings(plan, extra) }
}

/**
 * Applies what `azman apply` and `POST /stores/{store}/changes` take: a change
 * set (planned under the lock against the store as it is) or a saved plan
 * (only to the version it was made on: `AZMAN_ERR_CONFLICT_STALE` otherwise).
 */
export async function applyChangeInput(store: StorePort, input: ChangeInput, settings: WriteSettings): Promise<WriteOutcome> {
  if (settings.dryRun) {
    const snapshot = await store.load()
    if (input.kind === 'plan' && snapshot.version !== input.plan.baseVersion) {
      throw new ConflictError('AZMAN_ERR_CONFLICT_STALE', `${store.displayName} changed since the plan was made (expected ${input.plan.baseVersion}, found ${snapshot.version}); plan again`)
    }
    assertVersion(store.displayName, snapshot.version, settings.ifMatch)
    const changeSet = input.kind === 'plan' ? input.plan.changeSet : input.changeSet
    const { plan, policy } = await planChangesCooperatively(snapshot, changeSet, {
      store: store.displayName,
      ...guards(withAllowance(settings, changeSet)),
      ...(input.kind === 'plan' ? { guids: input.plan.guids } : {}),
    })
    await store.rehearse(snapshot, policy)
    return { dryRun: true, written: false, plan: asDryRun(plan) }
  }
  const { plan, result } = input.kind === 'plan' ? await applySavedPlan(store, input.plan, settings) : await applyChangeSet(store, input.changeSet, settings)
  return { dryRun: false, written: result.edits.length > 0, before: result.before, after: result.after, plan }
}

/**
 * Plans what `azman plan` and `POST /stores/{store}/plan` take (a change set,
 * or the changes of a saved plan) against the store as it is, and rehearses
 * the write, so that a plan never says `applied` for what applying refuses.
 */
export async function planChangeInput(store: StorePort, input: ChangeInput, options: PlanInputOptions = {}): Promise<Plan> {
  return (await planChangeInputWithPolicies(store, input, options)).plan
}

/** How {@link planChangeInput} plans. */
export interface PlanInputOptions {
  readonly force?: boolean
  readonly allowBroad?: boolean
  readonly names?: SidNames
  readonly boundVms?: BoundVms
}

/** A plan with the store's policy it was made on and the policy it would leave (for an access delta). */
export interface PlannedPolicies {
  readonly plan: Plan
  readonly before: PolicyStore
  readonly after: PolicyStore
}

/** {@link planChangeInput}, also giving the policies before and after the plan. */
export async function planChangeInputWithPolicies(store: StorePort, input: ChangeInput, options: PlanInputOptions = {}): Promise<PlannedPolicies> {
  const changeSet = input.kind === 'plan' ? input.plan.changeSet : input.changeSet
  const snapshot = await store.load()
  const { plan, policy } = await planChangesCooperatively(snapshot, changeSet, { store: store.displayName, ...guards(withAllowance(options, changeSet)) })
  await store.rehearse(snapshot, policy)
  return { plan, before: snapshot.policy, after: policy }
}

/** What a rollback did, as `azman rollback --json` prints it and `POST /stores/{store}/rollback` answers. */
export type RollbackOutcome = {
  readonly dryRun: boolean
  readonly written: boolean
  readonly before: string
  readonly after: string
  readonly edits: readonly PolicyEdit[]
  /** The edits in their public shape (not serialized: see {@link PUBLIC_EDITS}). */
  readonly [PUBLIC_EDITS]?: readonly PublicEdit[]
} & ({ readonly rolledBackTo: string } | { readonly rolledBackBefore: string })

export interface RollbackRequest {
  /** The journal entry. */
  readonly id: string
  /** Restore the version right before the entry (undo it) instead of right after it. */
  readonly before: boolean
}

/**
 * Restores the store as it was right after (or before) a journal entry, or
 * says what that would change (dry run). The edits come in their public shape
 * too, named from the store before and after the rollback (and `settings.names`).
 * The broad-principal guard applies
 * as to any write: a rollback that makes Everyone, Domain Users ... a new
 * member is refused (`AZMAN_ERR_CHANGE_BROAD_PRINCIPAL`) unless
 * `settings.allowBroad`, which the journal entry then records.
 */
export async function runRollback(store: StorePort, request: RollbackRequest, settings: WriteSettings): Promise<RollbackOutcome> {
  const prior = (await store.load()).policy
  const result = await store.rollback(
    request.id,
    { actor: settings.actor, ...(settings.reason === undefined ? {} : { reason: settings.reason }) },
    {
      dryRun: settings.dryRun,
      before: request.before,
      ...(settings.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: settings.lockTimeoutMs }),
      ...(settings.ifMatch === undefined ? {} : { ifMatch: settings.ifMatch }),
      // A rollback may bring back a broad grant: refused without the allowance, as any write.
      check: async (current, target) => {
        await finishCooperatively(guardBroadSteps(current, target, settings.allowBroad === true))
      },
      ...(settings.allowBroad === true ? { allowBroad: true } : {}),
    },
  )
  const written = !settings.dryRun && result.before !== result.after
  const target = request.before ? { rolledBackBefore: request.id } : { rolledBackTo: request.id }
  const now = written ? (await store.load()).policy : prior
  const views = publicEdits(result.edits, prior, now, settings.names)
  return { dryRun: settings.dryRun, written, ...target, before: result.before, after: result.after, edits: result.edits, [PUBLIC_EDITS]: views }
}
