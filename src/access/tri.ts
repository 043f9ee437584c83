/**
 * Three-valued results for membership tests and grant paths
 * (docs/access-evaluation.md#51-three-valued-results): {@link NO},
 * {@link MAYBE} (conditional) and {@link YES}, combined with Kleene logic.
 * Numbers so that `OR` is `max`, `AND` is `min` and `NOT x` is `YES - x`.
 */
export type Tri = 0 | 1 | 2

/** Certainly not (no membership, no path). */
export const NO = 0
/** Cannot be decided here: depends on a BizRule or an LDAP query evaluated at run time. */
export const MAYBE = 1
/** Certainly. */
export const YES = 2

/** Kleene OR. */
export function triOr(a: Tri, b: Tri): Tri {
  return a >= b ? a : b
}

/** Kleene AND. */
export function triAnd(a: Tri, b: Tri): Tri {
  return a <= b ? a : b
}

/** Kleene NOT: `NOT MAYBE` is `MAYBE`. */
export function triNot(a: Tri): Tri {
  return (YES - a) as Tri
}
