import type { ContainerIndex } from '../access/index/container-index.js'
import type { AccessIndex } from '../access/index/access-index.js'
import type { Exclusion, Membership, Term } from '../access/membership/membership.js'
import { hasOp, opIndices } from '../access/operations/op-set.js'
import { denseId } from '../model/dense-ids.js'

/** One container of one store as the delta sees it: the index and where (application level or a scope). */
export interface Side {
  readonly index: AccessIndex
  readonly where: ContainerIndex
}

/** The key of the SID-less terms (run-time groups, loop links) in {@link OpTerms}. */
export const ANY = '*'

/** What decides one operation for tokens holding one SID (or for every token: {@link ANY}). */
export interface SidTerms {
  /**
   * The sorted keys of the terms of that SID whose role assignment reaches the
   * operation: `!` (reached without a BizRule) or `?` (only through one), then
   * the term's key ({@link TermCanon.term}).
   */
  readonly keys: readonly string[]
  /** The SIDs that can exclude one of these terms ({@link TermCanon.sidsOf}); empty when none has an exclusion that depends on SIDs. */
  readonly excluders: ReadonlySet<string>
}

/** One operation's decision function in one container: SID (or {@link ANY}) -> its terms. Equal maps decide every token alike. */
export type OpTerms = ReadonlyMap<string, SidTerms>

const NO_SIDS: ReadonlySet<string> = new Set()
const NO_TERMS: OpTerms = new Map()

/**
 * Canonical keys of membership terms, shared by the two stores a delta
 * compares, so that equal keys mean equal decisions for every token: a term
 * is its SID, whether it has run-time conditions (which only make it
 * conditional: which group it is does not change a decision), and its
 * exclusions; an exclusion is its non-member SIDs and the memberships of its
 * non-member groups, recursively. Names, GUIDs and the order of lists play no
 * part.
 */
export class TermCanon {
  private readonly ids = new Map<string, number>()
  private readonly exclusionIds = new WeakMap<Exclusion, number>()
  private readonly membershipIds = new WeakMap<Membership, number>()
  private readonly termKeys = new WeakMap<Term, string>()
  private readonly exclusionSids = new WeakMap<Exclusion, ReadonlySet<string>>()
  private readonly containers = new WeakMap<ContainerIndex, ContainerTerms>()

  /** `sid|?|x1,x2`: the SID (or {@link ANY}), `?` when conditions make it conditional, the exclusion keys. */
  term(term: Term): string {
    let key = this.termKeys.get(term)
    if (key === undefined) {
      const exclusions = [...new Set(term.exclusions.map((x) => this.exclusion(x)))].sort((a, b) => a - b)
      key = `${term.sid ?? ANY}|${term.conditions.length > 0 ? '?' : ''}|${exclusions.join(',')}`
      this.termKeys.set(term, key)
    }
    return key
  }

  /**
   * Every SID an exclusion names, directly or in its non-member groups (their
   * member SIDs and, recursively, the SIDs of their own exclusions): the SIDs
   * whose presence in a token can change whether the exclusion applies.
   */
  sidsOf(exclusion: Exclusion): ReadonlySet<string> {
    let sids = this.exclusionSids.get(exclusion)
    if (sids === undefined) {
      const out = new Set(exclusion.sids)
      for (const m of exclusion.groups) {
        for (const term of m.terms()) {
          if (term.sid !== undefined) out.add(term.sid)
          for (const x of term.exclusions) for (const sid of this.sidsOf(x)) out.add(sid)
        }
      }
      sids = out
      this.exclusionSids.set(exclusion, sids)
    }
    return sids
  }

  /** The terms of one container's own role assignments, per operation (made once per container). */
  container(container: ContainerIndex): ContainerTerms {
    let terms = this.containers.get(container)
    if (terms === undefined) {
      terms = new ContainerTerms(container, this)
      this.containers.set(container, terms)
    }
    return terms
  }

  private exclusion(exclusion: Exclusion): number {
    let id = this.exclusionIds.get(exclusion)
    if (id === undefined) {
      const groups = [...new Set(exclusion.groups.map((m) => this.membership(m)))].sort((a, b) => a - b)
      id = this.intern(`x:${[...exclusion.sids].sort().join(',')}:${groups.join(',')}`)
      this.exclusionIds.set(exclusion, id)
    }
    return id
  }

