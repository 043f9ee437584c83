import type { NearMiss, WhyNot } from './why-not.js'
import { quote } from '../../model/quote.js'
import { conditionText, groupText, memberStepText, memberText, operationText, pathText, roleAssignmentText } from './proof-text.js'

/** `and 3 more` when `n` is above 0. */
function andMore(n: number, what: string): string {
  return n > 0 ? `, and ${n} more ${what}` : ''
}

/** The lines of one near miss, indented by `indent`. */
function missLines(miss: NearMiss, indent: string): string[] {
  switch (miss.type) {
    case 'condition':
      return [
        `${indent}conditional through ${roleAssignmentText(miss.roleAssignment)}; granted only if`,
        ...miss.conditions.map((c) => `${indent}  if:     ${conditionText(c)}`),
        `${indent}  path:   ${pathText(miss.path)}`,
        `${indent}  member: ${memberText(miss.member)}`,
      ]
    case 'excluded':
      return [
        `${indent}cut by a non-member exclusion: ${roleAssignmentText(miss.roleAssignment)}`,
        `${indent}  path:   ${pathText(miss.path)}`,
        `${indent}  member: ${memberText(miss.member)}`,
        `${indent}  but:    ${memberText(miss.excludedBy.nonMember)} is a non-member of ${groupText(miss.excludedBy.group)}`,
      ]
    case 'holds-operation':
      return [
        `${indent}${roleAssignmentText(miss.roleAssignment)} holds the operation${miss.certainty === 'conditional' ? ' (under a BizRule)' : ''} but ${miss.tokenMember === 'no' ? 'not this token' : 'this token only conditionally'}`,
        `${indent}  path:   ${pathText(miss.path)}`,
        ...miss.wouldGrant.map((s) => `${indent}  would ${s.certainty === 'certain' ? 'grant' : 'grant conditionally'}: ${memberText(s.member)}`),
        ...(miss.moreWouldGrant > 0 ? [`${indent}  and ${miss.moreWouldGrant} more SIDs would`] : []),
        ...(miss.wouldGrant.length === 0 && miss.moreWouldGrant === 0 ? [`${indent}  no member SID would grant it added to this token`] : []),
        ...miss.runTimeMembers.map((c) => `${indent}  run time: ${conditionText(c)}`),
        ...miss.nonMemberLists.map((l) => `${indent}  not for: non-members of ${groupText(l.group)}: ${l.nonMembers.map(memberStepText).join(', ')}`),
      ]
    case 'holds-token':
      return [
        `${indent}${roleAssignmentText(miss.roleAssignment)} holds this token${miss.certainty === 'conditional' ? ' (conditionally)' : ''} but not the operation`,
        `${indent}  member: ${memberText(miss.member)}`,
        `${indent}  grants instead: ${miss.grants
          .map((g) => `${operationText(g.operation)}${g.sharedTask === null ? '' : ` (shares ${g.sharedTask.type === 'task' ? 'task' : 'role definition'} ${quote(g.sharedTask.name)})`}`)
          .join(', ')}${andMore(miss.moreGrants, 'operations')}`,
      ]
    case 'other-scope':
      return [
        `${indent}${miss.decision} in scope ${quote(miss.scope)} by ${roleAssignmentText(miss.roleAssignment)}`,
        `${indent}  path:   ${pathText(miss.path)}`,
        `${indent}  member: ${memberText(miss.member)}`,
        ...miss.conditions.map((c) => `${indent}  if:     ${conditionText(c)}`),
      ]
  }
}

/** The why-not section of `azman check` (docs/access-evaluation.md#65-why-not), indented by `indent`. */
export function whyNotLines(why: WhyNot, indent: string): string[] {
  const total = why.misses.length + why.more
  if (total === 0) return [`${indent}why not: no near miss (no role assignment here holds the operation or the token, and no other scope grants it)`]
  const head = why.more > 0 ? `the ${why.misses.length} nearest of ${total}` : `${total}`
  const out = [`${indent}why not (${head} near ${total === 1 ? 'miss' : 'misses'}, nearest first):`]
  why.misses.forEach((miss, i) => {
    const lines = missLines(miss, `${indent}    `)
    out.push(`${indent}  ${i + 1}. ${(lines[0] ?? '').trimStart()}`, ...lines.slice(1))
  })
  if (why.more > 0) out.push(`${indent}  and ${why.more} more (--why-not N lists more)`)
  return out
}
