import type { Plan, PlannedChange } from '../../change-set/plan.js'

const PREFIX: Readonly<Record<PlannedChange['status'], string>> = { applied: '+ ', 'would-apply': '+ would apply: ', 'in-place': '= in place: ' }

/** A plan as people read it: each change's outcome, the object-level edits in words (objects by name, never by GUID alone), warnings. */
export function renderPlan(plan: Pick<Plan, 'results' | 'editSummaries' | 'warnings'>, outcome: string): string {
  const lines: string[] = []
  for (const r of plan.results) lines.push(`${PREFIX[r.status]}${r.summary}`)
  const n = plan.editSummaries.length
  lines.push(`${n} object-level edit${n === 1 ? '' : 's'}${n === 0 ? ': the store already is as asked' : ':'}`)
  for (const e of plan.editSummaries) lines.push(`    ${e}`)
  for (const w of plan.warnings) lines.push(`warning: ${w}`)
  lines.push(outcome)
  return `${lines.join('\n')}\n`
}
