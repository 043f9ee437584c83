import { Type, type Static } from '@sinclair/typebox'
import { explainAccess } from '../access/explain/explain-access.js'
import type { Because } from '../access/explain/proof.js'
import { decisionOf, type Decision } from '../access/decision.js'
import { makeToken } from '../access/token.js'
import { VerifyResultsError } from '../errors/input-errors.js'
import { schemaProblem } from '../json/schema-check.js'
import type { PolicyStore } from '../model/policy.js'
import { decisionTable, tableIndex, type DecisionTable } from './decision-table.js'
import { RESULTS_FORMAT } from './verify-script.js'

/** AccessCheck's answer for an allowed operation; any other is a refusal (ERROR_ACCESS_DENIED is 5). */
const ALLOWED = 0
/** Mismatches shown with their proof; the count says how many there are. */
export const MAX_SHOWN = 1000

/** What the verify script writes (docs/verify-script.md). */
export const VerifyResultsSchema = Type.Object(
  {
    format: Type.Literal(RESULTS_FORMAT),
    table: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The SHA-256 of the table the script asked' }),
    store: Type.Optional(Type.String({ maxLength: 4096 })),
    results: Type.Array(
      Type.Object(
        {
          t: Type.Integer({ minimum: 0, description: 'The token, by its index in the table' }),
          s: Type.Integer({ minimum: 0, description: 'The scope, by its index in the table' }),
          r: Type.Optional(Type.Array(Type.Integer(), { description: "AccessCheck's answer per operation, in the table's order" })),
          error: Type.Optional(Type.String({ maxLength: 4096 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1_000_000 },
    ),
  },
  { additionalProperties: false },
)
export type VerifyResults = Static<typeof VerifyResultsSchema>

/** One case where AzMan and azman disagree, with azman's proof. */
export interface Mismatch {
  readonly sids: readonly string[]
  readonly scope: string | null
  readonly operation: number
  /** What the AzMan runtime answered. */
  readonly azman: 'allowed' | 'denied'
  readonly azmanEmulator: Decision
  readonly because: readonly Because[]
}

/** The comparison of a results file with azman's decisions. */
export interface VerifyReport {
  readonly store: string
  readonly app: string
  readonly table: string
  readonly cases: number
  readonly agreed: number
  /** Cases azman decides only through a BizRule, an LDAP-query group or an undecidable exclusion: not compared. */
  readonly conditional: number
  /** Cases the script could not ask (an error per token or scope), with the error. */
  readonly errors: readonly { readonly sids: readonly string[]; readonly scope: string | null; readonly error: string }[]
  /** Cases the results do not hold (a token and scope with no entry). */
  readonly missing: number
  readonly mismatchCount: number
  /** The first {@link MAX_SHOWN} mismatches, each with azman's proof. */
  readonly mismatches: readonly Mismatch[]
}

/** The results, parsed and checked: JSON, the documented shape, indexes inside the table. */
export function readResults(text: string, source: string, table: DecisionTable): VerifyResults {
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new VerifyResultsError(`${source}: is not JSON (${(e as Error).message}); give the file the verify script wrote`)
  }
  const problem = schemaProblem(VerifyResultsSchema, value, '$', 'is not a field of a verify results file')
  if (problem !== undefined) throw new VerifyResultsError(`${source}: ${problem.path} ${problem.message}`)
  const results = value as VerifyResults
  for (const [i, r] of results.results.entries()) {
    if (r.t >= table.tokens.length || r.s >= table.scopes.length)
      throw new VerifyResultsError(`${source}: $.results[${i}] names token ${r.t} and scope ${r.s}; the table has ${table.tokens.length} tokens and ${table.scopes.length} scopes`)
    if (r.r !== undefined && r.r.length !== table.operations.length)
      throw new VerifyResultsError(`${source}: $.results[${i}].r has ${r.r.length} answers; the table has ${table.operations.length} operations`)
  }
  return results
}

/**
 * `azman verify-report`: what the AzMan runtime answered (the verify script's results) against what
 * azman decides for the same cases. Results of another table (another store version, application
 * or azman) are refused: the comparison would say nothing.
 */
export function verifyReport(
  policy: PolicyStore,
  store: { readonly reference: string; readonly version: string },
  text: string,
  source: string,
  app?: string,
  extra: readonly (readonly string[])[] = [],
): VerifyReport {
  const { table, sha256 } = decisionTable(policy, store, app, extra)
  const results = readResults(text, source, table)
  if (results.table !== sha256)
    throw new VerifyResultsError(
      `${source}: the results are of table ${results.table}, not of this store's (${sha256}): the store, its version or azman changed since the script was written; write the script again`,
    )
  const index = tableIndex(policy, table)
  const ops = table.operations.map((id) => index.operation(id))
  const seen = new Set<string>()
  const mismatches: Mismatch[] = []
  const errors: { sids: readonly string[]; scope: string | null; error: string }[] = []
  let agreed = 0
  let conditional = 0
  for (const r of results.results) {
    const sids = table.tokens[r.t] ?? []
    const scopeName = table.scopes[r.s] ?? ''
    const scope = scopeName === '' ? null : scopeName
    if (seen.has(`${r.t},${r.s}`)) continue
    seen.add(`${r.t},${r.s}`)
    if (r.r === undefined) {
      errors.push({ sids, scope, error: r.error ?? 'no answer' })
      continue
    }
    const token = makeToken(sids)
    const where = index.where(scopeName)
    for (const [k, op] of ops.entries()) {
      const decision = decisionOf(index.decideTri(token, where, op))
      if (decision === 'conditional') {
        conditional++
        continue
      }
      const allowed = r.r[k] === ALLOWED
      if (allowed === (decision === 'granted')) agreed++
      else
        mismatches.push({ sids, scope, operation: table.operations[k] ?? -1, azman: allowed ? 'allowed' : 'denied', azmanEmulator: decision, because: explainAccess(index, token, where, op).because })
    }
  }
  const cases = table.tokens.length * table.scopes.length * table.operations.length
  const missing = (table.tokens.length * table.scopes.length - seen.size) * table.operations.length
  return { store: store.reference, app: table.app, table: sha256, cases, agreed, conditional, errors, missing, mismatchCount: mismatches.length, mismatches: mismatches.slice(0, MAX_SHOWN) }
}
