import type { ApplyContext, ChangeOutcome } from '../apply-rules.js'
import type { Change, ChangeType } from '../change.js'
import type { PolicyDraft } from '../draft/policy-draft.js'

/** What applies one type of change to a store being edited. */
export type Applier<C extends Change> = (draft: PolicyDraft, change: C, ctx: ApplyContext) => ChangeOutcome

/**
 * A table of appliers, one per change type of `T`. Each kind's file declares
 * its table `satisfies Appliers<ItsTypes>`, where its types are picked from
 * {@link ChangeType} by name pattern, so a change type added to the `Change`
 * union is missing from its kind's table until that file gives its applier.
 */
export type Appliers<T extends ChangeType> = { readonly [K in T]: Applier<Extract<Change, { type: K }>> }
