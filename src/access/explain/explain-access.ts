import { decisionOf, type Decision } from '../decision.js'
import type { AccessIndex } from '../index/access-index.js'
import type { ContainerIndex } from '../index/container-index.js'
import type { OperationRef } from '../operations/operation-table.js'
import type { Token } from '../token.js'
import { NO, YES, triAnd, triOr, type Tri } from '../tri.js'
import { MemberWalker } from './member-routes.js'
import { roleAssignmentRef, type Because } from './proof.js'
import { operationPaths } from './task-paths.js'
import type { WhyNot } from './why-not.js'

/** The answer for one operation, with its proof when asked. */
export interface AccessResult {
  readonly operation: OperationRef
  readonly decision: Decision
  /**
   * Why: `grant` entries (certain first) and `excluded` entries (membership
   * chains cut by non-membership). Empty for a decision given without proof.
   */
  readonly because: readonly Because[]
  /** The nearest misses of a decision that is not granted, when asked (`CheckRequest.whyNot`); absent for a granted one. */
  readonly whyNot?: WhyNot
}

/**
 * Decides one operation by walking the model directly and explains it
 * (docs/access-evaluation.md#5-the-evaluation,
 * docs/access-evaluation.md#7-the-proof): for every role assignment of the
 * application level and of the named scope, the paths to the operation
 * (operationPaths) and the token's membership (MemberWalker). Slower than
 * {@link AccessIndex.decide}, and independent of it: the two must agree.
 */
export function explainAccess(index: AccessIndex, token: Token, where: ContainerIndex, op: number): { tri: Tri; because: Because[] } {
  const context = index.context
  const walker = new MemberWalker(context, index.groups, token)
  let tri: Tri = NO
  const grants: Because[] = []
  const excluded: Because[] = []
  const containers = where === index.appLevel ? [index.appLevel] : [index.appLevel, where]
  for (const c of containers) {
    for (const ra of c.container.roleAssignments) {
      const paths = operationPaths(context, ra, c.container, op)
      if (paths.tri === NO) continue
      const member = walker.roleAssignment(ra, c.container)
      const roleAssignment = roleAssignmentRef(ra, c.container)
      tri = triOr(tri, triAnd(paths.tri, member.tri))
      for (const route of member.routes) {
        if (member.tri === YES && route.tri !== YES) continue
        const certain = paths.tri === YES && route.tri === YES
        grants.push({
          type: 'grant',
          certainty: certain ? 'certain' : 'conditional',
          roleAssignment,
          path: paths.path,
          member: route.steps,
          conditions: [...paths.conditions, ...route.conditions],
        })
      }
      for (const ex of member.excluded) excluded.push({ type: 'excluded', roleAssignment, path: paths.path, member: ex.steps, excludedBy: ex.excludedBy })
    }
  }
  const rank = (b: Because): number => (b.type === 'grant' ? (b.certainty === 'certain' ? 0 : 1) : 2)
  const because = [...grants, ...excluded].sort((a, b) => rank(a) - rank(b))
  return { tri, because }
}

/** {@link explainAccess} as an {@link AccessResult}. */
export function explainedResult(index: AccessIndex, token: Token, where: ContainerIndex, op: number): AccessResult {
  const { tri, because } = explainAccess(index, token, where, op)
  return { operation: index.context.operations.ref(op), decision: decisionOf(tri), because }
}
