import { MAYBE, YES, type Tri } from './tri.js'

/**
 * The answer for one operation (docs/access-evaluation.md#56-the-decision):
 * - `granted`: some role assignment is held for certain and reaches the
 *   operation through a path with no business rule;
 * - `conditional`: not granted for certain, but some role assignment could
 *   grant it (a BizRule on every path, or membership through an LDAP-query or
 *   BizRule group, or a non-member exclusion that cannot be decided here);
 * - `denied`: no role assignment at application level or in the named scope
 *   can grant it. AzMan has no deny; this only means "nothing grants it".
 */
export type Decision = 'granted' | 'conditional' | 'denied'

export function decisionOf(tri: Tri): Decision {
  return tri === YES ? 'granted' : tri === MAYBE ? 'conditional' : 'denied'
}
