import type { WriteOutcome } from '../../change-set/run-write.js'
import type { GlobalOptions } from '../command.js'
import { writeJson, type CliIo } from '../io.js'
import { renderPlan } from './plan-text.js'
import { writeOutcomeInDetail, type PlanDetail } from '../../change-set/plan-detail.js'

/** What a command recorded beside its write (an expiry): fields added to the JSON, and a line after the text. */
export interface WriteExtra {
  readonly json: Readonly<Record<string, unknown>>
  readonly text: string
}

/**
 * Prints what a write did: JSON as the REST service answers it (edits in
 * their public shape unless `detail` is `full`), or the plan as text with a closing line;
 * with `extra`, what was recorded beside it.
 */
export function renderWriteOutcome(outcome: WriteOutcome, store: string, io: CliIo, globals: GlobalOptions, detail: PlanDetail, extra?: WriteExtra): void {
  if (globals.json) writeJson(io, { ...writeOutcomeInDetail(outcome, detail), ...extra?.json })
  else {
    if (outcome.dryRun) io.stdout.write(renderPlan(outcome.plan, 'dry run: nothing written'))
    else io.stdout.write(renderPlan(outcome.plan, outcome.written ? `written: ${store} is now at ${outcome.after}` : 'nothing to write'))
    if (extra !== undefined) io.stdout.write(`${extra.text}\n`)
  }
}
