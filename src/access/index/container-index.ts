import type { Container } from '../../model/paths.js'
import type { RoleAssignment } from '../../model/policy.js'
import type { BrokenMemberLink } from '../membership/compile-membership.js'
import { evaluateTerm, type Membership, type Term } from '../membership/membership.js'
import type { OpSet } from '../operations/op-set.js'
import type { BrokenTaskLink, Reach } from '../operations/task-closure.js'
import type { SidNumbers, Token } from '../token.js'
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
 * For speed the entries are also packed into one Int32Array per container:
 * the SID numbers (sorted), then per SID two operation bit sets: `certain`,
 * the operations its simple terms (no condition, no exclusion) grant through a
 * path without BizRule, and `other`, the operations that need a closer look
 * (conditional paths, terms with exclusions or run-time groups). A check reads
 * `certain` first and evaluates terms only when `other` has the bit.
 */
export class ContainerIndex {
  private readonly bySid = new Map<string, Candidate[]>()
  private readonly sidless: Candidate[] = []
  /** [n SID numbers ascending][per SID: `words` certain words, `words` other words]. */
  private readonly packed: Int32Array
  private readonly keyCount: number
  private readonly words: number
  /** Operations some SID-less term could give (run-time groups). */
  private readonly sidlessOps: Int32Array

  constructor(
    readonly container: Container,
    readonly roleAssignments: readonly IndexedRoleAssignment[],
    private readonly numbers: SidNumbers,
    operationCount: number,
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
    const packed = new Int32Array(keys.length * (1 + 2 * words))
    keys.forEach(({ sid, n }, k) => {
      packed[k] = n
      const base = keys.length + k * 2 * words
      for (const c of this.bySid.get(sid) ?? []) {
        for (let w = 0; w < words; w++) {
          const certain = c.certain[w] ?? 0
          const conditional = c.conditional[w] ?? 0
          if (c.simple) {
            packed[base + w] = (packed[base + w] ?? 0) | certain
            packed[base + words + w] = (packed[base + words + w] ?? 0) | conditional
          } else packed[base + words + w] = (packed[base + words + w] ?? 0) | certain | conditional
        }
      }
    })
    this.packed = packed
    this.keyCount = keys.length
    this.words = words
    this.sidlessOps = new Int32Array(words)
    for (const c of this.sidless) for (let w = 0; w < words; w++) this.sidlessOps[w] = (this.sidlessOps[w] ?? 0) | (c.certain[w] ?? 0) | (c.conditional[w] ?? 0)
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
    const n = this.keyCount
    const twoWords = 2 * this.words
    let result: Tri = NO
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number
      if (id < 0) continue
      // Binary search over the sorted SID numbers.
      let lo = 0
      let hi = n - 1
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1
        const v = packed[mid] as number
        if (v < id) lo = mid + 1
        else if (v > id) hi = mid - 1
        else {
          const base = n + mid * twoWords + word
          if (((packed[base] as number) & bit) !== 0) return YES
          if (((packed[base + this.words] as number) & bit) !== 0) {
            const r = this.evaluateTerms(this.bySid.get(token.sids[i] as string), token, word, bit)
            if (r === YES) return YES
            if (r === MAYBE) result = MAYBE
          }
          break
        }
      }
    }
    if (result === NO && ((this.sidlessOps[word] as number) & bit) !== 0 && this.evaluateTerms(this.sidless, token, word, bit) !== NO) return MAYBE
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
