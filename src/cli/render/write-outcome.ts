import type { WriteOutcome } from '../../change-set/run-write.js'
import type { GlobalOptions } from '../command.js'
import { writeJson, type CliIo } from '../io.js'
import { renderPlan } from './plan-text.js'
import { writeOutcomeInDetail, type PlanDetail } from '../../change-set/plan-detail.js'

/**
 * Prints what a write did: JSON as the REST service answers it (edits in
 * their public shape unless `detail` is `full`), or the plan as text with a closing line.
 */
export function renderWriteOutcome(outcome: WriteOutcome, store: string, io: CliIo, globals: GlobalOptions, detail: PlanDetail): void {
  if (globals.json) writeJson(io, writeOutcomeInDetail(outcome, detail))
  else if (outcome.dryRun) io.stdout.write(renderPlan(outcome.plan, 'dry run: nothing written'))
  else io.stdout.write(renderPlan(outcome.plan, outcome.written ? `written: ${store} is now at ${outcome.after}` : 'nothing to write'))
}
