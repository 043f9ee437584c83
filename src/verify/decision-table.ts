import { createHash } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import { AccessIndex } from '../access/index.js'
import { UsageError } from '../errors/usage-error.js'
import { NotFoundError } from '../errors/lookup-error.js'
import { operationNumber, type Application, type ApplicationGroup, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { canonicalSid, isValidSid } from '../model/sid.js'

/** The format of a decision table, as the verify script carries it. */
export const TABLE_FORMAT = 'azman-verify-table/1'

/** The most cases (token x scope x operation) one table holds; `--app` narrows a larger store. */
export const MAX_CASES = 500_000
/** The most two-SID tokens of members and the SIDs that exclude them. */
const MAX_PAIRS = 2_000

/**
 * Well-known SIDs every table asks about alone: Everyone, Authenticated Users, NETWORK,
 * INTERACTIVE, ANONYMOUS LOGON, BUILTIN\Administrators, BUILTIN\Users, BUILTIN\Guests,
 * Distributed COM Users, Hyper-V Administrators.
 */
export const WELL_KNOWN = ['S-1-1-0', 'S-1-5-11', 'S-1-5-2', 'S-1-5-4', 'S-1-5-7', 'S-1-5-32-544', 'S-1-5-32-545', 'S-1-5-32-546', 'S-1-5-32-562', 'S-1-5-32-578'] as const

/** What the verify script asks the AzMan runtime: every token in every scope (and the application level, `""`) for every operation. */
export const DecisionTableSchema = Type.Object(
  {
    format: Type.Literal(TABLE_FORMAT),
    store: Type.String({ description: 'The store as azman read it (the script opens this URL unless told another)' }),
    version: Type.String({ description: 'The store version the table was made from' }),
    app: Type.String(),
    operations: Type.Array(Type.Integer({ minimum: -2147483648, maximum: 2147483647 }), { description: 'OperationIDs, in the order of each result row' }),
    scopes: Type.Array(Type.String(), { description: '"" is the application level' }),
    tokens: Type.Array(Type.Array(Type.String(), { minItems: 1 }), { description: 'Each a client context: the first SID, then the others added' }),
  },
  { additionalProperties: false },
)
export type DecisionTable = Static<typeof DecisionTableSchema>

/** `verify-script --tokens FILE`: more tokens to ask about, each a list of SIDs (a user's SID and the groups of their token). */
export const ExtraTokensSchema = Type.Object(
  { tokens: Type.Array(Type.Array(Type.String({ pattern: '^S-1-[0-9]+(-[0-9]+){1,15}$', maxLength: 256 }), { minItems: 1, maxItems: 64 }), { maxItems: 10_000 }) },
  { additionalProperties: false },
)
export type ExtraTokens = Static<typeof ExtraTokensSchema>

/** A table with the SHA-256 that ties results to it. */
export interface HashedTable {
  readonly table: DecisionTable
  readonly sha256: string
}

/** The application a table (or a migration) is of: `name`, else the only one, else "Hyper-V services". */
export function application(policy: PolicyStore, name: string | undefined): Application {
  if (name === undefined) {
    if (policy.applications.length === 1 && policy.applications[0] !== undefined) return policy.applications[0]
    const hyperV = policy.applications.find((a) => a.name === 'Hyper-V services')
    if (hyperV !== undefined) return hyperV
    throw new UsageError(`the store has ${policy.applications.length} applications: name one with --app (${policy.applications.map((a) => quote(a.name)).join(', ')})`)
  }
  const app = policy.applications.find((a) => a.name === name)
  if (app === undefined) throw new NotFoundError(`the store has no application ${quote(name)} (applications: ${policy.applications.map((a) => quote(a.name)).join(', ') || 'none'})`)
  return app
}

/** Every group an application's checks can meet: the store's and the application's and its scopes'. */
function groupsOf(policy: PolicyStore, app: Application): ApplicationGroup[] {
  return [...policy.groups, ...app.groups, ...app.scopes.flatMap((s) => s.groups)]
}

/** A member as AccessCheck compares it (canonical, whatever its spelling: s-1-..., leading zeros), if it is a SID at all. */
function sid(text: string): string | undefined {
  const canonical = canonicalSid(text)
  return isValidSid(canonical) ? canonical : undefined
}

/**
 * The tokens asked about: every SID the application's role assignments and groups name, and the
 * well-known ones, each alone; then, for each group with non-members, each direct member SID
 * together with each non-member SID (where exclusion decides), at most {@link MAX_PAIRS}.
 */
function tokensOf(policy: PolicyStore, app: Application): string[][] {
  const singles = new Set<string>(WELL_KNOWN)
  const groups = groupsOf(policy, app)
  const add = (m: string) => {
    const s = sid(m)
    if (s !== undefined) singles.add(s)
  }
  for (const ra of [...app.roleAssignments, ...app.scopes.flatMap((s) => s.roleAssignments)]) ra.members.forEach(add)
  for (const g of groups) [...g.members, ...g.nonMembers].forEach(add)
  const tokens = [...singles].map((s) => [s])
  const pairs = new Set<string>()
  for (const g of groups) {
    for (const m of g.members)
      for (const n of g.nonMembers) {
        const [ms, ns] = [sid(m), sid(n)]
        if (ms !== undefined && ns !== undefined && pairs.size < MAX_PAIRS) pairs.add(`${ms},${ns}`)
      }
  }
  return [...tokens, ...[...pairs].map((p) => p.split(','))]
}

/** The decision table of a store's application (`--app`; default its only one, else "Hyper-V services"), with `extra` tokens (`--tokens`) after its own. */
export function decisionTable(
  policy: PolicyStore,
  store: { readonly reference: string; readonly version: string },
  appName?: string,
  extra: readonly (readonly string[])[] = [],
  maxCases: number = MAX_CASES,
): HashedTable {
  const app = application(policy, appName)
  // An operation without a usable OperationID (not a decimal 32-bit integer) cannot be asked of AccessCheck.
  const operations = app.operations.map((o) => operationNumber(o)).filter((id): id is number => id !== undefined)
  const scopes = ['', ...app.scopes.map((s) => s.name)]
  const known = tokensOf(policy, app)
  const seen = new Set(known.map((t) => t.join(',')))
  const more = extra.map((t) => [...new Set(t.map((s) => canonicalSid(s)))]).filter((t) => !seen.has(t.join(',')) && seen.add(t.join(',')))
  const tokens = [...known, ...more]
  const cases = tokens.length * scopes.length * operations.length
  if (cases > maxCases)
    throw new UsageError(`${cases} cases (${tokens.length} tokens x ${scopes.length} scopes x ${operations.length} operations), more than ${maxCases}: name a smaller application with --app`)
  const table: DecisionTable = { format: TABLE_FORMAT, store: store.reference, version: store.version, app: app.name, operations, scopes, tokens }
  return { table, sha256: tableSha256(table) }
}

/**
 * The SHA-256 that ties results to a table: of its canonical JSON without `store` (how the store was
 * named: a path as typed, a server's store name), so the same store version read under another name,
 * from another folder or over REST gives the same table. The store's content is in `version`.
 */
export function tableSha256(table: DecisionTable): string {
  const { store: _named, ...decided } = table
  return createHash('sha256').update(JSON.stringify(decided), 'utf8').digest('hex')
}

/** The index azman decides a table's cases with. */
export function tableIndex(policy: PolicyStore, table: DecisionTable): AccessIndex {
  return AccessIndex.build(policy, application(policy, table.app))
}
