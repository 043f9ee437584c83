import { randomUUID } from 'node:crypto'
import { assertSafeEdit } from '../model/edit/check-edit.js'
import { diffPolicies } from '../model/edit/diff-policies.js'
import type { PolicyEdit } from '../model/edit/policy-edit.js'
import type { PolicyStore } from '../model/policy.js'
import type { StoreSnapshot } from '../store/port.js'
import { guardAdministrators } from './admin-guard.js'
import { applyChange, type ChangeOutcome } from './apply-change.js'
import type { Change, ChangeSet } from './change.js'

export const PLAN_FORMAT = 'azman-plan/1'

export interface PlannedChange extends ChangeOutcome {
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
  readonly warnings: readonly string[]
}

export interface PlanOptions {
  /** The store as the user named it, for the plan and messages. */
  readonly store: string
  /** GUIDs to give new objects, in order (replaying a saved plan); random ones after these run out. */
  readonly guids?: readonly string[]
  /** Allow removing BUILTIN\Administrators' full access (turned into a warning). */
  readonly force?: boolean
}

/**
 * Plans a change set against a store snapshot. Pure apart from drawing random
 * GUIDs: applies the changes in order to the model, derives the object-level
 * edits, and refuses, before anything is written, changes that name what does
 * not exist, break AzMan's rules, introduce an integrity error, or lock the
 * local administrators out.
 */
export function planChanges(snapshot: StoreSnapshot, changeSet: ChangeSet, options: PlanOptions): { plan: Plan; policy: PolicyStore } {
  const given = [...(options.guids ?? [])]
  const guids: string[] = []
  const newGuid = (): string => {
    const g = given.shift() ?? randomUUID()
    guids.push(g)
    return g
  }
  let policy = snapshot.policy
  const results: PlannedChange[] = []
  changeSet.changes.forEach((change, index) => {
    const step = applyChange(policy, change, { newGuid })
    policy = step.policy
    results.push({ index, type: change.type, ...step.outcome })
  })
  const edits = diffPolicies(snapshot.policy, policy)
  const warnings: string[] = []
  if (edits.length > 0) {
    assertSafeEdit(snapshot.policy, policy, edits)
    warnings.push(...guardAdministrators(snapshot.policy, policy, options.force === true))
  }
  return {
    plan: { format: PLAN_FORMAT, store: options.store, baseVersion: snapshot.version, changes: changeSet.changes, guids, results, edits, warnings },
    policy,
  }
}
