import type { PolicyStore } from '../model/policy.js'
import { diffStores as diffPolicies, type StoreDiff } from '../diff/store-diff.js'

/**
 * What changed from `before` to `after`: the object-level changes (objects paired by GUID, then by
 * name), the effective-access delta they cause (who gains or loses which operation where), the
 * operations whose access may change for tokens holding several SIDs together, and `same` when the
 * two grant exactly the same access with the same objects. Pure; throws nothing of its own.
 *
 * @throws AccessLimitError, AccessTooDeepError for group nesting azman refuses to evaluate.
 */
export function diffStores(before: PolicyStore, after: PolicyStore): StoreDiff {
  return diffPolicies(before, after)
}
