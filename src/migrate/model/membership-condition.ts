import type { Exclusion, Membership, Term } from '../../access/membership/membership.js'
import { allOf, anyOf, not, sidIn, TRUE, type Condition } from './condition.js'

/**
 * The condition of a compiled membership (the index's terms: a SID, run-time conditions, exclusions),
 * never wider than AzMan: what cannot be decided statically (an LDAP-query or BizRule group, a link
 * that closes a group loop) counts against the grant wherever it appears. Where the formula asks for
 * membership (`positive`), such a term does not hold; inside an exclusion (a non-member group), it
 * excludes. That is Kleene logic's "certainly": the condition holds exactly when azman's decision is
 * YES, never when it is MAYBE.
 */
export function membershipCondition(membership: Membership, positive = true): Condition {
  const terms: Condition[] = []
  for (const term of membership.terms()) terms.push(termCondition(term, positive))
  return anyOf(terms)
}

function termCondition(term: Term, positive: boolean): Condition {
  if (term.conditions.length > 0 && positive) return anyOf([])
  const parts: Condition[] = term.sid === undefined ? [] : [sidIn(term.sid)]
  for (const x of term.exclusions) parts.push(not(exclusionCondition(x, !positive)))
  return parts.length === 0 ? TRUE : allOf(parts)
}

/** When the token is excluded by a group's non-members: a non-member SID, or membership of a non-member group. */
function exclusionCondition(exclusion: Exclusion, positive: boolean): Condition {
  return anyOf([...[...exclusion.sids].map(sidIn), ...exclusion.groups.map((g) => membershipCondition(g, positive))])
}
