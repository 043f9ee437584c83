import { explainAccess, type AccessResult } from './explain/explain-access.js'
import type { AccessIndex } from './index/access-index.js'
import { decisionOf } from './decision.js'
import { YES } from './tri.js'
import { makeToken } from './token.js'
import { whyNot, WHY_NOT_MAX } from './explain/why-not.js'
import { UsageError } from '../errors/usage-error.js'

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
   * For each decision that is not granted, list its nearest misses, at most
   * this many, with a count of the rest (`whyNot`, docs/access-evaluation.md#65-why-not).
   * Default 0: none. At most {@link WHY_NOT_MAX}.
   */
  readonly whyNot?: number
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
 * @throws UsageError when `whyNot` is not a whole number from 0 to {@link WHY_NOT_MAX}.
 * @throws Error when the index and the explanation disagree (a bug in azman:
 *   the proof is computed independently and must reach the same decision).
 */
export function checkAccess(index: AccessIndex, request: CheckRequest): AccessResult[] {
  const where = index.where(request.scope)
  const token = makeToken(request.sids, request.groupOutcomes)
  const ops = request.operations.map((ref) => index.operation(ref))
  const limit = request.whyNot ?? 0
  if (!Number.isInteger(limit) || limit < 0 || limit > WHY_NOT_MAX) throw new UsageError(`whyNot must be a whole number from 0 to ${WHY_NOT_MAX}, not ${String(limit)}`)
  return ops.map((op) => {
    const tri = index.decideTri(token, where, op)
    const misses = limit > 0 && tri !== YES ? { whyNot: whyNot(index, token, where, op, limit) } : {}
    if (request.explain !== true) return { operation: index.context.operations.ref(op), decision: decisionOf(tri), because: [], ...misses }
    const explained = explainAccess(index, token, where, op)
    if (explained.tri !== tri) {
      throw new Error(`access index and explanation disagree on operation ${index.context.operations.operation(op).operationId} (${decisionOf(tri)} vs ${decisionOf(explained.tri)})`)
    }
    return { operation: index.context.operations.ref(op), decision: decisionOf(tri), because: explained.because, ...misses }
  })
}
