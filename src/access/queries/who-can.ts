import { canonicalSid, wellKnownSidName } from '../../model/sid.js'
import type { ApplicationGroup } from '../../model/policy.js'
import { explainAccess } from '../explain/explain-access.js'
import { groupRef, groupStep, roleAssignmentRef, sidStep, type Because, type GroupRef, type MemberStep, type PathStep, type RoleAssignmentRef } from '../explain/proof.js'
import { operationPaths } from '../explain/task-paths.js'
import { groupTypeOf } from '../../model/policy.js'
import type { AccessIndex } from '../index/access-index.js'
import type { ContainerIndex } from '../index/container-index.js'
import type { OperationRef } from '../operations/operation-table.js'
import { makeToken } from '../token.js'
import { NO, YES } from '../tri.js'

/** A SID that gets the operation on its own (a token holding just that SID). */
export interface PrincipalAccess {
  readonly sid: string
  readonly name: string | null
  readonly decision: 'granted' | 'conditional'
  /** The proof; empty when asked without proofs. */
  readonly because: readonly Because[]
}

/** An application group whose members get the operation through a role assignment. */
export interface GroupAccess {
  readonly group: GroupRef
  /** granted: a basic group on a path with no business rule; conditional: run-time group or BizRule path. */
  readonly decision: 'granted' | 'conditional'
  readonly roleAssignment: RoleAssignmentRef
  readonly path: readonly PathStep[]
  /** The group, then the groups it is nested in, up to the role assignment. */
  readonly member: readonly MemberStep[]
}

/** A non-member entry on a granting chain: whoever it names loses that chain (docs/access-evaluation.md#54-group-membership). */
export interface ExcludedPrincipal {
  /** The non-member: a SID or a group. */
  readonly nonMember: MemberStep
  /** The group whose non-members list names it. */
  readonly nonMemberOf: GroupRef
  readonly roleAssignment: RoleAssignmentRef
}

export interface WhoCanResult {
  readonly operation: OperationRef
  /** The scope asked about; null: the application level. */
  readonly scope: string | null
  readonly principals: readonly PrincipalAccess[]
  readonly groups: readonly GroupAccess[]
  readonly excluded: readonly ExcludedPrincipal[]
}

/**
 * Who can perform one operation in a scope (or at application level): the
 * reverse lookup AzMan lacks (docs/access-evaluation.md#62-who-can). Counts
 * every SID the store names as a member of a role assignment that applies there
 * (the application level's and the scope's), each as a token of its own; the
 * application groups through which access flows; and the non-members that cut a
 * granting chain. Members of Windows groups are not expanded (that needs the
 * directory), and BUILTIN SIDs are listed as the store names them.
 */
export function whoCan(index: AccessIndex, where: ContainerIndex, op: number, options: { readonly explain?: boolean } = {}): WhoCanResult {
  const explain = options.explain ?? true
  const containers = where === index.appLevel ? [index.appLevel] : [index.appLevel, where]
  const sids = new Set<string>()
  for (const c of containers) for (const sid of c.memberSids()) sids.add(sid)
  const principals: PrincipalAccess[] = []
  for (const sid of sids) {
    const token = makeToken([sid])
    const tri = index.decideTri(token, where, op)
    if (tri === NO) continue
    principals.push({
      sid,
      name: wellKnownSidName(sid) ?? null,
      decision: tri === YES ? 'granted' : 'conditional',
      because: explain ? explainAccess(index, token, where, op).because.filter((b) => b.type === 'grant' && (tri !== YES || b.certainty === 'certain')) : [],
    })
  }
  principals.sort((a, b) => (a.decision === b.decision ? a.sid.localeCompare(b.sid) : a.decision === 'granted' ? -1 : 1))

  const groups: GroupAccess[] = []
  const excluded: ExcludedPrincipal[] = []
  const context = index.context
  for (const c of containers) {
    for (const ra of c.container.roleAssignments) {
      const paths = operationPaths(context, ra, c.container, op)
      if (paths.tri === NO) continue
      const roleAssignment = roleAssignmentRef(ra, c.container)
      // Every chain of member groups down from the role assignment, depth first, with an explicit
      // stack (a long chain costs no call-stack depth). A group's loop links are listed after
      // everything below it, as a recursive walk would list them.
      type Frame =
        | { readonly kind: 'group'; readonly group: ApplicationGroup; readonly above: readonly MemberStep[]; readonly seen: ReadonlySet<ApplicationGroup> }
        | { readonly kind: 'loops'; readonly group: ApplicationGroup; readonly member: readonly MemberStep[] }
      const visit = (start: ApplicationGroup): void => {
        const stack: Frame[] = [{ kind: 'group', group: start, above: [], seen: new Set() }]
        for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
          if (top.kind === 'loops') {
            for (const loop of index.groups.of(top.group).loopMembers) {
              groups.push({ group: groupRef(context, loop.to), decision: 'conditional', roleAssignment, path: paths.path, member: [groupStep(context, loop.to), ...top.member] })
            }
            continue
          }
          const { group, above, seen } = top
          if (seen.has(group)) continue
          const member = [groupStep(context, group), ...above]
          const basic = groupTypeOf(group) === 'Basic'
          groups.push({ group: groupRef(context, group), decision: basic && paths.tri === YES ? 'granted' : 'conditional', roleAssignment, path: paths.path, member })
          if (!basic) continue
          const links = index.groups.of(group)
          const nonMemberOf = groupRef(context, group)
          for (const sid of group.nonMembers) excluded.push({ nonMember: sidStep(canonicalSid(sid)), nonMemberOf, roleAssignment })
          for (const g of links.nonMembers) excluded.push({ nonMember: groupStep(context, g), nonMemberOf, roleAssignment })
          // A link that closes a group loop is not followed: whether it excludes, or admits, is unknown.
          for (const loop of links.loopNonMembers) excluded.push({ nonMember: groupStep(context, loop.to), nonMemberOf, roleAssignment })
          const next = new Set(seen).add(group)
          stack.push({ kind: 'loops', group, member })
          for (let i = links.members.length - 1; i >= 0; i--) {
            const inner = links.members[i]
            if (inner !== undefined) stack.push({ kind: 'group', group: inner, above: member, seen: next })
          }
        }
      }
      for (const guid of ra.appMemberLinks) {
        const r = context.resolver.group(c.container, guid)
        if (r.status === 'found' && context.knowsGroup(r.target)) visit(r.target)
      }
    }
  }
  return { operation: context.operations.ref(op), scope: where.scopeName ?? null, principals, groups, excluded }
}
