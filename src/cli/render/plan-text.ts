import type { PolicyEdit } from '../../model/edit/policy-edit.js'
import type { Plan } from '../../change-set/plan.js'

function editLine(e: PolicyEdit): string {
  switch (e.type) {
    case 'create':
      return `create ${e.kind === 'task' && e.object.roleDefinition ? 'role definition' : e.kind.replace('-', ' ')} "${e.object.name}"`
    case 'delete':
      return `delete ${e.kind.replace('-', ' ')} "${e.name}"`
    case 'set':
      return `set ${e.field} of ${e.kind.replace('-', ' ')} ${e.guid}`
    case 'add':
    case 'remove':
      return `${e.type} ${e.value} ${e.type === 'add' ? 'to' : 'from'} ${e.list} of ${e.kind.replace('-', ' ')} ${e.guid}`
    case 'set-store':
      return `set store ${e.field}`
  }
}

/** A plan as people read it: each change's outcome, the object-level edits, warnings. */
export function renderPlan(plan: Plan, outcome: string): string {
  const lines: string[] = []
  for (const r of plan.results) lines.push(`${r.status === 'applied' ? '+' : '='} ${r.status === 'applied' ? '' : 'in place: '}${r.summary}`)
  lines.push(`${plan.edits.length} object-level edit${plan.edits.length === 1 ? '' : 's'}${plan.edits.length === 0 ? ': the store already is as asked' : ':'}`)
  for (const e of plan.edits) lines.push(`    ${editLine(e)}`)
  for (const w of plan.warnings) lines.push(`warning: ${w}`)
  lines.push(outcome)
  return `${lines.join('\n')}\n`
}
