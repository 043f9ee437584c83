import { explainAccess, type AccessResult } from './explain/explain-access.js'
import type { AccessIndex } from './index/access-index.js'
import { decisionOf } from './decision.js'
import { makeToken } from './token.js'

/** What to check: like `IAzClientContext::AccessCheck` (docs/access-evaluation.md#2-inputs), by OperationID or name. */
export interface CheckRequest {
  /** A scope name; undefined or `""`: the application level. */
  readonly scope?: string | undefined
  /** The whole token (docs/access-evaluation.md#21-the-token): nothing is added, BUILTIN SIDs count as held. */
  readonly sids: Iterable<string>
  /** OperationIDs (numbers or decimal text) or operation names. */
  readonly operations: readonly (number | string)[]
  /** Build the proof of each decision (`because`). Default false: decisions only. */
  readonly explain?: boolean
  /**
   * LDAP-query group memberships the directory decided for this token, by
   * group GUID key (`evaluateLdapQueryGroups`): true or false make the group
   * certain; absent or undefined leave it conditional.
   */
  readonly groupOutcomes?: ReadonlyMap<string, boolean | undefined>
}

/**
 * AccessCheck, emulated off Windows
 * (docs/access-evaluation.md#5-the-evaluation): one result per requested
 * operation, in request order.
 *
 * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` for an unknown scope or operation.
 * @throws Error when the index and the explanation disagree (a bug in azman:
 *   the proof is computed independently and must reach the same decision).
 */
export function checkAccess(index: AccessIndex, request: CheckRequest): AccessResult[] {
  const where = index.where(request.scope)
  const token = makeToken(request.sids, request.groupOutcomes)
  const ops = request.operations.map((ref) => index.operation(ref))
  return ops.map((op) => {
    const tri = index.decideTri(token, where, op)
    if (request.explain !== true) return { operation: index.context.operations.ref(op), decision: decisionOf(tri), because: [] }
    const explained = explainAccess(index, token, where, op)
    if (explained.tri !== tri) {
      throw new Error(`access index and explanation disagree on operation ${index.context.operations.operation(op).operationId} (${decisionOf(tri)} vs ${decisionOf(explained.tri)})`)
    }
    return { operation: index.context.operations.ref(op), decision: decisionOf(tri), because: explained.because }
  })
}
