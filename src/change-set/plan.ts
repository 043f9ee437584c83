import { randomUUID } from 'node:crypto'
import { safeEditSteps } from '../model/edit/check-edit.js'
import { formatPath } from '../model/paths.js'
import { diffPolicySteps } from '../model/edit/diff-policies.js'
import type { PolicyEdit } from '../model/edit/policy-edit.js'
import type { PolicyStore } from '../model/policy.js'
import { finish, finishCooperatively, type Steps } from '../model/steps.js'
import type { StoreSnapshot } from '../store/port.js'
import { guardAdministratorSteps } from './admin-guard.js'
import { guardBroadSteps } from './broad-guard.js'
import { hostWideWarningSteps } from './hyperv-warnings.js'
import { scopeBindingConsequences, type BoundVms } from '../model/scope-binding.js'
import { InvalidChangeError } from '../errors/change-errors.js'
import { walkStore } from '../model/walk.js'
import { guidKey } from '../model/policy.js'
import { applyToDraft, type ChangeOutcome, type ExistingObjectAction } from './apply-change.js'
import { PolicyDraft } from './draft/policy-draft.js'
import { assertChangeCount } from './limits.js'
import { representableTextSteps } from './check-text.js'
import { sameContent } from './same-content.js'
import { publicEdits, type PublicEdit } from './edit-view.js'
import { withAccountNames } from './edit-words.js'
import type { SidNames } from '../directory/sid-names.js'
import type { Change, ChangeSet } from './change.js'

export const PLAN_FORMAT = 'azman-plan/1'

/**
 * The key under which a plan carries its edits in their public shape
 * ({@link PublicEdit}): a symbol, so that it is never part of the plan's JSON
 * (a saved plan, `?detail=full`); `plan-detail.ts` puts them in place of the
 * model's edits for the default answers.
 */
export const PUBLIC_EDITS: unique symbol = Symbol('azman.publicEdits')

/**
 * What became of one change: `applied` (a plan, or a write), `would-apply`
 * (a dry run: the change would be applied, nothing was written), `in-place`.
 */
export interface PlannedChange extends Omit<ChangeOutcome, 'status'> {
  readonly status: ChangeOutcome['status'] | 'would-apply'
  readonly index: number
  readonly type: Change['type']
}

/**
 * What applying a change set to a store at one version does: the result of
 * each change, the object-level edits, and the GUIDs given to new objects so
 * that applying the saved plan later writes exactly this.
 */
export interface Plan {
  readonly format: typeof PLAN_FORMAT
  /** The store as the user named it. */
  readonly store: string
  /** The store version the plan was made on; applying it elsewhere is refused. */
  readonly baseVersion: string
  readonly changes: readonly Change[]
  /** GUIDs of new objects, in the order the changes create them. */
  readonly guids: readonly string[]
  readonly results: readonly PlannedChange[]
  readonly edits: readonly PolicyEdit[]
  /** Each edit in words (`edit-words.ts`), in the order of `edits`: objects by kind, name and place, never by GUID alone. */
  readonly editSummaries: readonly string[]
  readonly warnings: readonly string[]
  /** The edits in their public shape, in the order of `edits` (not serialized: see {@link PUBLIC_EDITS}). */
  readonly [PUBLIC_EDITS]?: readonly PublicEdit[]
}

export interface PlanOptions {
  /** The store as the user named it, for the plan and messages. */
  readonly store: string
  /** GUIDs to give new objects, in order (replaying a saved plan); random ones after these run out. */
  readonly guids?: readonly string[]
  /** Allow removing BUILTIN\Administrators' full access (turned into a warning). */
  readonly force?: boolean
  /** Allow granting to a broad principal (Everyone, Domain Users ...: broad-guard.ts; turned into a warning). */
  readonly allowBroad?: boolean
  /** Names for SIDs (a names file, a directory's answers): accounts in the edits in words are named from it. */
  readonly names?: SidNames
  /** The VMs bound to each scope on the hosts whose facts are known: scope renames and deletions count them. */
  readonly boundVms?: BoundVms
}

