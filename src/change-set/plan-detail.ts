import type { PolicyEdit } from '../model/edit/policy-edit.js'
import type { PublicEdit } from './edit-view.js'
import { PUBLIC_EDITS, type Plan } from './plan.js'
import type { RollbackOutcome, WriteOutcome } from './run-write.js'
import { sameJson } from './same-content.js'

/**
 * How much of a plan an answer shows: `summary` (the default of CLI `--json`
 * and of REST answers) gives the edits in their public shape
 * ({@link PublicEdit}); `full` (`--detail full`, `?detail=full`) gives the
 * model's edits as a saved plan (`azman plan --out`) holds them.
 */
export type PlanDetail = 'summary' | 'full'

export const PLAN_DETAILS: readonly PlanDetail[] = ['summary', 'full']

/** A plan with its edits in their public shape. */
export type PublicPlan = Omit<Plan, 'edits' | typeof PUBLIC_EDITS> & { readonly edits: readonly PublicEdit[] }

/** A write's answer with its plan's edits in their public shape. */
export type PublicWriteOutcome = Omit<WriteOutcome, 'plan'> & { readonly plan: PublicPlan }

/** A rollback's answer with its edits in their public shape. */
export type PublicRollbackOutcome = Omit<RollbackOutcome, 'edits' | typeof PUBLIC_EDITS> & { readonly edits: readonly PublicEdit[] }

/** The public shape of edits that came without it (a plan made elsewhere): kind, GUID and the words the plan has. */
function fallbackViews(edits: readonly PolicyEdit[], summaries: readonly string[]): PublicEdit[] {
  return edits.map((e, i) => ({
    type: e.type,
    kind: e.type === 'set-store' ? 'store' : e.kind,
    ...(e.type === 'set-store' ? {} : { guid: e.type === 'create' ? e.object.guid : e.guid }),
    summary: summaries[i] ?? e.type,
  }))
}

/** `plan` with its edits in their public shape. */
export function publicPlan(plan: Plan): PublicPlan {
  const { edits, [PUBLIC_EDITS]: views, ...rest } = plan
  return { ...rest, edits: views ?? fallbackViews(edits, plan.editSummaries) }
}

/** `plan` as an answer of that detail shows it. */
export function planInDetail(plan: Plan, detail: PlanDetail): Plan | PublicPlan {
  return detail === 'full' ? plan : publicPlan(plan)
}

/** A write's answer as that detail shows it. */
export function writeOutcomeInDetail(outcome: WriteOutcome, detail: PlanDetail): WriteOutcome | PublicWriteOutcome {
  return detail === 'full' ? outcome : { ...outcome, plan: publicPlan(outcome.plan) }
}

/** A rollback's answer with its edits in their public shape. */
export function publicRollbackOutcome(outcome: RollbackOutcome): PublicRollbackOutcome {
  const { edits, [PUBLIC_EDITS]: views, ...rest } = outcome
  return { ...rest, edits: views ?? fallbackViews(edits, []) }
}

/** A rollback's answer as that detail shows it. */
export function rollbackOutcomeInDetail(outcome: RollbackOutcome, detail: PlanDetail): RollbackOutcome | PublicRollbackOutcome {
  return detail === 'full' ? outcome : publicRollbackOutcome(outcome)
}

/** Whether saved edits are in the public shape (a plan saved from a default answer): only those carry `summary`. */
function arePublic(edits: readonly unknown[]): boolean {
  return edits.some((e) => typeof e === 'object' && e !== null && 'summary' in e)
}

/** A public edit without what depends on the names at hand (the words, an account's name): what a replay must give again. */
function comparable(edit: unknown): unknown {
  if (typeof edit !== 'object' || edit === null) return edit
  const out: Record<string, unknown> = { ...(edit as Record<string, unknown>) }
  delete out.summary
  if (out.list === 'members' || out.list === 'nonMembers') delete out.valueName
  return out
}

/**
 * Whether replaying a saved plan gave the edits it was saved with: compared
 * whole when it holds the model's edits (`azman plan --out`, `?detail=full`),
 * and in the public shape, words and account names aside, when it was saved
 * from a default answer (REST `POST /plan`, `azman plan --json`).
 */
export function sameSavedEdits(replay: Plan, saved: unknown): boolean {
  if (!Array.isArray(saved) || !arePublic(saved)) return sameJson(replay.edits, saved)
  return sameJson(publicPlan(replay).edits.map(comparable), saved.map(comparable))
}
