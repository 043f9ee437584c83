import { explainAccess, makeToken, type AccessIndex, type Because, type ContainerIndex, type Token } from '../../access/index.js'
import { decisionOf, type Decision } from '../../access/decision.js'
import type { PolicyStore } from '../../model/policy.js'
import { decisionTable, tableIndex, type DecisionTable } from '../../verify/decision-table.js'
import { UsageError } from '../../errors/usage-error.js'
import { AzmanSymmetry } from './azman-symmetry.js'
import { actionKey, representatives, TokenClasses, type Symmetry } from './symmetry.js'
import { operationActionId } from '../model/build-model.js'
import type { MigrationEngine } from './engine.js'
import { pushTo } from './push-to.js'

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
  /** Decisions asked of each side: one for each class of cases that both treat alike (at most `cases`). */
  readonly asked: number
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
  const ops = tableOperations(index, table)
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

/** The table's operations: each OperationID with its index in the operation table, its name and its action id. */
function tableOperations(index: AccessIndex, table: DecisionTable): TableOp[] {
  return table.operations.map((id) => {
    const at = index.operation(id)
    const name = index.context.operations.operations[at]?.name ?? String(id)
    return { id, at, name, action: operationActionId(name) }
  })
}

/** The most decisions a comparison asks each side (after cases alike are merged); `--app` narrows a larger store. */
export const MAX_ASKED = 5_000_000
/** The most token x place pairs a comparison sorts into classes. */
export const MAX_KEYED = 50_000_000

/** Options of a comparison. */
export interface CompareOptions {
  /** More tokens to ask about. */
  readonly extraTokens?: readonly (readonly string[])[]
  /** The most cases of the decision table (default: no limit; the REST route sets one). */
  readonly maxCases?: number
  /** Called after each place with the places done and their number. */
  readonly progress?: (done: number, total: number) => void
}

/** One place's cases to ask: each representative token and operation, and how many cases each stands for. */
interface PlacePlan {
  readonly scope: string | null
  readonly where: ContainerIndex
  readonly tokens: readonly [Token, number][]
  readonly ops: readonly [TableOp, number][]
}

type TableOp = TableCase['op']

/**
 * Asks `engine` every case of the store's decision table ({@link forEachTableCase}), and compares
 * with azman's decision. A conditional case the engine denies is narrower by design; one it allows
 * is a disagreement (the export would widen access).
 *
 * Cases that azman and the engine's files both treat alike (docs/migrate.md#speed: SIDs and
 * operations that can be swapped without changing the store or the files) are asked once, and
 * counted as many times as there are of them; a place whose files the engine cannot read that way
 * is asked case by case.
 *
 * @throws UsageError when the table or the decisions to ask are over the limits
 */
export function compareWithEngine(
  policy: PolicyStore,
  store: { readonly reference: string; readonly version: string },
  app: string,
  engine: MigrationEngine,
  options: CompareOptions = {},
): Comparison {
  const { table } = decisionTable(policy, store, app, options.extraTokens ?? [], options.maxCases ?? Number.POSITIVE_INFINITY)
  const index = tableIndex(policy, table)
  const plans = planPlaces(index, table, engine)
  let agreed = 0
  let narrower = 0
  let disagreements = 0
  const shown: Disagreement[] = []
  plans.forEach((plan, done) => {
    for (const [token, tokenCount] of plan.tokens)
      for (const [op, opCount] of plan.ops) {
        const weight = tokenCount * opCount
        const azman = decisionOf(index.decideTri(token, plan.where, op.at))
        const allow = engine.decide(token.sids, plan.scope, op.action)
        if (azman === 'conditional' && !allow) narrower += weight
        else if (allow === (azman === 'granted')) agreed += weight
        else {
          disagreements += weight
          if (shown.length < MAX_SHOWN)
            shown.push({
              sids: token.sids,
              scope: plan.scope,
              operation: op.id,
              operationName: op.name,
              azman,
              engine: allow ? 'allow' : 'deny',
              because: explainAccess(index, token, plan.where, op.at).because,
            })
        }
      }
    options.progress?.(done + 1, plans.length)
  })
  const cases = table.tokens.length * table.scopes.length * table.operations.length
  const asked = plans.reduce((n, p) => n + p.tokens.length * p.ops.length, 0)
  return { engine: engine.name, cases, asked, agreed, narrower, disagreements, shown }
}

/** Each place's representatives, under the symmetry azman and the engine's files share there. */
function planPlaces(index: AccessIndex, table: DecisionTable, engine: MigrationEngine): PlacePlan[] {
  if (table.tokens.length * table.scopes.length > MAX_KEYED)
    throw new UsageError(`${table.tokens.length} tokens x ${table.scopes.length} places, more than ${MAX_KEYED}: name a smaller application with --app`)
  const azman = new AzmanSymmetry(index)
  const tokens = new TableTokens(table.tokens)
  const ops = tableOperations(index, table)
  let asked = 0
  return table.scopes.map((scopeName) => {
    const scope = scopeName === '' ? null : scopeName
    const where = index.where(scopeName)
    const theirs = engine.symmetry?.(scope)
    const sides = theirs === undefined ? undefined : [azman.at(where.container), theirs]
    const plan: PlacePlan =
      sides === undefined
        ? { scope, where, tokens: tokens.all.map((t) => [t, 1]), ops: ops.map((o) => [o, 1]) }
        : { scope, where, tokens: tokens.representatives(sides), ops: representatives(ops, (o) => actionKey(sides, o.action)) }
    asked += plan.tokens.length * plan.ops.length
    if (asked > MAX_ASKED)
      throw new UsageError(
        `more than ${MAX_ASKED} decisions to ask each engine (${table.tokens.length} tokens x ${table.scopes.length} places x ${ops.length} operations): name a smaller application with --app`,
      )
    return plan
  })
}

/**
 * The table's tokens, with where each SID occurs, so that a place sorts into classes only the
 * tokens holding a SID it names: every other token holds only SIDs of the place's unnamed class,
 * and is decided as any other such token of its length.
 */
class TableTokens {
  readonly all: readonly Token[]
  private readonly holding = new Map<string, number[]>()
  private readonly byLength = new Map<number, number[]>()
  private readonly seen: Int32Array
  private stamp = 0

  constructor(sids: readonly (readonly string[])[]) {
    this.all = sids.map((t) => makeToken(t))
    this.seen = new Int32Array(this.all.length)
    this.all.forEach((token, i) => {
      for (const sid of token.sids) pushTo(this.holding, sid, i)
      pushTo(this.byLength, token.sids.length, i)
    })
  }

  /** Representatives of the tokens under `sides`, each with how many tokens it stands for. */
  representatives(sides: readonly Symmetry[]): [Token, number][] {
    const stamp = ++this.stamp
    const touched: number[] = []
    for (const side of sides)
      for (const sid of side.sids.keys())
        for (const i of this.holding.get(sid) ?? []) {
          if (this.seen[i] === stamp) continue
          this.seen[i] = stamp
          touched.push(i)
        }
    touched.sort((a, b) => a - b)
    const classes = new TokenClasses(sides)
    const out = representatives(
      touched.map((i) => this.all[i] as Token),
      (t) => classes.key(t.sids),
    )
    for (const same of this.byLength.values()) {
      const untouched = same.filter((i) => this.seen[i] !== stamp)
      const first = untouched[0]
      if (first !== undefined) out.push([this.all[first] as Token, untouched.length])
    }
    return out
  }
}
