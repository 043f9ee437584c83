import type { ScopeAccess } from '../../access/queries/what-can.js'
import { whereText } from '../access-args.js'
import { conditionText, memberText, operationText } from '../../access/explain/proof-text.js'

/** The text form of `azman what-can`: per scope, each operation with the role assignments that give it. */
export function renderWhatCan(scopes: readonly ScopeAccess[], sids: readonly string[]): string {
  const out: string[] = [`What the token ${sids.join(', ')} can do`]
  for (const s of scopes) {
    out.push('', `In ${whereText(s.scope)}: ${s.granted.length} granted, ${s.conditional.length} conditional`)
    for (const [label, list] of [
      ['granted    ', s.granted],
      ['conditional', s.conditional],
    ] as const) {
      for (const op of list) {
        const via = [
          ...new Set(op.because.map((b) => (b.type === 'grant' ? `${b.roleAssignment.name}${b.roleAssignment.scope === null ? ' (application level)' : ''} <- ${memberText(b.member)}` : ''))),
        ]
        out.push(`  ${label} ${operationText(op.operation)}${via.length > 0 ? ` via ${via.join('; ')}` : ''}`)
        const conditions = new Set(op.because.flatMap((b) => (b.type === 'grant' && b.certainty === 'conditional' ? b.conditions.map(conditionText) : [])))
        for (const c of conditions) out.push(`      if: ${c}`)
      }
    }
  }
  return `${out.join('\n')}\n`
}
