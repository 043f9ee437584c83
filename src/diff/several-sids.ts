import type { Tri } from '../access/tri.js'
import { ANY, differingSids, type OpTerms } from './decision-terms.js'

/** A token whose decision for the operation changes: its SIDs (a member whose terms changed first), before and after. */
export interface TokenChange {
  readonly sids: readonly string[]
  readonly before: Tri
  readonly after: Tri
}

/** What tokens beyond one SID each (and "any other principal") add to a delta for one operation. */
export interface SeveralSids {
  /** Tokens of several SIDs, or of one SID named only as a non-member, whose decision changes. */
  readonly changes: readonly TokenChange[]
  /**
   * undefined when `changes` is complete (every token was accounted for);
   * otherwise the SIDs involved, for tokens of several of which access may
   * change beyond what `changes` shows.
   */
  readonly unsure: readonly string[] | undefined
}

/** `make`, computed once per list of SIDs (in the order given). */
export function memoBySids<T>(make: (sids: readonly string[]) => T): (sids: readonly string[]) => T {
  const made = new Map<string, T>()
  return (sids) => {
    const key = sids.join(',')
    let value = made.get(key)
    if (value === undefined) {
      value = make(sids)
      made.set(key, value)
    }
    return value
  }
}

/** Enumerate every combination when the SIDs that matter are at most this many... */
const EXACT_SIDS = 12
/** ...and the tokens to evaluate at most this many. */
const EXACT_TOKENS = 20_000
/** Otherwise, at most this many two-SID tokens. */
const PAIR_LIMIT = 10_000

/**
 * Which tokens of several SIDs change their decision for one operation,
 * between two decision functions `a` and `b` (before and after).
 *
 * A token gets the best of what its SIDs give it, except that a non-member
 * SID takes away what a member SID would give (an exclusion). So:
 * - where the terms that differ carry no exclusion that depends on SIDs (and
 *   no SID-less term does), each SID alone and the empty token decide every
 *   token: nothing to add (undefined);
 * - otherwise every change shows in a token made of the differing members
 *   with exclusions, the SIDs that can exclude them, those SIDs' own
 *   excluders and so on (the closure), plus at most one other differing
 *   member: when that closure is small, every such token is evaluated, and
 *   the changes are exact;
 * - when it is too large, each differing member is tried with each SID that
 *   can exclude it, and the result says which SIDs are involved (`unsure`).
 * A token is reported only when its change is not what the tokens of one SID
 * fewer predict, and no token of one SID fewer shows that change already (so
 * a member's own change is not repeated for every SID it could hold, while a
 * member excluded by another SID it holds is reported, once).
 *
 * @param singles SIDs whose one-SID tokens are already compared.
 * @param decide the decisions before and after for a token (SIDs sorted).
 */
export function severalSids(a: OpTerms, b: OpTerms, singles: ReadonlySet<string>, decide: (sids: readonly string[]) => readonly [Tri, Tri]): SeveralSids | undefined {
  const differ = differingSids(a, b)
  if (differ.size === 0) return undefined
  const excluders = (sid: string): ReadonlySet<string> => {
    const x = a.get(sid)?.excluders
    const y = b.get(sid)?.excluders
    if (x === undefined || y === undefined || y.size === 0) return x ?? y ?? new Set()
    return x.size === 0 ? y : new Set([...x, ...y])
  }
  const anyExcluders = excluders(ANY)
  const excluding: string[] = []
  const plain: string[] = []
  for (const sid of differ) {
    if (sid === ANY) continue
    if (excluders(sid).size > 0) excluding.push(sid)
    else plain.push(sid)
  }
  if (excluding.length === 0 && anyExcluders.size === 0) return undefined

  // The closure: the excluding members, the SIDs that can exclude them or SID-less terms, theirs, and so on.
  const closure = new Set<string>([...excluding, ...anyExcluders])
  for (const sid of closure) for (const n of excluders(sid)) closure.add(n)
  const members = new Set(differ)
  const order = (sids: Iterable<string>): string[] => [...sids].sort((x, y) => Number(members.has(y)) - Number(members.has(x)) || (x < y ? -1 : x > y ? 1 : 0))

  const result = memoBySids(decide)
  const changes: TokenChange[] = []
  /**
   * Whether a token is decided otherwise than the tokens of one SID fewer
   * predict: a token gets the best of its SIDs, but for exclusions, so the
   * prediction is the best of their decisions before and the best after.
   */
  const surprises = new Map<string, boolean>()
  const surprising = (sids: readonly string[]): boolean => {
    const key = sids.join(',')
    let s = surprises.get(key)
    if (s === undefined) {
      const [x, y] = result(sids)
      let p: Tri = 0
      let q: Tri = 0
      for (let i = 0; i < sids.length; i++) {
        const [before, after] = result(order(sids.filter((_, j) => j !== i)))
        if (before > p) p = before
        if (after > q) q = after
      }
      s = sids.length > 0 && (p !== x || q !== y)
      surprises.set(key, s)
    }
    return s
  }
  /**
   * Reports a token whose decision changes in a way its smaller tokens do not
   * predict, unless a token of one SID fewer does so already with the same
   * change. One-SID tokens already compared are not repeated.
   */
  const consider = (sids: readonly string[]): void => {
    if (sids.length === 0 || (sids.length === 1 && singles.has(sids[0] as string))) return
    const [x, y] = result(sids)
    if (x === y || !surprising(sids)) return
    for (let i = 0; i < sids.length; i++) {
      const fewer = order(sids.filter((_, j) => j !== i))
      const [p, q] = result(fewer)
      if (p === x && q === y && surprising(fewer)) return
    }
    changes.push({ sids, before: x, after: y })
  }

  const ordered = order(closure)
  // Another differing member may need to be in the token too, but only when SID-less terms can be excluded.
  const extras = anyExcluders.size > 0 ? [undefined, ...plain] : [undefined]
  const size = ordered.length
  if (size <= EXACT_SIDS && 2 ** size * extras.length <= EXACT_TOKENS) {
    const subsets: string[][] = []
    for (let mask = 1; mask < 2 ** size; mask++) subsets.push(ordered.filter((_, i) => (mask & (1 << i)) !== 0))
    subsets.sort((x, y) => x.length - y.length)
    for (const extra of extras) {
      if (extra !== undefined) consider([extra])
      for (const s of subsets) consider(extra === undefined ? s : order([extra, ...s]))
    }
    return { changes, unsure: undefined }
  }

  let pairs = 0
  for (const n of anyExcluders) consider([n])
  for (const m of excluding.length > 0 ? [...excluding, ...plain] : plain) {
    for (const n of new Set([...excluders(m), ...anyExcluders])) {
      if (n === m || pairs >= PAIR_LIMIT) continue
      pairs++
      consider(order([m, n]))
    }
  }
  return { changes, unsure: order(new Set([...closure, ...(anyExcluders.size > 0 ? plain : [])])) }
}
