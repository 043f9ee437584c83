import { planChangeInputWithPolicies, type PlanInputOptions } from '../change-set/run-write.js'
import type { ChangeInput } from '../change-set/plan-file.js'
import type { Plan } from '../change-set/plan.js'
import type { StorePort } from '../store/port.js'
import { withSidNames } from '../views/sid-names.js'
import { compareAccessSteps, type AccessChange, type CombinedChange } from '../diff/access-delta.js'
import { finishCooperatively } from '../model/steps.js'

/**
 * A plan with its effective-access delta (`POST /stores/{store}/plan?delta=true`): who would gain
 * or lose which operation where if the plan were applied, computed as `azman diff` and the change
 * feed compute it, between the store as it is and the store the plan would leave.
 */

/** The access delta of a plan, as the change feed gives an entry's. */
export interface PlannedAccessDelta {
  /** Who gains or loses which operation where. */
  readonly access: readonly AccessChange[]
  /** Operations whose access may change for tokens of several SIDs (see `azman diff`). */
  readonly combined: readonly CombinedChange[]
}

/**
 * Plans `input` against the store as it is and compares the effective access before and after, in
 * steps that let the server answer other requests meanwhile (hundreds of milliseconds on a store of
 * 1,000 scopes).
 */
export async function planWithAccessDelta(store: StorePort, input: ChangeInput, options: PlanInputOptions = {}): Promise<{ readonly plan: Plan; readonly accessDelta: PlannedAccessDelta }> {
  const { plan, before, after } = await planChangeInputWithPolicies(store, input, options)
  const delta = await finishCooperatively(compareAccessSteps(before, after))
  return { plan, accessDelta: { access: withSidNames(delta.changes, options.names), combined: delta.combined } }
}
