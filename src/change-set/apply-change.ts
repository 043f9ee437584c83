import type { PolicyStore } from '../model/policy.js'
import type { Applier } from './apply/applier.js'
import { APPLIERS } from './apply/appliers.js'
import type { ApplyContext, ChangeOutcome } from './apply-rules.js'
import type { Change } from './change.js'
import { PolicyDraft } from './draft/policy-draft.js'

export type { ApplyContext, ChangeOutcome, ExistingObjectAction } from './apply-rules.js'

export interface Applied {
  readonly policy: PolicyStore
  readonly outcome: ChangeOutcome
}

/**
 * Applies one change to a policy, purely: the policy given is never
 * modified, and the one returned shares every object the change did not
 * touch. Refuses changes that name what does not exist, break AzMan's name
 * and text rules, or remove something still linked; reports `in-place` when
 * the store already is as the change asks.
 */
export function applyChange(policy: PolicyStore, change: Change, ctx: ApplyContext): Applied {
  const draft = new PolicyDraft(policy)
  const outcome = applyToDraft(draft, change, ctx)
  return { policy: draft.materialize(), outcome }
}

/**
 * Applies one change to a store being edited (see {@link applyChange}). Each
 * change costs what it names and touches, not the size of the store, so a
 * change set is planned in time linear in its length. The applier comes from
 * {@link APPLIERS}, by the change's type.
 */
export function applyToDraft(draft: PolicyDraft, change: Change, ctx: ApplyContext): ChangeOutcome {
  // APPLIERS is keyed by type, so the applier found takes this very change; TypeScript cannot follow
  // the pairing of a union's key and value, hence the widening.
  const apply = APPLIERS[change.type] as Applier<Change>
  return apply(draft, change, ctx)
}
