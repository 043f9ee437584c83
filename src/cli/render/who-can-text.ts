import type { WhoCanResult } from '../../access/queries/who-can.js'
import type { PrincipalAccessUntil } from '../../views/member-expiries.js'
import { untilText } from './until-text.js'
import { whereText } from '../access-args.js'
import { becauseLines, groupText, memberStepText, memberText, operationText, pathText, roleAssignmentText } from '../../access/explain/proof-text.js'

/** The text form of `azman who-can`; a principal that loses the operation at a time says until when. */
export function renderWhoCan(r: Omit<WhoCanResult, 'principals'> & { readonly principals: readonly PrincipalAccessUntil[] }): string {
  const out: string[] = [`Who can ${operationText(r.operation)} in ${whereText(r.scope)}`]
  out.push('', `Principals (${r.principals.length}), each SID as a token of its own:`)
  if (r.principals.length === 0) out.push('  none')
  for (const p of r.principals) {
    out.push(`  ${p.decision === 'granted' ? 'GRANTED    ' : 'CONDITIONAL'} ${memberStepText({ type: 'sid', sid: p.sid, name: p.name })}${untilText(p.expiresAt)}`)
    for (const b of p.because) for (const line of becauseLines(b, '      ')) out.push(line)
  }
  out.push('', `Application groups whose members get it (${r.groups.length}):`)
  if (r.groups.length === 0) out.push('  none')
  for (const g of r.groups) {
    out.push(`  ${g.decision === 'granted' ? 'GRANTED    ' : 'CONDITIONAL'} ${groupText(g.group)} via ${roleAssignmentText(g.roleAssignment)}`)
    if (g.member.length > 1) out.push(`      member: ${memberText(g.member)}`)
    out.push(`      path:   ${pathText(g.path)}`)
  }
  out.push('', `Non-members excluded from a granting chain (${r.excluded.length}):`)
  if (r.excluded.length === 0) out.push('  none')
  for (const x of r.excluded) out.push(`  ${memberStepText(x.nonMember)}: non-member of ${groupText(x.nonMemberOf)}, cut from ${roleAssignmentText(x.roleAssignment)}`)
  return `${out.join('\n')}\n`
}
