import type { Because, Condition, MemberStep } from '../../api/types'
import { Chain, type ChainContext } from './chain'

/** A condition of a conditional grant, in words (docs/access-evaluation.md §7). */
export function conditionText(c: Condition): string {
  const group = c.group === undefined ? '' : `"${c.group.name}"`
  switch (c.type) {
    case 'bizrule-task':
      return `a business rule on ${c.task?.type === 'role-definition' ? 'role definition' : 'task'} "${c.task?.name ?? ''}"`
    case 'ldap-query-group':
      return `membership of LDAP query group ${group}${c.query === undefined || c.query === null ? '' : ` (${c.query})`}, decided at access time`
    case 'bizrule-group':
      return `membership of business-rule group ${group}, decided at access time`
    case 'unknown-group-type':
      return `group ${group}, of a type AzMan does not define`
    case 'group-loop':
      return `a loop of groups at ${group}`
    case 'non-member-exclusion':
      return `unless a run-time non-member entry of ${group} claims the principal`
    default:
      return c.group === undefined ? c.type : `${c.type} (${group})`
  }
}

/** Who a list of member steps names, in words. */
export function membersText(steps: readonly MemberStep[]): string {
  return steps.map((s) => (s.type === 'sid' ? (s.name === null ? s.sid : `${s.name} (${s.sid})`) : `group "${s.name}"`)).join(', ')
}

/** One reason of a decision: its path as a chain, with the conditions it depends on or the non-member entry that cuts it. */
export function ProofEntry({ ctx, because }: { ctx: ChainContext; because: Because }) {
  if (because.type === 'excluded') {
    return (
      <li class="proof excluded" data-type="excluded">
        <p>
          Cut: a non-member entry of group "{because.excludedBy.group.name}" names {membersText(because.excludedBy.nonMember)}.
        </p>
        <Chain ctx={ctx} member={because.member} roleAssignment={because.roleAssignment} path={because.path} label={`Cut path through role assignment ${because.roleAssignment.name}`} />
      </li>
    )
  }
  return (
    <li class="proof grant" data-type="grant" data-certainty={because.certainty}>
      <p>{because.certainty === 'certain' ? 'Granted for certain through:' : 'Granted only under conditions through:'}</p>
      <Chain ctx={ctx} member={because.member} roleAssignment={because.roleAssignment} path={because.path} label={`Proof path through role assignment ${because.roleAssignment.name}`} />
      {because.conditions.length > 0 && (
        <ul class="conditions" aria-label="Conditions">
          {because.conditions.map((c, i) => (
            <li key={i}>{conditionText(c)}</li>
          ))}
        </ul>
      )}
    </li>
  )
}

/** The proof of a decision: each granting (or cut) path. */
export function Proof({ ctx, because }: { ctx: ChainContext; because: readonly Because[] }) {
  if (because.length === 0) return <p class="none">No role assignment here grants it to this principal.</p>
  return (
    <ol class="proofs">
      {because.map((b, i) => (
        <ProofEntry key={i} ctx={ctx} because={b} />
      ))}
    </ol>
  )
}