/** A create that found its object with other content, set aside until the whole change set has run. */
interface Provisional {
  readonly index: number
  readonly change: Change
  readonly refusal: InvalidChangeError
}

interface Pass {
  readonly policy: PolicyStore
  readonly results: PlannedChange[]
  readonly guids: string[]
  /** By GUID key: creates whose object existed with other content. */
  readonly provisional: Map<string, Provisional>
}

function where(index: number, change: Change): string {
  return `$.changes[${index}] (${change.type})`
}

/**
 * Runs the changes in order over a draft of the store, a step per change.
 * `onExisting` decides what a create does when its object exists with other
 * content; the creates told to `replace` are collected in `provisional`.
 */
function* run(start: PolicyStore, changes: readonly Change[], given: readonly string[], onExisting: (guidKey: string) => ExistingObjectAction): Steps<Pass> {
  let taken = 0
  const guids: string[] = []
  const results: PlannedChange[] = []
  const provisional = new Map<string, Provisional>()
  const newGuid = (): string => {
    const g = taken < given.length ? (given[taken++] ?? randomUUID()) : randomUUID()
    guids.push(g)
    return g
  }
  const draft = new PolicyDraft(start)
  for (const [index, change] of changes.entries()) {
    const decide = (guid: string, refusal: InvalidChangeError): ExistingObjectAction => {
      const key = guidKey(guid)
      const action = onExisting(key)
      if (action === 'replace' && !provisional.has(key)) provisional.set(key, { index, change, refusal })
      return action
    }
    try {
      const outcome = applyToDraft(draft, change, { newGuid, onExisting: decide })
      results.push({ index, type: change.type, ...outcome })
    } catch (error) {
      throw error instanceof InvalidChangeError ? error.at(where(index, change)) : error
    }
    yield
  }
  const policy = draft.materialize()
  yield
  return { policy, results, guids, provisional }
}

/** Every object of a store by GUID key, for comparing versions of one object. */
function objectsByGuid(policy: PolicyStore): Map<string, object> {
  const out = new Map<string, object>()
  for (const v of walkStore(policy)) if (!out.has(guidKey(v.object.guid))) out.set(guidKey(v.object.guid), v.object)
  return out
}

/** The first provisional create whose object the two passes leave differently: refusing it was right. */
function firstMismatch(provisional: ReadonlyMap<string, Provisional>, fromScratch: PolicyStore, fromStore: PolicyStore): Provisional | undefined {
  const a = objectsByGuid(fromScratch)
  const b = objectsByGuid(fromStore)
  return [...provisional]
    .filter(([key]) => {
      const x = a.get(key)
      const y = b.get(key)
      return x === undefined || y === undefined ? x !== y : !sameContent(x, y)
    })
    .map(([, p]) => p)
    .sort((x, y) => x.index - y.index)[0]
}

/**
 * Applies the changes to the model. A create whose object already exists
 * with other content is refused (AZMAN_ERR_CHANGE_EXISTS) unless the change
 * set leaves that object the same whether the create made it from scratch or
 * found it as the store has it: then the store already is, or will be, as the
 * change set describes (a change set that creates an object and extends it
 * later, applied a second time, is in place). Content the store has beyond
 * what the change set describes is never hidden: the two would differ and
 * the create is refused.
 *
 * Pass one lets such creates set the asked content ("from scratch"); pass
 * two, the one used, keeps the objects as they are; their objects are then
 * compared between the two passes.
 */
function* applyAll(snapshot: StoreSnapshot, changes: readonly Change[], given: readonly string[]): Steps<Pass> {
  let fromScratch: Pass
  try {
    fromScratch = yield* run(snapshot.policy, changes, given, () => 'replace')
  } catch {
    // A later change failed on the asked content: the plain run says what is really wrong.
    return yield* run(snapshot.policy, changes, given, () => 'refuse')
  }
  const found = fromScratch.provisional
  if (found.size === 0) return fromScratch
  const fromStore = yield* run(snapshot.policy, changes, fromScratch.guids, (key) => (found.has(key) ? 'keep' : 'refuse'))
  yield
  const refused = firstMismatch(found, fromScratch.policy, fromStore.policy)
  if (refused) throw refused.refusal.at(where(refused.index, refused.change))
  return fromStore
}

