import type { ExportedTask } from '../../views/export-json.js'
import type { Principal } from '../../views/principal.js'
import type { ShowView, ShownGroup, ShownMember, ShownRole } from '../../views/show-view.js'
import { untilText } from './until-text.js'
import { quote } from '../../model/quote.js'

/** The human-readable form of `azman show`. */
export function renderShow(view: ShowView): string {
  const out: string[] = []
  const line = (indent: number, text: string): void => {
    out.push(`${'  '.repeat(indent)}${text}`)
  }
  line(0, `Store ${view.store} (schema ${view.majorVersion}.${view.minorVersion})${view.description ? `: ${view.description}` : ''}`)
  for (const app of view.applications) {
    line(0, '')
    line(0, `Application ${quote(app.name)}${app.version ? ` version ${app.version}` : ''}`)
    line(1, `Operations (${app.operations.length})`)
    const width = Math.max(0, ...app.operations.map((o) => String(o.id).length))
    for (const op of [...app.operations].sort(byId)) line(2, `${String(op.id).padStart(width)}  ${op.name}`)
    tasks(line, 1, app.tasks)
    roles(line, 1, app.roles)
    groups(line, 1, app.groups)
    line(1, `Scopes (${app.scopes.length})`)
    for (const scope of app.scopes) {
      line(2, `Scope ${quote(scope.name)}`)
      tasks(line, 3, scope.tasks)
      roles(line, 3, scope.roles)
      groups(line, 3, scope.groups)
    }
  }
  line(0, '')
  groups(line, 0, view.groups, 'Store groups')
  return `${out.join('\n')}\n`
}

type Line = (indent: number, text: string) => void

function byId(a: { id: number | string }, b: { id: number | string }): number {
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id - b.id
  return String(a.id).localeCompare(String(b.id))
}

function contents(t: { operations: readonly (number | string)[]; tasks: readonly string[] }): string {
  const ids = [...t.operations].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))))
  const parts = [...t.tasks.map((n) => quote(n)), ...ids.map(String)]
  return parts.length === 0 ? '(empty)' : parts.join(', ')
}

function tasks(line: Line, indent: number, all: readonly ExportedTask[]): void {
  const definitions = all.filter((t) => t.roleDefinition)
  const plain = all.filter((t) => !t.roleDefinition)
  line(indent, `Role definitions (${definitions.length})`)
  for (const t of definitions) line(indent + 1, `${t.name}: ${contents(t)}${t.bizRule ? ` [BizRule, ${t.bizRule.language ?? 'no language'}]` : ''}`)
  line(indent, `Tasks (${plain.length})`)
  for (const t of plain) line(indent + 1, `${t.name}: ${contents(t)}${t.bizRule ? ` [BizRule, ${t.bizRule.language ?? 'no language'}]` : ''}`)
}

function who(p: Principal): string {
  return p.name === null ? p.sid : `${p.sid} ${p.name}`
}

function roleMember(m: ShownMember): string {
  return `${who(m)}${untilText(m.expiresAt)}`
}

function roles(line: Line, indent: number, all: readonly ShownRole[]): void {
  line(indent, `Role assignments (${all.length})`)
  for (const r of all) {
    line(indent + 1, `${r.name} -> ${contents(r)}`)
    for (const m of r.members) line(indent + 2, `member ${roleMember(m)}`)
    for (const g of r.appMembers) line(indent + 2, `member group ${quote(g)}`)
    if (r.members.length === 0 && r.appMembers.length === 0) line(indent + 2, '(no members)')
  }
}

function groups(line: Line, indent: number, all: readonly ShownGroup[], title = 'Groups'): void {
  line(indent, `${title} (${all.length})`)
  for (const g of all) {
    line(indent + 1, `${g.name} [${g.type}]`)
    if (g.ldapQuery !== null) line(indent + 2, `query ${g.ldapQuery}`)
    if (g.bizRule) line(indent + 2, `BizRule (${g.bizRule.language ?? 'no language'})`)
    for (const m of g.members) line(indent + 2, `member ${who(m)}`)
    for (const m of g.nonMembers) line(indent + 2, `non-member ${who(m)}`)
    for (const n of g.appMembers) line(indent + 2, `member group ${quote(n)}`)
    for (const n of g.appNonMembers) line(indent + 2, `non-member group ${quote(n)}`)
  }
}
