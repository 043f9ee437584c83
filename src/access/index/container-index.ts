import type { Container } from '../../model/paths.js'
import type { RoleAssignment } from '../../model/policy.js'
import type { BrokenMemberLink } from '../membership/compile-membership.js'
import { evaluateTerm, type Membership, type Term } from '../membership/membership.js'
import type { OpSet } from '../operations/op-set.js'
import type { BrokenTaskLink, Reach } from '../operations/task-closure.js'
import type { SidNumbers, Token } from '../token.js'
import type { PackedArena } from './packed-arena.js'
import { MAYBE, NO, YES, type Tri } from '../tri.js'

/** A role assignment with what it reaches and who holds it, resolved once. */
export interface IndexedRoleAssignment {
  readonly roleAssignment: RoleAssignment
  /** Where it lives: the application level (applies in every scope) or one scope. */
  readonly container: Container
  readonly reach: Reach
  readonly membership: Membership
  /** Links of the role assignment that could not be followed (ignored in decisions). */
  readonly broken: readonly (BrokenTaskLink | BrokenMemberLink)[]
}

/** One term of one role assignment, with the assignment's operation sets at hand. */
interface Candidate {
  readonly term: Term
  /** No conditions and no exclusions: holding the SID is enough. */
  readonly simple: boolean
  readonly certain: OpSet
  readonly conditional: OpSet
}

/**
 * The role assignments of one container (the application level or one
 * scope), inverted: SID -> the membership terms that SID satisfies, each with
 * the operations its role assignment reaches. A decision reads only the
 * entries of the token's SIDs, so it costs O(token size x entries per SID),
 * whatever the size of the store.
 *
 * For speed the entries are also packed into Int32 storage shared by the
 * containers (PackedArena):
 * the SID numbers (sorted), then per SID two operation bit sets: `certain`,
 * the operations its simple terms (no condition, no exclusion) grant through a
 * path without BizRule, and `other`, the operations that need a closer look
 * (conditional paths, terms with exclusions or run-time groups). A check reads
 * `certain` first and evaluates terms only when `other` has the bit.
 */
export class ContainerIndex {
  private readonly bySid = new Map<string, Candidate[]>()
  private readonly sidless: Candidate[] = []
  /**
   * The packed table, a slice of a shared chunk starting at `base`:
   * [SID count n][SID-less operations: words][n SID numbers, ascending]
   * [per SID: `words` certain words, then `words` other words].
   */
  private readonly packed: Int32Array
  private readonly base: number
  private readonly words: number

  constructor(
    readonly container: Container,
    readonly roleAssignments: readonly IndexedRoleAssignment[],
    private readonly numbers: SidNumbers,
    operationCount: number,
    arena: PackedArena,
  ) {
    for (const ra of roleAssignments) {
      const { certain, conditional } = ra.reach
      for (const term of ra.membership.terms()) {
        const candidate: Candidate = { term, simple: term.conditions.length === 0 && term.exclusions.length === 0, certain, conditional }
        if (term.sid === undefined) this.sidless.push(candidate)
        else {
          const list = this.bySid.get(term.sid)
          if (list) list.push(candidate)
          else this.bySid.set(term.sid, [candidate])
        }
      }
    }
    const words = Math.max(1, Math.ceil(operationCount / 32))
    const keys = [...this.bySid.keys()].map((sid) => ({ sid, n: numbers.intern(sid) })).sort((a, b) => a.n - b.n)
    const n = keys.length
    const { data, base } = arena.alloc(1 + words + n * (1 + 2 * words))
    const or = (at: number, value: number): void => {
      data[at] = (data[at] ?? 0) | value
    }
    data[base] = n
    for (const c of this.sidless) for (let w = 0; w < words; w++) or(base + 1 + w, (c.certain[w] ?? 0) | (c.conditional[w] ?? 0))
    keys.forEach(({ sid, n: number }, k) => {
      data[base + 1 + words + k] = number
      const masks = base + 1 + words + n + k * 2 * words
      for (const c of this.bySid.get(sid) ?? []) {
        for (let w = 0; w < words; w++) {
          const certain = c.certain[w] ?? 0
          const conditional = c.conditional[w] ?? 0
          if (c.simple) {
            or(masks + w, certain)
            or(masks + words + w, conditional)
          } else or(masks + words + w, certain | conditional)
        }
      }
    })
    this.packed = data
    this.base = base
    this.words = words
  }

  /** The scope name, or undefined at application level. */
  get scopeName(): string | undefined {
    return this.container.scope?.name
  }

  /** SIDs that appear as members (directly or through groups) of this container's role assignments. */
  memberSids(): IterableIterator<string> {
    return this.bySid.keys()
  }

  /** Whether some role assignment here has members decided at run time (LDAP-query or BizRule groups). */
  get hasRunTimeMembers(): boolean {
    return this.sidless.length > 0
  }

  /**
   * What this container's role assignments alone give `token` for the
   * operation at `op` (an OperationTable index): YES, MAYBE or NO.
   */
  evaluate(token: Token, op: number): Tri {
    const word = op >>> 5
    const bit = 1 << (op & 31)
    const ids = token.numbered(this.numbers)
    const packed = this.packed
    const words = this.words
    const n = packed[this.base] as number
    const keys = this.base + 1 + words
    const masks = keys + n
    let result: Tri = NO
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number
      if (id < 0) continue
      // Binary search over the sorted SID numbers.
      let lo = 0
      let hi = n - 1
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1
        const v = packed[keys + mid] as number
        if (v < id) lo = mid + 1
        else if (v > id) hi = mid - 1
        else {
          const at = masks + mid * 2 * words + word
          if (((packed[at] as number) & bit) !== 0) return YES
          if (((packed[at + words] as number) & bit) !== 0) {
            const r = this.evaluateTerms(this.bySid.get(token.sids[i] as string), token, word, bit)
            if (r === YES) return YES
            if (r === MAYBE) result = MAYBE
          }
          break
        }
      }
    }
    if (((packed[this.base + 1 + word] as number) & bit) !== 0) {
      const r = this.evaluateTerms(this.sidless, token, word, bit)
      if (r !== NO) return r
    }
    return result
  }

  /** The slow path: each term of a SID (or the SID-less terms), with its exclusions and conditions. */
  private evaluateTerms(candidates: readonly Candidate[] | undefined, token: Token, word: number, bit: number): Tri {
    let result: Tri = NO
    for (const c of candidates ?? []) {
      const certain = ((c.certain[word] as number) & bit) !== 0
      if (!certain && ((c.conditional[word] as number) & bit) === 0) continue
      const m = c.simple ? YES : evaluateTerm(c.term, token)
      if (m === NO) continue
      if (m === YES && certain) return YES
      result = MAYBE
    }
    return result
  }
}
