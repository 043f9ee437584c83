import type { ApplicationGroup } from '../../model/policy.js'
import type { Token } from '../token.js'
import { MAYBE, NO, YES, type Tri } from '../tri.js'
import type { LoopLink } from './group-links.js'

/** A group whose membership is decided at run time: LdapQuery, Bizrule, or a GroupType AzMan does not define. */
export interface RunTimeGroup {
  readonly kind: 'run-time-group'
  readonly group: ApplicationGroup
}

/**
 * What cannot be decided here and makes a term at best conditional: a
 * run-time group, or a link that closes a group loop (membership through it
 * is unknown: AzMan refuses such stores).
 */
export type Unknown = RunTimeGroup | LoopLink

/**
 * What removes members of one basic group
 * (docs/access-evaluation.md#54-group-membership): its non-member SIDs and its
 * non-member groups. "Nonmembership in a basic application group takes
 * precedence over membership"
 * (docs/access-evaluation.md#3-accesscheck-on-windows step 5).
 */
export interface Exclusion {
  /** The group whose non-members these are. */
  readonly group: ApplicationGroup
  /** Non-member SIDs, canonical. */
  readonly sids: ReadonlySet<string>
  /** Memberships of the non-member groups. */
  readonly groups: readonly Membership[]
}

/**
 * One way to be a member, flattened: hold `sid` (or nothing, for a term that
 * stands for an LDAP-query or BizRule group or a loop link), satisfy no
 * exclusion on the way, and pass the `conditions` (what is decided at run time
 * or unknown, so the term is at best conditional).
 */
export interface Term {
  /** Undefined: no SID needed; the term is a run-time group or a loop link. */
  readonly sid: string | undefined
  readonly conditions: readonly Unknown[]
  readonly exclusions: readonly Exclusion[]
}

/** Evaluates an exclusion against a token: YES when the token is a non-member for certain. */
export function evaluateExclusion(exclusion: Exclusion, token: Token): Tri {
  const sids = token.sids
  for (let i = 0; i < sids.length; i++) if (exclusion.sids.has(sids[i] as string)) return YES
  let result: Tri = NO
  for (const m of exclusion.groups) {
    const r = m.evaluate(token)
    if (r === YES) return YES
    if (r === MAYBE) result = MAYBE
  }
  return result
}

/** Evaluates one term for a token that holds the term's SID (or for any token, when it has none). */
export function evaluateTerm(term: Term, token: Token): Tri {
  let result: Tri = YES
  for (const c of term.conditions) {
    // An LDAP-query group the directory decided for this token is certain either way.
    const known = c.kind === 'run-time-group' ? token.ldapQueryOutcome(c.group) : undefined
    if (known === false) return NO
    if (known === undefined) result = MAYBE
  }
  for (const x of term.exclusions) {
    const r = evaluateExclusion(x, token)
    if (r === YES) return NO
    if (r === MAYBE) result = MAYBE
  }
  return result
}

/**
 * Who belongs to a group or holds a role assignment, as a disjunction of
 * {@link Term}s indexed by SID, so a test costs O(token size x terms per SID),
 * independent of how many members there are.
 */
export class Membership {
  /** Terms that need a SID, by that SID. */
  readonly bySid: ReadonlyMap<string, readonly Term[]>
  /** Terms that need no SID (run-time groups, loop links): conditional for any token, unless the directory decided the LDAP-query group. */
  readonly sidless: readonly Term[]
  readonly termCount: number

  constructor(terms: readonly Term[]) {
    const bySid = new Map<string, Term[]>()
    const sidless: Term[] = []
    for (const t of terms) {
      if (t.sid === undefined) sidless.push(t)
      else {
        const list = bySid.get(t.sid)
        if (list) list.push(t)
        else bySid.set(t.sid, [t])
      }
    }
    this.bySid = bySid
    this.sidless = sidless
    this.termCount = terms.length
  }

  /** Every term, SID terms first. */
  *terms(): Generator<Term> {
    for (const list of this.bySid.values()) yield* list
    yield* this.sidless
  }

  evaluate(token: Token): Tri {
    let result: Tri = NO
    const sids = token.sids
    for (let i = 0; i < sids.length; i++) {
      const terms = this.bySid.get(sids[i] as string)
      if (terms === undefined) continue
      for (const t of terms) {
        const r = evaluateTerm(t, token)
        if (r === YES) return YES
        if (r === MAYBE) result = MAYBE
      }
    }
    for (const t of this.sidless) {
      const r = evaluateTerm(t, token)
      if (r === YES) return YES
      if (r === MAYBE) result = MAYBE
    }
    return result
  }
}
