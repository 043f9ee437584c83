/**
 * The proof of a decision, as plain JSON-ready data
 * (docs/access-evaluation.md#7-the-proof). Every entry says what it is (`type`)
 * and names objects by name, GUID and where they live (`scope: null` is the
 * application level).
 */
import { groupTypeOf, hasBizRule, type ApplicationGroup, type RoleAssignment, type Task } from '../../model/policy.js'
import { wellKnownSidName } from '../../model/sid.js'
import type { Container } from '../../model/paths.js'
import type { OperationRef } from '../operations/operation-table.js'
import type { ApplicationContext } from '../index/application-context.js'
import type { LoopLink } from '../membership/group-links.js'
import type { Unknown } from '../membership/membership.js'

/** A role assignment. `scope: null`: application level, so it applies in every scope (docs/access-evaluation.md#52-role-assignments-that-apply). */
export interface RoleAssignmentRef {
  readonly name: string
  readonly guid: string
  readonly scope: string | null
}

/** An application group and where it lives. */
export interface GroupRef {
  readonly name: string
  readonly guid: string
  /** `Basic`, `LdapQuery`, `Bizrule`, or the GroupType text as written when AzMan does not define it. */
  readonly groupType: string
  readonly level: 'store' | 'application' | 'scope'
  readonly scope: string | null
}

/** A business rule's language and origin; present only when the rule has script text. */
export interface BizRuleRef {
  readonly language: string | null
  readonly importedPath: string | null
}

/** One step of the path from a role assignment down to an operation. */
export type PathStep =
  | {
      readonly type: 'role-definition' | 'task'
      readonly name: string
      readonly guid: string
      readonly scope: string | null
      /** null: no business rule (an empty BizRule text is none, whatever its language). */
      readonly bizRule: BizRuleRef | null
    }
  | ({ readonly type: 'operation' } & OperationRef)

/** One step of a membership chain, from a SID the token holds (or a run-time group) up to the role assignment. */
export type MemberStep = { readonly type: 'sid'; readonly sid: string; readonly name: string | null } | ({ readonly type: 'group' } & GroupRef)

/** Something that cannot be evaluated off Windows and makes a grant conditional (docs/access-evaluation.md#57-certain-and-conditional-grants). */
export type Condition =
  /** A task or role definition with a business rule on the path. */
  | { readonly type: 'bizrule-task'; readonly task: Extract<PathStep, { type: 'task' | 'role-definition' }> }
  /** Membership decided by an LDAP query at run time. */
  | { readonly type: 'ldap-query-group'; readonly group: GroupRef; readonly query: string | null }
  /** Membership decided by a script at run time. */
  | { readonly type: 'bizrule-group'; readonly group: GroupRef; readonly language: string | null; readonly hasScript: boolean }
  /** A group whose GroupType AzMan does not define: its membership is unknown. */
  | { readonly type: 'unknown-group-type'; readonly group: GroupRef }
  /**
   * A link that closes a loop of groups, which AzMan refuses (the store is
   * corrupt): `group` links `linked` as a member (`nonMember` false) or a
   * non-member, and whether the token is in `linked` through the loop is unknown.
   */
  | { readonly type: 'group-loop'; readonly group: GroupRef; readonly linked: GroupRef; readonly nonMember: boolean }
  /** Membership holds unless the token is a non-member of `group` through a run-time group (or a loop link). */
  | { readonly type: 'non-member-exclusion'; readonly group: GroupRef; readonly nonMember: readonly MemberStep[]; readonly conditions: readonly Condition[] }

/** Why an operation is granted or conditional, or how a path to it was removed. */
export type Because =
  | {
      readonly type: 'grant'
      /** certain: membership and path are both certain; conditional: see `conditions`. */
      readonly certainty: 'certain' | 'conditional'
      readonly roleAssignment: RoleAssignmentRef
      /** Role assignment -> role definitions / tasks -> operation (a shortest such path, certain if one is). */
      readonly path: readonly PathStep[]
      /** SID -> groups -> role assignment. */
      readonly member: readonly MemberStep[]
      readonly conditions: readonly Condition[]
    }
  | {
      /** A membership chain that would grant the operation, cut by non-membership (docs/access-evaluation.md#54-group-membership). */
      readonly type: 'excluded'
      readonly roleAssignment: RoleAssignmentRef
      readonly path: readonly PathStep[]
      readonly member: readonly MemberStep[]
      /** The group whose non-members include the token, and how. */
      readonly excludedBy: { readonly group: GroupRef; readonly nonMember: readonly MemberStep[] }
    }

export function roleAssignmentRef(ra: RoleAssignment, container: Container): RoleAssignmentRef {
  return { name: ra.name, guid: ra.guid, scope: container.scope?.name ?? null }
}

export function groupRef(context: ApplicationContext, group: ApplicationGroup): GroupRef {
  const home = context.groupContainer(group)
  return {
    name: group.name,
    guid: group.guid,
    groupType: group.groupType,
    level: home === undefined ? 'store' : home.scope === undefined ? 'application' : 'scope',
    scope: home?.scope?.name ?? null,
  }
}

export function taskStep(context: ApplicationContext, task: Task): Extract<PathStep, { type: 'task' | 'role-definition' }> {
  return {
    type: task.roleDefinition ? 'role-definition' : 'task',
    name: task.name,
    guid: task.guid,
    scope: context.taskContainer(task).scope?.name ?? null,
    bizRule: hasBizRule(task) ? { language: task.language ?? null, importedPath: task.importedPath ?? null } : null,
  }
}

export function sidStep(sid: string): MemberStep {
  return { type: 'sid', sid, name: wellKnownSidName(sid) ?? null }
}

export function groupStep(context: ApplicationContext, group: ApplicationGroup): MemberStep {
  return { type: 'group', ...groupRef(context, group) }
}

/** The condition a link that closes a group loop stands for. */
export function loopCondition(context: ApplicationContext, link: LoopLink): Condition {
  return { type: 'group-loop', group: groupRef(context, link.from), linked: groupRef(context, link.to), nonMember: link.list === 'appNonMemberLinks' }
}

/** The condition an unknown of a membership term stands for. */
export function unknownCondition(context: ApplicationContext, unknown: Unknown): Condition {
  return unknown.kind === 'group-loop' ? loopCondition(context, unknown) : groupCondition(context, unknown.group)
}

/** The condition a run-time group stands for. */
export function groupCondition(context: ApplicationContext, group: ApplicationGroup): Condition {
  const ref = groupRef(context, group)
  switch (groupTypeOf(group)) {
    case 'LdapQuery':
      return { type: 'ldap-query-group', group: ref, query: group.ldapQuery ?? null }
    case 'Bizrule':
      return { type: 'bizrule-group', group: ref, language: group.language ?? null, hasScript: hasBizRule(group) }
    default:
      return { type: 'unknown-group-type', group: ref }
  }
}
