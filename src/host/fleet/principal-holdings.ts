import { createHash } from 'node:crypto'
import { AccessIndex } from '../../access/index/access-index.js'
import type { ContainerIndex } from '../../access/index/container-index.js'
import { makeToken } from '../../access/token.js'
import { NO, YES, type Tri } from '../../access/tri.js'
import type { OperationRefOut } from '../../audit/finding.js'
import type { PolicyStore } from '../../model/policy.js'
import { quote } from '../../model/quote.js'

/**
 * What one principal holds in one store: its effective operations per scope
 * (granted or conditional), as sorted keys, and a short hash of them that
 * hosts are compared by.
 */
export interface Holding {
  readonly hash: string
  /** `scope \u0001 operation id \u0001 name \u0001 g|c`, sorted; scope "" is the application level. */
  readonly keys: readonly string[]
}

const SEP = '\u0001'

/** The hash of holding nothing: a principal a host's store does not name holds this there. */
export const NOTHING: Holding = holding([])

function holding(keys: string[]): Holding {
  keys.sort()
  return { hash: keys.length === 0 ? '-' : createHash('sha256').update(keys.join('\n')).digest('base64').slice(0, 16), keys }
}

/**
 * What a token of `sids` gets, as keys: the application level's operations,
 * then in each of `scopes` what the scope adds (the application level's
 * grants apply in every scope: docs/access-evaluation.md#52-role-assignments-that-apply),
 * so that hosts compare by what the principal holds, not by which scopes
 * their stores have. Decided with the index directly (no proofs).
 */
function holdingKeys(index: AccessIndex, sids: readonly string[], scopes: Iterable<ContainerIndex>, opIds: readonly string[]): string[] {
  const token = makeToken(sids)
  const keys: string[] = []
  const atAppLevel: Tri[] = []
  for (let op = 0; op < opIds.length; op++) {
    const tri = index.decideTri(token, index.appLevel, op)
    atAppLevel.push(tri)
    if (tri !== NO) keys.push(`${SEP}${opIds[op] ?? ''}${SEP}${tri === YES ? 'g' : 'c'}`)
  }
  for (const where of scopes) {
    const scope = where.scopeName ?? ''
    for (let op = 0; op < opIds.length; op++) {
      const tri = index.decideTri(token, where, op)
      if (tri !== NO && tri > (atAppLevel[op] ?? NO)) keys.push(`${scope}${SEP}${opIds[op] ?? ''}${SEP}${tri === YES ? 'g' : 'c'}`)
    }
  }
  return keys
}

/**
 * What every principal the store names in `app` holds there, as the
 * what-can machinery decides it for a token of that SID alone
 * (docs/access-evaluation.md#63-what-can), less what a token of no named SID
 * gets (run-time groups admit anyone, conditionally: that is everyone's):
 * per scope by name (so stores of different hosts compare), every operation
 * by OperationID. A principal is decided in the scopes that name it; in the
 * others it gets the application level's and what anyone gets, both already
 * counted. Undefined when the store has no such application.
 */
export function principalHoldings(policy: PolicyStore, app: string): Map<string, Holding> | undefined {
  const wanted = app.toLowerCase()
  const application = policy.applications.find((a) => a.name.toLowerCase() === wanted)
  if (application === undefined) return undefined
  const index = AccessIndex.build(policy, application)
  const operations = index.context.operations
  const opIds = Array.from({ length: operations.size }, (_, op) => {
    const ref = operations.ref(op)
    return `${ref.id ?? ''}${SEP}${ref.name}`
  })
  const scopesOf = new Map<string, ContainerIndex[]>()
  const containers = [...index.containers()]
  for (const where of containers) {
    for (const sid of where.memberSids()) {
      let list = scopesOf.get(sid)
      if (list === undefined) scopesOf.set(sid, (list = []))
      if (where !== index.appLevel) list.push(where)
    }
  }
  const anyone = new Set(holdingKeys(index, [], containers.slice(1), opIds))
  const out = new Map<string, Holding>()
  for (const [sid, scopes] of scopesOf) out.set(sid, holding(holdingKeys(index, [sid], scopes, opIds).filter((k) => !anyone.has(k))))
  return out
}

/** Marks a key of a local group membership (not an operation of the store). */
const LOCAL = '\u0002'

/**
 * The local groups that give a principal host-level rights Hyper-V
 * delegation depends on: Administrators (everything), Hyper-V Administrators
 * (every VM, without AzMan), Distributed COM Users (remote DCOM launch and
 * activation, which Hyper-V Manager needs).
 */
export const RIGHTS_GROUPS: ReadonlyMap<string, string> = new Map([
  ['S-1-5-32-544', 'Administrators'],
  ['S-1-5-32-578', 'Hyper-V Administrators'],
  ['S-1-5-32-562', 'Distributed COM Users'],
])

/**
 * A holding with the {@link RIGHTS_GROUPS} the principal's token reaches on
 * this host added as keys, so that hosts sharing one store still differ where
 * their local groups do.
 */
export function withLocalGroups(h: Holding, token: ReadonlySet<string>): Holding {
  const local = [...RIGHTS_GROUPS.keys()].filter((g) => token.has(g)).map((g) => `${LOCAL}${g}`)
  return local.length === 0 ? h : holding([...h.keys, ...local])
}

/** Whether a key is a local group membership (no operation, no scope). */
export function isLocalKey(key: string): boolean {
  return key.startsWith(LOCAL)
}

/** One key as words: `Start Virtual Machine (315) in "Lab VMs"`, `... at application level (conditional)`, `membership of Distributed COM Users (S-1-5-32-562) on the host`. */
export function keyText(key: string): string {
  if (isLocalKey(key)) {
    const sid = key.slice(LOCAL.length)
    return `membership of ${RIGHTS_GROUPS.get(sid) ?? sid} (${sid}) on the host`
  }
  const [scope = '', id = '', name = '', certainty = 'g'] = key.split(SEP)
  const where = scope === '' ? 'at application level' : `in ${quote(scope)}`
  return `${name}${id === '' ? '' : ` (${id})`} ${where}${certainty === 'c' ? ' (conditional)' : ''}`
}

/** The operation of a key. */
export function keyOperation(key: string): OperationRefOut {
  const [, id = '', name = ''] = key.split(SEP)
  return { id: id === '' ? null : Number(id), name }
}

/** The scope of a key; null at application level. */
export function keyScope(key: string): string | null {
  const scope = key.split(SEP)[0] ?? ''
  return scope === '' ? null : scope
}
