import { createHash } from 'node:crypto'
import { AccessIndex } from '../../access/index/access-index.js'
import { whatCan } from '../../access/queries/what-can.js'
import { makeToken } from '../../access/token.js'
import type { OperationRef } from '../../access/operations/operation-table.js'
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
 * The keys of what a token of `sids` gets: the application level's
 * operations, then per scope only what the scope adds (a scope's list repeats
 * what the application level grants there), so that hosts compare by what
 * the principal holds, not by which scopes their stores have.
 */
function holdingKeys(index: AccessIndex, sids: readonly string[]): string[] {
  const keys: string[] = []
  const atAppLevel = new Map<string, string>()
  for (const access of whatCan(index, makeToken(sids), { explain: false })) {
    const scope = access.scope ?? ''
    const add = (op: OperationRef, certainty: 'g' | 'c'): void => {
      const id = `${op.id ?? ''}${SEP}${op.name}`
      if (scope === '') atAppLevel.set(id, certainty)
      else if (atAppLevel.get(id) === 'g' || atAppLevel.get(id) === certainty) return
      keys.push([scope, id, certainty].join(SEP))
    }
    for (const a of access.granted) add(a.operation, 'g')
    for (const a of access.conditional) add(a.operation, 'c')
  }
  return keys
}

/**
 * What every principal the store names in `app` holds there, as the
 * what-can machinery decides it for a token of that SID alone (docs/access-evaluation.md#63-what-can):
 * per scope by name (so stores of different hosts compare), every operation by
 * OperationID. Undefined when the store has no such application.
 */
export function principalHoldings(policy: PolicyStore, app: string): Map<string, Holding> | undefined {
  const wanted = app.toLowerCase()
  const application = policy.applications.find((a) => a.name.toLowerCase() === wanted)
  if (application === undefined) return undefined
  const index = AccessIndex.build(policy, application)
  const sids = new Set<string>()
  for (const where of index.containers()) for (const sid of where.memberSids()) sids.add(sid)
  // What a token of no named SID gets (run-time groups admit anyone, conditionally) is everyone's: it is not kept.
  const anyone = new Set(holdingKeys(index, []))
  const out = new Map<string, Holding>()
  for (const sid of sids) {
    const keys = holdingKeys(index, [sid]).filter((k) => !anyone.has(k))
    out.set(sid, holding(keys))
  }
  return out
}

/** One key as words: `Start Virtual Machine (315) in "Lab VMs"`, `... at application level (conditional)`. */
export function keyText(key: string): string {
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
