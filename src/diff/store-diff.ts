import type { PolicyStore } from '../model/policy.js'
import { accessDelta, type AccessChange } from './access-delta.js'
import { ObjectDiff, type ObjectChange } from './object-changes.js'

export interface StoreDiff {
  readonly objects: readonly ObjectChange[]
  readonly access: readonly AccessChange[]
  /** True when the stores hold the same objects and grant exactly the same access. */
  readonly same: boolean
}

/** Object-level changes and the effective-access delta they cause, from `before` to `after`. */
export function diffStores(before: PolicyStore, after: PolicyStore): StoreDiff {
  const objects = new ObjectDiff(before, after).changes
  const access = accessDelta(before, after)
  return { objects, access, same: objects.length === 0 && access.length === 0 }
}
