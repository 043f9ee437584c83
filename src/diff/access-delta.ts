import { AccessIndex } from '../access/index/access-index.js'
import type { ContainerIndex } from '../access/index/container-index.js'
import { decisionOf, type Decision } from '../access/decision.js'
import type { OperationRef } from '../access/operations/operation-table.js'
import { makeToken, type Token } from '../access/token.js'
import { NO, type Tri } from '../access/tri.js'
import { operationNumber, type Application, type PolicyStore, type Scope } from '../model/policy.js'
import { wellKnownSidName } from '../model/sid.js'
import { pairObjects } from './match-objects.js'

/** Who an access change is about. `sid: null`: any other principal, one the store names neither at application level nor in that scope (run-time groups decide). */
export interface DeltaPrincipal {
  readonly sid: string | null
  readonly name: string | null
}

/** One principal's access to one operation in one scope, before and after. */
export interface AccessChange {
  readonly application: string
  /** null: the application level (and, through it, every scope). */
  readonly scope: string | null
  readonly principal: DeltaPrincipal
  readonly operation: OperationRef
  readonly before: Decision
  readonly after: Decision
  /** gained: the decision got wider (denied < conditional < granted); lost: narrower. */
  readonly change: 'gained' | 'lost'
}

interface Side {
  readonly index: AccessIndex
  readonly where: ContainerIndex
}

const OTHERS: DeltaPrincipal = { sid: null, name: 'any other principal' }

/** Operations are the same when their OperationID is (applications check by ID, accesscheck.md §1.4); without a numeric ID, by name. */
function opKey(index: AccessIndex, op: number): string {
  const o = index.context.operations.operation(op)
  const id = operationNumber(o)
  return id === undefined ? `name:${o.name.toLowerCase()}` : `id:${id}`
}

/**
 * The effective-access delta between two stores: for every application and
 * every scope (paired by GUID, then by name), every principal named as a
 * member at application level or in that scope in either store (each SID as a
 * token of its own, plus "any other principal": a token holding none of them,
 * which only run-time groups can admit), and every operation (by
 * OperationID), the decisions that differ. A scope or application present on
 * one side only compares against "nothing granted".
 */
export function accessDelta(before: PolicyStore, after: PolicyStore): AccessChange[] {
  const out: AccessChange[] = []
  const apps = pairObjects(before.applications, after.applications)
  const index = (store: PolicyStore, app: Application): AccessIndex => AccessIndex.build(store, app)
  for (const { before: a, after: b } of apps.pairs) compareApplication(out, index(before, a), index(after, b))
  for (const a of apps.removed) compareApplication(out, index(before, a), undefined)
  for (const b of apps.added) compareApplication(out, undefined, index(after, b))
  return out
}

function compareApplication(out: AccessChange[], a: AccessIndex | undefined, b: AccessIndex | undefined): void {
  const scopeOf = (index: AccessIndex | undefined, scope: Scope): Side | undefined => (index === undefined ? undefined : { index, where: index.where(scope.name) })
  const level = (index: AccessIndex | undefined): Side | undefined => (index === undefined ? undefined : { index, where: index.appLevel })
  const appLevel = new Map<string, string>()
  compareContainer(out, level(a), level(b), level(b) ?? level(a), appLevel)
  const scopes = pairObjects(a?.application.scopes ?? [], b?.application.scopes ?? [])
  // A scope missing on one side compares against that side's application level: Hyper-V moves a VM whose
  // scope is not in the store to the default scope (hyperv.md §6).
  for (const p of scopes.pairs) compareContainer(out, scopeOf(a, p.before), scopeOf(b, p.after), scopeOf(b, p.after), appLevel)
  for (const s of scopes.removed) compareContainer(out, scopeOf(a, s), level(b), scopeOf(a, s), appLevel)
  for (const s of scopes.added) compareContainer(out, level(a), scopeOf(b, s), scopeOf(b, s), appLevel)
}

/**
 * Compares one container. `appLevel` holds the application level's changes
 * (principal, operation -> "before>after"); a scope's change equal to one of
 * them is not repeated: the application-level entry already says it holds in
 * every scope.
 */
function compareContainer(out: AccessChange[], a: Side | undefined, b: Side | undefined, shown: Side | undefined, appLevel: Map<string, string>): void {
  if (shown === undefined) return
  const isAppLevel = shown.where === shown.index.appLevel
  // In a scope, a SID named only at application level gets what it gets there, unless a run-time group
  // of the scope could admit it: its change, if any, is the application level's, already listed.
  const principals = new Map<string, DeltaPrincipal>()
  const sides = [a, b].filter((x): x is Side => x !== undefined)
  const runTime = sides.some((side) => side.where.hasRunTimeMembers)
  for (const side of sides) {
    const containers = isAppLevel || runTime ? [side.index.appLevel, side.where] : [side.where]
    for (const c of containers) {
      for (const sid of c.memberSids()) if (!principals.has(sid)) principals.set(sid, { sid, name: wellKnownSidName(sid) ?? null })
    }
  }
  const ops = new Map<string, { a?: number; b?: number }>()
  const addOps = (side: Side | undefined, key: 'a' | 'b'): void => {
    if (side === undefined) return
    for (let op = 0; op < side.index.context.operations.size; op++) {
      const k = opKey(side.index, op)
      const entry = ops.get(k) ?? {}
      if (entry[key] === undefined) entry[key] = op
      ops.set(k, entry)
    }
  }
  addOps(a, 'a')
  addOps(b, 'b')
  const decide = (side: Side | undefined, op: number | undefined, token: Token): Tri => (side === undefined || op === undefined ? NO : side.index.decideTri(token, side.where, op))
  const application = shown.index.application.name
  const scope = shown.where.scopeName ?? null
  for (const principal of [...principals.values(), OTHERS]) {
    const token = makeToken(principal.sid === null ? [] : [principal.sid])
    for (const { a: opA, b: opB } of ops.values()) {
      const x = decide(a, opA, token)
      const y = decide(b, opB, token)
      if (x === y) continue
      const key = `${principal.sid ?? ''}\u0000${opA ?? ''}:${opB ?? ''}`
      if (isAppLevel) appLevel.set(key, `${x}>${y}`)
      else if (appLevel.get(key) === `${x}>${y}`) continue
      const operation = opB !== undefined && b !== undefined ? b.index.context.operations.ref(opB) : (a as Side).index.context.operations.ref(opA as number)
      out.push({ application, scope, principal, operation, before: decisionOf(x), after: decisionOf(y), change: y > x ? 'gained' : 'lost' })
    }
  }
}