/**
 * Plans a change set in steps (see `model/steps.ts`): {@link planChanges}
 * runs them through, {@link planChangesCooperatively} lets other work run
 * between them. A change set over `MAX_CHANGES` (limits.ts) is refused first.
 */
export function* planSteps(snapshot: StoreSnapshot, changeSet: ChangeSet, options: PlanOptions): Steps<{ plan: Plan; policy: PolicyStore }> {
  assertChangeCount(changeSet.changes.length)
  yield* representableTextSteps(changeSet.changes)
  const { policy, results, guids } = yield* applyAll(snapshot, changeSet.changes, options.guids ?? [])
  const edits = yield* diffPolicySteps(snapshot.policy, policy)
  yield
  const warnings: string[] = []
  if (edits.length > 0) {
    const defects = yield* safeEditSteps(snapshot.policy, policy, edits)
    warnings.push(...(yield* guardBroadSteps(snapshot.policy, policy, options.allowBroad === true)))
    warnings.push(...(yield* hostWideWarningSteps(snapshot.policy, policy)), ...scopeBindingConsequences(snapshot.policy, policy, options.boundVms))
    // Creates only add: they cannot take an operation from BUILTIN\Administrators.
    if (edits.some((e) => e.type !== 'create')) warnings.push(...(yield* guardAdministratorSteps(snapshot.policy, policy, options.force === true)))
    const first = defects[0]
    if (first !== undefined) {
      const more = defects.length > 1 ? `${defects.length} integrity errors, first: ` : 'an integrity error: '
      warnings.push(`the store already has ${more}${first.code} ${formatPath(first.path)}: ${first.message}; this change leaves it as it is; azman validate lists every finding`)
    }
  }
  const views = publicEdits(edits, snapshot.policy, policy, options.names)
  return {
    plan: {
      format: PLAN_FORMAT,
      store: options.store,
      baseVersion: snapshot.version,
      changes: changeSet.changes,
      guids,
      results: options.names === undefined ? results : results.map((r) => ({ ...r, summary: withAccountNames(r.summary, options.names) })),
      edits,
      editSummaries: views.map((v) => v.summary),
      warnings,
      [PUBLIC_EDITS]: views,
    },
    policy,
  }
}

/**
 * Plans a change set against a store snapshot. Pure apart from drawing random
 * GUIDs: applies the changes in order to the model, derives the object-level
 * edits, and refuses, before anything is written, text an AzMan store cannot
 * hold, changes that name what does not exist, break AzMan's rules, introduce an integrity error, or lock the
 * local administrators out. Refusals name the change: `$.changes[i] (type): ...`.
 * Time is linear in the number of changes and the size of the store.
 */
export function planChanges(snapshot: StoreSnapshot, changeSet: ChangeSet, options: PlanOptions): { plan: Plan; policy: PolicyStore } {
  return finish(planSteps(snapshot, changeSet, options))
}

/**
 * {@link planChanges}, letting the event loop run other work every few
 * milliseconds (`model/steps.ts` SLICE_MS): what long-running processes (the
 * REST service) use, so that one large change set does not hold up other
 * requests. Same result.
 */
export async function planChangesCooperatively(snapshot: StoreSnapshot, changeSet: ChangeSet, options: PlanOptions): Promise<{ plan: Plan; policy: PolicyStore }> {
  return finishCooperatively(planSteps(snapshot, changeSet, options))
}

/** `plan` as a dry run reports it: what would be applied says `would-apply`, not `applied`. */
export function asDryRun(plan: Plan): Plan {
  return { ...plan, results: plan.results.map((r) => (r.status === 'applied' ? { ...r, status: 'would-apply' } : r)) }
}
