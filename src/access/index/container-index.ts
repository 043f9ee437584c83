import type { Container } from '../../model/paths.js'
import type { RoleAssignment } from '../../model/policy.js'
import type { BrokenMemberLink } from '../membership/compile-membership.js'
import { evaluateTerm, type Membership, type Term } from '../membership/membership.js'
import type { OpSet } from '../operations/op-set.js'
import type { BrokenTaskLink, Reach } from '../operations/task-closure.js'
import type { Token } from '../token.js'
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
 */
export class ContainerIndex {
  private readonly bySid = new Map<string, Candidate[]>()
  private readonly sidless: Candidate[] = []

  constructor(
    readonly container: Container,
    readonly roleAssignments: readonly IndexedRoleAssignment[],
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
    let result: Tri = NO
    const sids = token.sids
    for (let i = 0; i < sids.length; i++) {
      const candidates = this.bySid.get(sids[i] as string)
      if (candidates === undefined) continue
      for (let j = 0; j < candidates.length; j++) {
        const c = candidates[j] as Candidate
        const certain = ((c.certain[word] as number) & bit) !== 0
        if (!certain && ((c.conditional[word] as number) & bit) === 0) continue
        const m = c.simple ? YES : evaluateTerm(c.term, token)
        if (m === NO) continue
        if (m === YES && certain) return YES
        result = MAYBE
      }
    }
    if (result === NO) {
      for (const c of this.sidless) {
        if (((c.certain[word] as number) & bit) === 0 && ((c.conditional[word] as number) & bit) === 0) continue
        if (evaluateTerm(c.term, token) !== NO) return MAYBE
      }
    }
    return result
  }
}
