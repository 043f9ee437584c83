import { explainAccess } from '../explain/explain-access.js'
import type { Because } from '../explain/proof.js'
import type { AccessIndex } from '../index/access-index.js'
import type { OperationRef } from '../operations/operation-table.js'
import type { Token } from '../token.js'
import { NO, YES } from '../tri.js'

/** One operation the token gets in a scope, with its proof when asked. */
export interface OperationAccess {
  readonly operation: OperationRef
  readonly because: readonly Because[]
}

/** What the token gets in one scope: the application level's grants and the scope's own. */
export interface ScopeAccess {
  /** null: the application level (checks with an empty scope name). */
  readonly scope: string | null
  readonly granted: readonly OperationAccess[]
  readonly conditional: readonly OperationAccess[]
}

/**
 * What a token can do, per scope (docs/access-evaluation.md#63-what-can): every
 * OperationID of the application, at application level and in each scope. A
 * scope's list includes what the application level grants, because
 * application-level role assignments apply in every scope
 * (docs/access-evaluation.md#52-role-assignments-that-apply); `GetRoles(scope)`
 * alone would under-report
 * (docs/access-evaluation.md#3-accesscheck-on-windows).
 */
export function whatCan(index: AccessIndex, token: Token, options: { readonly explain?: boolean } = {}): ScopeAccess[] {
  const explain = options.explain ?? true
  const out: ScopeAccess[] = []
  const count = index.context.operations.size
  for (const where of index.containers()) {
    const granted: OperationAccess[] = []
    const conditional: OperationAccess[] = []
    for (let op = 0; op < count; op++) {
      const tri = index.decideTri(token, where, op)
      if (tri === NO) continue
      // The proof of what decided: certain grants for a granted operation, the conditional ones otherwise.
      const because = explain ? explainAccess(index, token, where, op).because.filter((b) => b.type === 'grant' && (tri !== YES || b.certainty === 'certain')) : []
      ;(tri === YES ? granted : conditional).push({ operation: index.context.operations.ref(op), because })
    }
    out.push({ scope: where.scopeName ?? null, granted, conditional })
  }
  return out
}
