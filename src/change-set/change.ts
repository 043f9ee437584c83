/**
 * The change set: typed, JSON-serialisable changes through which every write
 * in the product goes (CLI commands, `azman apply`, templates, the REST
 * service). Changes name objects the way people do, by application, scope and
 * name; planning resolves them against a store into object-level edits.
 *
 * Names are matched without regard to case, as AzMan does; new names must
 * follow AzMan's rules.
 *
 * The types are those of the schemas in `schema/` (one file per kind of
 * object), the format's one source of truth.
 */

import type { Change } from './schema/change-set.js'

export { CHANGE_TYPES, type Change, type ChangeType } from './schema/change-set.js'
export type { BizRuleSpec, OperationRef, PrincipalRef } from './schema/shared.js'

/** A task or a role definition (both are AzMan tasks). */
export type TaskKind = 'task' | 'role-definition'

export interface ChangeSet {
  readonly changes: readonly Change[]
  /**
   * `"allowBroad": true` at the top of a change set (a file `azman apply` reads, a REST body): allows
   * granting to a broad principal exactly as `--allow-broad` / `?allowBroad=true` do. A saved plan
   * never carries it.
   */
  readonly allowBroad?: boolean
}
