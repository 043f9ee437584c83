import type { Because, Condition, GroupRef, MemberStep, OperationRef, PathStep, RoleAssignmentRef } from '../index.js'
import { quote } from '../../model/quote.js'

/** `315 "Start Virtual Machine"`. */
export function operationText(op: OperationRef): string {
  return `${op.id ?? '(no numeric ID)'} ${quote(op.name)}`
}

/** `role assignment "Operators" (application level, applies in every scope)` or `(scope "Lab VMs")`. */
export function roleAssignmentText(ra: RoleAssignmentRef): string {
  return `role assignment ${quote(ra.name)} (${ra.scope === null ? 'application level, applies in every scope' : `scope ${quote(ra.scope)}`})`
}

export function groupText(g: GroupRef): string {
  const where = g.level === 'store' ? 'store level' : g.level === 'application' ? 'application level' : `scope ${quote(g.scope ?? '')}`
  return `group ${quote(g.name)} (${g.groupType}, ${where})`
}

/**
 * A SID or GUID as found in a store, shown as is when it has the shape of
 * one, in quotes otherwise: a malformed value may hold anything, terminal
 * control characters included, and quote() escapes those.
 */
export function identifierText(value: string): string {
  return /^[0-9A-Za-z{}-]+$/.test(value) ? value : quote(value)
}

export function memberStepText(step: MemberStep): string {
  return step.type === 'sid' ? (step.name === null ? identifierText(step.sid) : `${step.sid} (${step.name})`) : groupText(step)
}

function pathStepText(step: PathStep): string {
  if (step.type === 'operation') return `operation ${operationText(step)}`
  const kind = step.type === 'role-definition' ? 'role definition' : 'task'
  const where = step.scope === null ? '' : ` in scope ${quote(step.scope)}`
  const rule = step.bizRule === null ? '' : ` [BizRule${step.bizRule.language === null ? '' : ` ${step.bizRule.language}`}]`
  return `${kind} ${quote(step.name)}${where}${rule}`
}

export function pathText(path: readonly PathStep[]): string {
  return path.map(pathStepText).join(' > ')
}

/** Chains read from the SID up: `S-1-... > group "VM Operators" (...)`. */
export function memberText(chain: readonly MemberStep[]): string {
  return chain.map(memberStepText).join(' > ')
}

export function conditionText(c: Condition): string {
  switch (c.type) {
    case 'bizrule-task':
      return `the BizRule${c.task.bizRule?.language ? ` (${c.task.bizRule.language})` : ''} of ${c.task.type === 'role-definition' ? 'role definition' : 'task'} ${quote(c.task.name)} runs at access time`
    case 'ldap-query-group':
      return `membership of ${groupText(c.group)} is decided by its LDAP query ${c.query === null ? '(none)' : quote(c.query)} at access time`
    case 'bizrule-group':
      return `membership of ${groupText(c.group)} is decided by its BizRule${c.hasScript ? '' : ' (which has no script)'} at access time`
    case 'unknown-group-type':
      return `${groupText(c.group)} has a GroupType AzMan does not define`
    case 'group-loop':
      return `${c.nonMember ? 'non-membership' : 'membership'} through a group loop is unknown: ${groupText(c.group)} links ${groupText(c.linked)} as a ${c.nonMember ? 'non-member' : 'member'}, and that link closes a loop of groups, which AzMan refuses (the store is corrupt; azman validate reports it)`
    case 'non-member-exclusion':
      return `unless excluded as a non-member of ${groupText(c.group)} through ${memberText(c.nonMember)}${c.conditions.length > 0 ? ` (${c.conditions.map(conditionText).join('; ')})` : ''}`
  }
}

/** The lines of one proof entry, indented by `indent` spaces. */
export function becauseLines(b: Because, indent: string): string[] {
  if (b.type === 'grant') {
    return [
      `${indent}${b.certainty === 'certain' ? 'granted' : 'conditionally granted'} by ${roleAssignmentText(b.roleAssignment)}`,
      `${indent}  path:   ${pathText(b.path)}`,
      `${indent}  member: ${memberText(b.member)}`,
      ...b.conditions.map((c) => `${indent}  if:     ${conditionText(c)}`),
    ]
  }
  return [
    `${indent}excluded from ${roleAssignmentText(b.roleAssignment)}`,
    `${indent}  path:   ${pathText(b.path)}`,
    `${indent}  member: ${memberText(b.member)}`,
    `${indent}  but:    ${memberText(b.excludedBy.nonMember)} is a non-member of ${groupText(b.excludedBy.group)}; non-membership beats membership`,
  ]
}
