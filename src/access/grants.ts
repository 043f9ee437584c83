import type { RoleAssignment } from '../model/policy.js'
import { wellKnownSidName } from '../model/sid.js'
import { operationPaths } from './explain/task-paths.js'
import { roleAssignmentRef, unknownCondition, type Condition, type PathStep, type RoleAssignmentRef } from './explain/proof.js'
import type { AccessIndex } from './index/access-index.js'
import type { IndexedRoleAssignment } from './index/container-index.js'
import type { Unknown } from './membership/membership.js'
import { hasOp, opIndices } from './operations/op-set.js'
import type { OperationRef } from './operations/operation-table.js'
import { makeToken } from './token.js'
import { NO, YES } from './tri.js'

/** One operation a role assignment grants to whoever holds it. */
export interface OperationGrant {
  readonly operation: OperationRef
  /** certain: through a path with no business rule; conditional: every path has one. */
  readonly certainty: 'certain' | 'conditional'
  /** A shortest path from the role assignment to the operation (certain when one is). Empty when paths were not asked for. */
  readonly path: readonly PathStep[]
  /** For a conditional grant: the BizRule tasks on the paths. */
  readonly conditions: readonly Condition[]
}

/** A SID that holds the role assignment on its own (a token of that SID alone). */
export interface Holder {
  readonly sid: string
  readonly name: string | null
  readonly certainty: 'certain' | 'conditional'
}

/** What one role assignment grants, and to whom. */
export interface RoleAssignmentGrants {
  readonly roleAssignment: RoleAssignmentRef
  /** Every operation it reaches, in the application's operation order. */
  readonly operations: readonly OperationGrant[]
  /**
   * SIDs named as members, directly or through basic groups, that hold it on
   * their own: `certain`, or `conditional` when a non-member exclusion on the
   * way depends on a run-time group. SIDs cut by non-membership are left out.
   */
  readonly holders: readonly Holder[]
  /**
   * Members decided at run time: LDAP-query and BizRule groups (and groups of
   * an unknown type); and member links that close a group loop (`group-loop`),
   * through which membership is unknown.
   */
  readonly runTimeMembers: readonly Condition[]
  /** Links it has that cannot be followed (missing, other kind, not visible). */
  readonly brokenLinks: readonly { readonly list: string; readonly guid: string; readonly reason: string }[]
}

/**
 * What a role assignment grants, certainly or conditionally, with the path to
 * each operation (docs/access-evaluation.md#53-operation-closure), and who
 * holds it. The grants are those of the assignment itself: an application-level
 * assignment grants them in every scope
 * (docs/access-evaluation.md#52-role-assignments-that-apply).
 *
 * @param ra a role assignment of the index's application (application level or any scope).
 * @param options.paths compute the path of each operation (default true).
 * @throws RangeError when `ra` is not a role assignment of this application.
 */
export function roleAssignmentGrants(index: AccessIndex, ra: RoleAssignment, options: { readonly paths?: boolean } = {}): RoleAssignmentGrants {
  const indexed = index.roleAssignment(ra)
  if (indexed === undefined) throw new RangeError(`role assignment ${ra.name} is not in application ${index.application.name}`)
  return grantsOf(index, indexed, options.paths ?? true)
}

function grantsOf(index: AccessIndex, indexed: IndexedRoleAssignment, withPaths: boolean): RoleAssignmentGrants {
  const { roleAssignment: ra, container, reach, membership } = indexed
  const context = index.context
  const ops = [...opIndices(reach.certain), ...opIndices(reach.conditional)].sort((a, b) => a - b)
  const operations = ops.map((op): OperationGrant => {
    const certain = hasOp(reach.certain, op)
    const paths = withPaths ? operationPaths(context, ra, container, op) : undefined
    return {
      operation: context.operations.ref(op),
      certainty: certain ? 'certain' : 'conditional',
      path: paths?.path ?? [],
      conditions: paths?.conditions ?? [],
    }
  })
  const holders: Holder[] = []
  for (const sid of membership.bySid.keys()) {
    const tri = membership.evaluate(makeToken([sid]))
    if (tri !== NO) holders.push({ sid, name: wellKnownSidName(sid) ?? null, certainty: tri === YES ? 'certain' : 'conditional' })
  }
  const runTime = new Set<Unknown>()
  for (const term of membership.sidless) for (const u of term.conditions) runTime.add(u)
  return {
    roleAssignment: roleAssignmentRef(ra, container),
    operations,
    holders,
    runTimeMembers: [...runTime].map((u) => unknownCondition(context, u)),
    brokenLinks: indexed.broken.map((b) => ({ list: 'list' in b ? b.list : 'appMemberLinks', guid: b.guid, reason: b.reason })),
  }
}
