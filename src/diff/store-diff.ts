import { scopeBindingConsequences } from '../model/scope-binding.js'
import type { PolicyStore } from '../model/policy.js'
import { compareAccess, type AccessChange, type CombinedChange } from './access-delta.js'
import { ObjectDiff, type ObjectChange } from './object-changes.js'

export interface StoreDiff {
  readonly objects: readonly ObjectChange[]
  readonly access: readonly AccessChange[]
  /** Operations whose access may change for tokens holding several SIDs together (non-member exclusions differ). */
  readonly combined: readonly CombinedChange[]
  /** What a scope renamed or deleted does on the host: the VMs bound to it fall back to the application level (`model/scope-binding.ts`). */
  readonly consequences: readonly string[]
  /** True when the stores hold the same objects and grant exactly the same access. */
  readonly same: boolean
}

/** Object-level changes and the effective-access delta they cause, from `before` to `after`. */
export function diffStores(before: PolicyStore, after: PolicyStore): StoreDiff {
  const objects = new ObjectDiff(before, after).changes
  const { changes: access, combined } = compareAccess(before, after)
  return { objects, access, combined, consequences: scopeBindingConsequences(before, after), same: objects.length === 0 && access.length === 0 && combined.length === 0 }
}
