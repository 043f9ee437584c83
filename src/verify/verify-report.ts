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
          r: Type.Optional(
            Type.Array(Type.Union([Type.Integer(), Type.Null()]), {
              description: "AccessCheck's answer per operation, in the table's order; null where asking that operation alone failed too (error says why)",
            }),
          ),
          error: Type.Optional(Type.String({ maxLength: 4096, description: 'Why the token or scope could not be asked (no r), or why some operations could not (r holds null there)' })),
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
  /** What the script could not ask (a token or scope; an operation when `operation` is there), with the error; cases azman calls conditional are not listed. */
  readonly errors: readonly { readonly sids: readonly string[]; readonly scope: string | null; readonly operation?: number; readonly error: string }[]
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
  const seen = new Set<string>()
  for (const [i, r] of results.results.entries()) {
    if (r.t >= table.tokens.length || r.s >= table.scopes.length)
      throw new VerifyResultsError(`${source}: $.results[${i}] names token ${r.t} and scope ${r.s}; the table has ${table.tokens.length} tokens and ${table.scopes.length} scopes`)
    if (seen.has(`${r.t},${r.s}`)) throw new VerifyResultsError(`${source}: $.results[${i}] answers token ${r.t} in scope ${r.s} again; the verify script answers each once`)
    seen.add(`${r.t},${r.s}`)
    if (r.r !== undefined && r.r.length !== table.operations.length)
      throw new VerifyResultsError(`${source}: $.results[${i}].r has ${r.r.length} answers; the table has ${table.operations.length} operations`)
    if (r.r === undefined && r.error === undefined) throw new VerifyResultsError(`${source}: $.results[${i}] has neither r nor error`)
    if (r.r !== undefined && r.error !== undefined && !r.r.includes(null))
      throw new VerifyResultsError(`${source}: $.results[${i}] has both r and error, but no operation without an answer; the verify script writes error beside r only then`)
    if (r.r?.includes(null) === true && r.error === undefined) throw new VerifyResultsError(`${source}: $.results[${i}].r has an operation without an answer, but no error saying why`)
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
  const mismatches: Mismatch[] = []
  const errors: { sids: readonly string[]; scope: string | null; operation?: number; error: string }[] = []
  let mismatchCount = 0
  let agreed = 0
  let conditional = 0
  for (const r of results.results) {
    const sids = table.tokens[r.t] ?? []
    const scopeName = table.scopes[r.s] ?? ''
    const scope = scopeName === '' ? null : scopeName
    const token = makeToken(sids)
    const where = index.where(scopeName)
    const answers = r.r
    /** A row without answers is an error when azman decides at least one of its cases. */
    let decidedUnanswered = false
    for (const [k, op] of ops.entries()) {
      const decision = decisionOf(index.decideTri(token, where, op))
      if (decision === 'conditional') {
        conditional++
        continue
      }
      const answer = answers?.[k]
      if (answer === undefined || answer === null) {
        // AzMan could not answer: an error on a case azman decides (a case it calls conditional was counted above).
        if (answers !== undefined) errors.push({ sids, scope, operation: table.operations[k] ?? -1, error: r.error ?? 'no answer' })
        else decidedUnanswered = true
        continue
      }
      const allowed = answer === ALLOWED
      if (allowed === (decision === 'granted')) agreed++
      else {
        mismatchCount++
        // Proofs only for the mismatches shown: the others are counted.
        if (mismatches.length < MAX_SHOWN)
          mismatches.push({
            sids,
            scope,
            operation: table.operations[k] ?? -1,
            azman: allowed ? 'allowed' : 'denied',
            azmanEmulator: decision,
            because: explainAccess(index, token, where, op).because,
          })
      }
    }
    if (decidedUnanswered) errors.push({ sids, scope, error: r.error ?? 'no answer' })
  }
  const cases = table.tokens.length * table.scopes.length * table.operations.length
  const missing = (table.tokens.length * table.scopes.length - results.results.length) * table.operations.length
  return { store: store.reference, app: table.app, table: sha256, cases, agreed, conditional, errors, missing, mismatchCount, mismatches }
}
