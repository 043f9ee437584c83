import { AccessIndex } from '../access/index/access-index.js'
import { decisionOf, type Decision } from '../access/decision.js'
import type { OperationRef } from '../access/operations/operation-table.js'
import { makeToken, type Token } from '../access/token.js'
import { NO, type Tri } from '../access/tri.js'
import { operationNumber, type Application, type PolicyStore, type Scope } from '../model/policy.js'
import { wellKnownSidName } from '../model/sid.js'
import { finish, type Steps } from '../model/steps.js'
import { differingSids, sideTerms, TermCanon, type ContainerTerms, type OpTerms, type Side } from './decision-terms.js'
import { memoBySids, severalSids } from './several-sids.js'
import { pairObjects } from './match-objects.js'

/**
 * Who an access change is about: a token of one SID (`sid`), of that SID and
 * the SIDs of `alsoHolds` (a principal the store names in several places,
 * such as a member who is also a non-member), or of none (`sid: null`, "any
 * other principal", one the store names neither at application level nor in
 * that scope: only run-time groups can admit it).
 */
export interface DeltaPrincipal {
  readonly sid: string | null
  readonly name: string | null
  /** Other SIDs of the same token; empty for a token of one SID. */
  readonly alsoHolds: readonly string[]
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

/**
 * Access that may change for tokens holding several of `sids` together,
 * beyond the changes listed: the terms that decide the operation differ and
 * involve non-member exclusions, and the SIDs involved are too many for every
 * combination to be evaluated. It says where to look rather than leave a
 * change out.
 */
export interface CombinedChange {
  readonly application: string
  /** null: the application level (and, through it, every scope). */
  readonly scope: string | null
  readonly operation: OperationRef
  /** The SIDs involved: members whose terms differ first, then the SIDs that can exclude them (and theirs), each part sorted. */
  readonly sids: readonly string[]
}

/** The effective-access delta: per-token changes, and where tokens of several SIDs may change. */
export interface AccessDelta {
  readonly changes: AccessChange[]
  readonly combined: CombinedChange[]
}

const OTHERS: DeltaPrincipal = { sid: null, name: 'any other principal', alsoHolds: [] }

/** Operations are the same when their OperationID is (applications check by ID, docs/access-evaluation.md#1-principles); without a numeric ID, by name. */
function opKey(index: AccessIndex, op: number): string {
  const o = index.context.operations.operation(op)
  const id = operationNumber(o)
  return id === undefined ? `name:${o.name.toLowerCase()}` : `id:${id}`
}

/**
 * The effective-access delta between two stores, as {@link AccessChange}s
 * (see {@link compareAccess} for what is compared).
 */
export function accessDelta(before: PolicyStore, after: PolicyStore): AccessChange[] {
  return compareAccess(before, after).changes
}

/**
 * The effective-access delta between two stores: for every application and
 * every scope (paired by GUID, then by name), every principal named as a
 * member at application level or in that scope in either store (each SID as a
 * token of its own, plus "any other principal": a token holding none of them,
 * which only run-time groups can admit), and every operation (by
 * OperationID), the decisions that differ.
 *
 * Non-membership makes a decision depend on SIDs held together: a member
 * who also holds a non-member SID is excluded, while each SID alone is not.
 * Where no exclusion is involved, tokens of one SID decide every token (a
 * token gets the best of its SIDs), so nothing is left out. Where the terms
 * that decide an operation differ and involve exclusions, the delta also
 * evaluates tokens of several SIDs (several-sids.ts): every combination of
 * the SIDs that matter when they are few (reported with `alsoHolds`; then
 * the delta is exact), otherwise each differing member with each SID that can
 * exclude it, and the operation is listed in `combined` with the SIDs
 * involved.
 *
 * A scope or application present on one side only compares against
 * "nothing granted".
 */
export function compareAccess(before: PolicyStore, after: PolicyStore): AccessDelta {
  return finish(compareAccessSteps(before, after))
}

/**
 * {@link compareAccess} in steps: it yields after each application's access
 * index is built and after each container (the application level, each
 * scope) is compared, so a server can run it with `finishCooperatively` and
 * keep answering meanwhile (a store of 1,000 scopes takes hundreds of
 * milliseconds). Run through, it gives what `compareAccess` gives.
 */
export function* compareAccessSteps(before: PolicyStore, after: PolicyStore): Steps<AccessDelta> {
  const out: AccessDelta = { changes: [], combined: [] }
  const canon = new TermCanon()
  const apps = pairObjects(before.applications, after.applications)
  function* index(store: PolicyStore, app: Application): Steps<AccessIndex> {
    const built = AccessIndex.build(store, app)
    yield
    return built
  }
  for (const { before: a, after: b } of apps.pairs) yield* compareApplication(out, canon, yield* index(before, a), yield* index(after, b))
  for (const a of apps.removed) yield* compareApplication(out, canon, yield* index(before, a), undefined)
  for (const b of apps.added) yield* compareApplication(out, canon, undefined, yield* index(after, b))
  return out
}

/** What the application level reported, so that a scope does not repeat it: change key -> "before>after". */
interface AppLevelSeen {
  readonly changes: Map<string, string>
  /** operation key -> the SIDs of its combined entry. */
  readonly combined: Map<string, string>
}

function* compareApplication(out: AccessDelta, canon: TermCanon, a: AccessIndex | undefined, b: AccessIndex | undefined): Steps<void> {
  const scopeOf = (index: AccessIndex | undefined, scope: Scope): Side | undefined => (index === undefined ? undefined : { index, where: index.where(scope.name) })
  const level = (index: AccessIndex | undefined): Side | undefined => (index === undefined ? undefined : { index, where: index.appLevel })
  const appLevel: AppLevelSeen = { changes: new Map(), combined: new Map() }
  const compare = (x: Side | undefined, y: Side | undefined, shown: Side | undefined): void => compareContainer(out, canon, x, y, shown, appLevel)
  compare(level(a), level(b), level(b) ?? level(a))
  yield
  const scopes = pairObjects(a?.application.scopes ?? [], b?.application.scopes ?? [])
  // A scope missing on one side compares against that side's application level: Hyper-V moves a VM whose
  // scope is not in the store to the default scope (docs/store-format.md#113-scopes-and-the-default-scope).
  for (const p of scopes.pairs) {
    compare(scopeOf(a, p.before), scopeOf(b, p.after), scopeOf(b, p.after))
    yield
  }
  for (const s of scopes.removed) {
    compare(scopeOf(a, s), level(b), scopeOf(a, s))
    yield
  }
  for (const s of scopes.added) {
    compare(level(a), scopeOf(b, s), scopeOf(b, s))
    yield
  }
}

function principal(sid: string, alsoHolds: readonly string[] = []): DeltaPrincipal {
  return { sid, name: wellKnownSidName(sid) ?? null, alsoHolds }
}

/**
 * Compares one container. A scope's change equal to one the application level
 * reported (`appLevel`) is not repeated: the application-level entry already
 * says it holds in every scope.
 */
function compareContainer(out: AccessDelta, canon: TermCanon, a: Side | undefined, b: Side | undefined, shown: Side | undefined, appLevel: AppLevelSeen): void {
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
      for (const sid of c.memberSids()) if (!principals.has(sid)) principals.set(sid, principal(sid))
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
  const operationOf = (opA: number | undefined, opB: number | undefined): OperationRef =>
    opB !== undefined && b !== undefined ? b.index.context.operations.ref(opB) : (a as Side).index.context.operations.ref(opA as number)
  /** Reports the change of one token, unless the application level reported it already. */
  const report = (who: DeltaPrincipal, opA: number | undefined, opB: number | undefined, x: Tri, y: Tri): void => {
    const key = `${[who.sid ?? '', ...who.alsoHolds].join(',')}\u0000${opA ?? ''}:${opB ?? ''}`
    if (isAppLevel) appLevel.changes.set(key, `${x}>${y}`)
    else if (appLevel.changes.get(key) === `${x}>${y}`) return
    out.changes.push({ application, scope, principal: who, operation: operationOf(opA, opB), before: decisionOf(x), after: decisionOf(y), change: y > x ? 'gained' : 'lost' })
  }
  const tokenOf = memoBySids((sids): Token => makeToken(sids))
  for (const who of [...principals.values(), OTHERS]) {
    const token = tokenOf(who.sid === null ? [] : [who.sid])
    for (const { a: opA, b: opB } of ops.values()) {
      const x = decide(a, opA, token)
      const y = decide(b, opB, token)
      if (x !== y) report(who, opA, opB, x, y)
    }
  }

  // Tokens of several SIDs: only where a non-member exclusion is involved.
  const containers = sides.flatMap((side) => (side.where === side.index.appLevel ? [side.where] : [side.index.appLevel, side.where]))
  if (!containers.some((c) => canon.container(c).excluding)) return
  const ownOf = (side: Side | undefined): ContainerTerms | undefined => (side === undefined || side.where === side.index.appLevel ? undefined : canon.container(side.where))
  const ownA = ownOf(a)
  const ownB = ownOf(b)
  // A scope whose own role assignments decide every operation alike on both sides: a token's decision there is
  // the best of the application level's and the same own one, so it changes only where the application
  // level's does, which the application level reports (for every scope).
  const signature = (side: Side | undefined, terms: ContainerTerms | undefined): string => (side === undefined || terms === undefined ? '' : terms.signature((op) => opKey(side.index, op)))
  if (!isAppLevel && signature(a, ownA) === signature(b, ownB)) return
  const none: OpTerms = new Map()
  const singles = new Set(principals.keys())
  for (const [opText, { a: opA, b: opB }] of ops) {
    // Likewise for one operation.
    if (!isAppLevel) {
      const own = (terms: ContainerTerms | undefined, op: number | undefined): OpTerms => (terms === undefined || op === undefined ? none : terms.at(op))
      if (differingSids(own(ownA, opA), own(ownB, opB)).size === 0) continue
    }
    const termsA = a === undefined || opA === undefined ? none : sideTerms(a, canon, opA)
    const termsB = b === undefined || opB === undefined ? none : sideTerms(b, canon, opB)
    const found = severalSids(termsA, termsB, singles, (sids) => {
      const token = tokenOf(sids)
      return [decide(a, opA, token), decide(b, opB, token)]
    })
    if (found === undefined) continue
    for (const c of found.changes) report(principal(c.sids[0] as string, c.sids.slice(1)), opA, opB, c.before, c.after)
    if (found.unsure === undefined) continue
    const text = found.unsure.join(',')
    if (isAppLevel) appLevel.combined.set(opText, text)
    else if (appLevel.combined.get(opText) === text) continue
    out.combined.push({ application, scope, operation: operationOf(opA, opB), sids: found.unsure })
  }
}
