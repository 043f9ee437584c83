/**
 * The change set: typed, JSON-serialisable changes through which every write
 * in the product goes (CLI commands, `azman apply`, templates, the REST
 * service). Changes name objects the way people do, by application, scope and
 * name; planning resolves them against a store into object-level edits.
 *
 * Names are matched without regard to case, as AzMan does; new names must
 * follow AzMan's rules.
 */

/** An operation, by OperationID (a number) or by name (a string). */
export type OperationRef = number | string

/**
 * A member of a role assignment or application group: a SID, a well-known
 * account name (`BUILTIN\Administrators`, `Everyone`), or an application group
 * by name.
 */
export type PrincipalRef = { readonly sid: string } | { readonly account: string } | { readonly group: string }

export interface BizRuleSpec {
  readonly language: 'VBScript' | 'JScript'
  readonly script: string
  readonly importedPath?: string
}

/** Where a task, role definition, role assignment or scope-level group lives. */
interface InContainer {
  /** Application name. */
  readonly app: string
  /** Scope name; absent for the application level. */
  readonly scope?: string
}

/** Where a group lives: the store (no `app`), an application, or a scope. */
interface InGroupContainer {
  readonly app?: string
  readonly scope?: string
}

export type TaskKind = 'task' | 'role-definition'

export type Change =
  | { readonly type: 'create-operation'; readonly app: string; readonly name: string; readonly operationId: number; readonly description?: string }
  | {
      readonly type: 'update-operation'
      readonly app: string
      readonly name: string
      readonly newName?: string
      readonly description?: string | null
      readonly operationId?: number
    }
  | { readonly type: 'delete-operation'; readonly app: string; readonly name: string }
  | (InContainer & {
      readonly type: 'create-task' | 'create-role-definition'
      readonly name: string
      readonly operations?: readonly OperationRef[]
      /** Nested tasks and role definitions, by name. */
      readonly tasks?: readonly string[]
      readonly description?: string
      readonly bizRule?: BizRuleSpec
    })
  | (InContainer & {
      readonly type: 'update-task' | 'update-role-definition'
      readonly name: string
      readonly newName?: string
      readonly description?: string | null
      /** A new business rule, or null to remove it. */
      readonly bizRule?: BizRuleSpec | null
      readonly addOperations?: readonly OperationRef[]
      readonly removeOperations?: readonly OperationRef[]
      readonly addTasks?: readonly string[]
      readonly removeTasks?: readonly string[]
    })
  | (InContainer & { readonly type: 'delete-task' | 'delete-role-definition'; readonly name: string })
  | (InContainer & {
      readonly type: 'create-role-assignment'
      readonly name: string
      readonly roleDefinitions?: readonly string[]
      readonly tasks?: readonly string[]
      readonly description?: string
    })
  | (InContainer & { readonly type: 'update-role-assignment'; readonly name: string; readonly newName?: string; readonly description?: string | null })
  | (InContainer & { readonly type: 'delete-role-assignment'; readonly name: string })
  | (InContainer & {
      readonly type: 'add-role-assignment-tasks' | 'remove-role-assignment-tasks'
      readonly roleAssignment: string
      readonly roleDefinitions?: readonly string[]
      readonly tasks?: readonly string[]
    })
  | (InContainer & {
      readonly type: 'add-role-assignment-members' | 'remove-role-assignment-members'
      readonly roleAssignment: string
      readonly members: readonly PrincipalRef[]
    })
  | { readonly type: 'create-scope'; readonly app: string; readonly name: string; readonly description?: string }
  | { readonly type: 'rename-scope'; readonly app: string; readonly name: string; readonly newName: string }
  | { readonly type: 'delete-scope'; readonly app: string; readonly name: string }
  | (InGroupContainer & {
      readonly type: 'create-group'
      readonly name: string
      readonly groupType: 'Basic' | 'LdapQuery'
      readonly description?: string
      readonly members?: readonly PrincipalRef[]
      readonly nonMembers?: readonly PrincipalRef[]
      readonly ldapQuery?: string
    })
  | (InGroupContainer & {
      readonly type: 'update-group'
      readonly name: string
      readonly newName?: string
      readonly description?: string | null
      readonly ldapQuery?: string
    })
  | (InGroupContainer & { readonly type: 'delete-group'; readonly name: string })
  | (InGroupContainer & {
      readonly type: 'add-group-members' | 'remove-group-members'
      readonly group: string
      readonly members?: readonly PrincipalRef[]
      readonly nonMembers?: readonly PrincipalRef[]
    })

export type ChangeType = Change['type']

export interface ChangeSet {
  readonly changes: readonly Change[]
}

/** Every change type, for parsing and documentation. */
export const CHANGE_TYPES: readonly ChangeType[] = [
  'create-operation',
  'update-operation',
  'delete-operation',
  'create-task',
  'update-task',
  'delete-task',
  'create-role-definition',
  'update-role-definition',
  'delete-role-definition',
  'create-role-assignment',
  'update-role-assignment',
  'delete-role-assignment',
  'add-role-assignment-tasks',
  'remove-role-assignment-tasks',
  'add-role-assignment-members',
  'remove-role-assignment-members',
  'create-scope',
  'rename-scope',
  'delete-scope',
  'create-group',
  'update-group',
  'delete-group',
  'add-group-members',
  'remove-group-members',
]
