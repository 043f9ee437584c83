import { explainAccess, makeToken, type AccessIndex, type Because, type ContainerIndex, type Token } from '../../access/index.js'
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

/** One case of a store's decision table, with azman's decision on it. */
export interface TableCase {
  readonly index: AccessIndex
  readonly token: Token
  /** null: the application level. */
  readonly scope: string | null
  readonly where: ContainerIndex
  /** The OperationID, its index in the operation table, its name and its action id. */
  readonly op: { readonly id: number; readonly at: number; readonly name: string; readonly action: string }
  readonly azman: Decision
}

/**
 * Visits every case of the store's decision table (every SID the application names and the
 * well-known SIDs, alone, and each member with each non-member of a group, then `extraTokens`;
 * every scope and the application level; every operation with an OperationID) with azman's
 * decision; returns how many there are.
 */
export function forEachTableCase(
  policy: PolicyStore,
  store: { readonly reference: string; readonly version: string },
  app: string,
  visit: (c: TableCase) => void,
  extraTokens: readonly (readonly string[])[] = [],
  maxCases?: number,
): number {
  const { table } = decisionTable(policy, store, app, extraTokens, maxCases)
  const index = tableIndex(policy, table)
  const ops = table.operations.map((id) => {
    const at = index.operation(id)
    const name = index.context.operations.operations[at]?.name ?? String(id)
    return { id, at, name, action: operationActionId(name) }
  })
  for (const sids of table.tokens) {
    const token = makeToken(sids)
    for (const scopeName of table.scopes) {
      const where = index.where(scopeName)
      const scope = scopeName === '' ? null : scopeName
      for (const op of ops) visit({ index, token, scope, where, op, azman: decisionOf(index.decideTri(token, where, op.at)) })
    }
  }
  return table.tokens.length * table.scopes.length * ops.length
}

/**
 * Asks `engine` every case of the store's decision table ({@link forEachTableCase}), and compares
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
  let agreed = 0
  let narrower = 0
  let disagreements = 0
  const shown: Disagreement[] = []
  const cases = forEachTableCase(
    policy,
    store,
    app,
    ({ index, token, scope, where, op, azman }) => {
      const allow = engine.decide(token.sids, scope, op.action)
      if (azman === 'conditional' && !allow) narrower++
      else if (allow === (azman === 'granted')) agreed++
      else {
        disagreements++
        if (shown.length < MAX_SHOWN)
          shown.push({ sids: token.sids, scope, operation: op.id, operationName: op.name, azman, engine: allow ? 'allow' : 'deny', because: explainAccess(index, token, where, op.at).because })
      }
    },
    extraTokens,
    maxCases,
  )
  return { engine: engine.name, cases, agreed, narrower, disagreements, shown }
}
