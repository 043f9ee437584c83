import { explainAccess, makeToken, type Because } from '../../access/index.js'
import { decisionOf, type Decision } from '../../access/decision.js'
import type { PolicyStore } from '../../model/policy.js'
import { decisionTable, tableIndex } from '../../verify/decision-table.js'
import { operationActionId } from '../model/build-model.js'
import type { MigrationEngine } from './engine.js'

/** The most disagreements a comparison lists (all are counted). */
export const MAX_SHOWN = 50

/** A case where the target's engine and azman decide differently. */
export interface Disagreement {
  readonly sids: readonly string[]
  /** null: the application level. */
  readonly scope: string | null
  readonly operation: number
  readonly operationName: string
  readonly azman: Decision
  readonly engine: 'allow' | 'deny'
  readonly because: readonly Because[]
}

/** What a target's engine decided, against azman, over the whole decision table. */
export interface Comparison {
  readonly engine: string
  /** Token x scope x operation cases compared. */
  readonly cases: number
  /** Granted by both, or denied by both. */
  readonly agreed: number
  /** azman: conditional (a BizRule, an LDAP query); the engine: deny, by design. */
  readonly narrower: number
  readonly disagreements: number
  /** The first {@link MAX_SHOWN} disagreements, each with azman's proof. */
  readonly shown: readonly Disagreement[]
}

/**
 * Asks `engine` every case of the store's decision table (every principal and group SID the
 * application names and the well-known SIDs, alone, and each member with each non-member of a
 * group; every scope and the application level; every operation with an OperationID), and compares
 * with azman's decision. A conditional case the engine denies is narrower by design; one it allows
 * is a disagreement (the export would widen access).
 */
export function compareWithEngine(
  policy: PolicyStore,
  store: { readonly reference: string; readonly version: string },
  app: string,
  engine: MigrationEngine,
  extraTokens: readonly (readonly string[])[] = [],
  maxCases?: number,
): Comparison {
  const { table } = decisionTable(policy, store, app, extraTokens, maxCases)
  const index = tableIndex(policy, table)
  const ops = table.operations.map((id) => {
    const at = index.operation(id)
    const name = index.context.operations.operations[at]?.name ?? String(id)
    return { id, at, name, action: operationActionId(name) }
  })
  let agreed = 0
  let narrower = 0
  let disagreements = 0
  const shown: Disagreement[] = []
  for (const sids of table.tokens) {
    const token = makeToken(sids)
    for (const scopeName of table.scopes) {
      const scope = scopeName === '' ? null : scopeName
      const where = index.where(scopeName)
      for (const op of ops) {
        const azman = decisionOf(index.decideTri(token, where, op.at))
        const allow = engine.decide(token.sids, scope, op.action)
        if (azman === 'conditional' && !allow) narrower++
        else if (allow === (azman === 'granted')) agreed++
        else {
          disagreements++
          if (shown.length < MAX_SHOWN)
            shown.push({ sids, scope, operation: op.id, operationName: op.name, azman, engine: allow ? 'allow' : 'deny', because: explainAccess(index, token, where, op.at).because })
        }
      }
    }
  }
  return { engine: engine.name, cases: table.tokens.length * table.scopes.length * ops.length, agreed, narrower, disagreements, shown }
}
