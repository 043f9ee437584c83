import type { Condition } from './condition.js'

/** An action of the migrated policy: an operation, or a task or role definition that groups actions. */
export interface MigrationAction {
  /** Unique in the application: `op:<name>`, `task:<name>`, `role:<name>`; a scope's own tasks `<scope>/task:<name>`. */
  readonly id: string
  readonly kind: 'operation' | 'task' | 'role-definition'
  readonly name: string
  /** The scope a task or role definition is defined in; null at application level. */
  readonly scope: string | null
  /** The OperationID of an operation. */
  readonly operationId?: number
  /** The ids of the tasks and role definitions that contain it (no BizRule on any of them); acyclic. */
  readonly parents: readonly string[]
}

/** A role assignment: who holds it (a condition over a token's SIDs), where, and which actions. */
export interface MigrationGrant {
  readonly roleAssignment: string
  /** The scope it applies in; null: the application level, which applies in every scope. */
  readonly scope: string | null
  /** Action ids it grants directly (operations, tasks, role definitions; those with a BizRule left out). */
  readonly actions: readonly string[]
  readonly who: Condition
  /** Its member SIDs and the names of its member groups, as the store lists them (for comments). */
  readonly members: readonly string[]
  readonly memberGroups: readonly string[]
}

/** Something exported as narrower than the store: it cannot be decided statically, so it grants nothing. */
export interface Narrowed {
  readonly kind: 'task' | 'role-definition' | 'group'
  readonly name: string
  readonly scope: string | null
  readonly reason: 'bizrule' | 'ldap-query' | 'bizrule-group'
  /** A BizRule's language and size (characters); an LDAP query's size. */
  readonly language?: string
  readonly size: number
  /** Role assignments that link it directly (their grants through it are not exported). */
  readonly grants: readonly string[]
}

/**
 * A grant the export leaves out because a rule decides it (a BizRule task or role definition, an
 * LDAP-query or BizRule group), written only with `--conditions` as a placeholder that grants
 * nothing until a person writes the rule in the target's terms.
 */
export interface Review {
  readonly narrowed: Narrowed
  readonly roleAssignment: string
  /** Where the role assignment is; null: the application level. */
  readonly scope: string | null
  /** The operations (action ids) the role assignment reaches through the narrowed object; never none. */
  readonly operations: readonly string[]
  /** Who, apart from the rule: the role assignment's SIDs for a task's rule; everyone (the rule decides) for a group's. */
  readonly who: Condition
  /** The rule as the store holds it: the BizRule script or the LDAP query. */
  readonly rule: string
}

/** An object the export leaves out, and why. */
export interface Untranslated {
  readonly object: string
  readonly reason: string
}

/** One application of a store, as every target exports it. */
export interface MigrationModel {
  readonly store: string
  readonly version: string
  readonly app: string
  /** Scope names, as the store spells them. */
  readonly scopes: readonly string[]
  readonly actions: readonly MigrationAction[]
  readonly grants: readonly MigrationGrant[]
  readonly narrowed: readonly Narrowed[]
  readonly reviews: readonly Review[]
  readonly untranslated: readonly Untranslated[]
}