  private membership(membership: Membership): number {
    let id = this.membershipIds.get(membership)
    if (id === undefined) {
      const terms = [...new Set([...membership.terms()].map((t) => this.term(t)))].sort()
      id = this.intern(`m:${terms.join(';')}`)
      this.membershipIds.set(membership, id)
    }
    return id
  }

  private intern(text: string): number {
    return denseId(this.ids, text)
  }
}

/** The membership terms of the role assignments of one container (not the application level's, for a scope), by operation. */
export class ContainerTerms {
  /** Whether some term carries a non-member exclusion. */
  readonly excluding: boolean
  private readonly rows: readonly { readonly term: Term; readonly certain: Uint32Array; readonly conditional: Uint32Array }[]
  private readonly byOp = new Map<number, OpTerms>()

  constructor(
    container: ContainerIndex,
    private readonly canon: TermCanon,
  ) {
    const rows = []
    for (const ra of container.roleAssignments) {
      const { certain, conditional } = ra.reach
      for (const term of ra.membership.terms()) rows.push({ term, certain, conditional })
    }
    this.rows = rows
    this.excluding = rows.some((r) => r.term.exclusions.length > 0)
  }

  private signed: string | undefined

  /**
   * Every term with the operations it reaches, as one text: equal in two
   * containers when their role assignments decide every operation alike.
   * @param opKey the operation's key in both stores (its OperationID).
   */
  signature(opKey: (op: number) => string): string {
    if (this.signed === undefined) {
      const lines = new Set<string>()
      for (const r of this.rows) {
        const certain = opIndices(r.certain).map(opKey).sort()
        const conditional = opIndices(r.conditional)
          .filter((op) => !hasOp(r.certain, op))
          .map(opKey)
          .sort()
        if (certain.length > 0 || conditional.length > 0) lines.add(`${this.canon.term(r.term)}@${certain.join(',')}/${conditional.join(',')}`)
      }
      this.signed = [...lines].sort().join('\n')
    }
    return this.signed
  }

  /** The terms that reach the operation, by SID. */
  at(op: number): OpTerms {
    let terms = this.byOp.get(op)
    if (terms !== undefined) return terms
    const keys = new Map<string, Set<string>>()
    const excluders = new Map<string, Set<string>>()
    for (const r of this.rows) {
      const reach = hasOp(r.certain, op) ? '!' : hasOp(r.conditional, op) ? '?' : undefined
      if (reach === undefined) continue
      const sid = r.term.sid ?? ANY
      const list = keys.get(sid) ?? new Set<string>()
      list.add(reach + this.canon.term(r.term))
      keys.set(sid, list)
      for (const x of r.term.exclusions) {
        const found = this.canon.sidsOf(x)
        if (found.size === 0) continue
        const set = excluders.get(sid) ?? new Set<string>()
        for (const n of found) set.add(n)
        excluders.set(sid, set)
      }
    }
    terms = keys.size === 0 ? NO_TERMS : new Map([...keys].map(([sid, list]) => [sid, { keys: [...list].sort(), excluders: excluders.get(sid) ?? NO_SIDS }]))
    this.byOp.set(op, terms)
    return terms
  }
}

/** The terms of every role assignment that applies in `side` (the application level's, and a scope's own) for one operation. */
export function sideTerms(side: Side, canon: TermCanon, op: number): OpTerms {
  const app = canon.container(side.index.appLevel).at(op)
  if (side.where === side.index.appLevel) return app
  const own = canon.container(side.where).at(op)
  if (own.size === 0) return app
  if (app.size === 0) return own
  const out = new Map(app)
  for (const [sid, terms] of own) {
    const base = app.get(sid)
    out.set(sid, base === undefined ? terms : { keys: [...new Set([...base.keys, ...terms.keys])].sort(), excluders: new Set([...base.excluders, ...terms.excluders]) })
  }
  return out
}

/** The SIDs (or {@link ANY}) whose terms differ between two decision functions. */
export function differingSids(a: OpTerms, b: OpTerms): Set<string> {
  const out = new Set<string>()
  const same = (x: SidTerms | undefined, y: SidTerms | undefined): boolean => x !== undefined && y !== undefined && x.keys.length === y.keys.length && x.keys.every((k, i) => k === y.keys[i])
  for (const [sid, terms] of a) if (!same(terms, b.get(sid))) out.add(sid)
  for (const sid of b.keys()) if (!a.has(sid)) out.add(sid)
  return out
}
