import type { Application, ApplicationGroup, Operation, RoleAssignment, Scope, Task } from '../policy.js'

/**
 * Object-level edits: the smallest changes a store adapter writes. They are
 * addressed by GUID and say exactly what changes, so an adapter can write one
 * element (or one directory entry) per object and add or delete single list
 * values instead of replacing lists.
 *
 * Edits are computed, never typed by hand: {@link diffPolicies} derives them
 * from two versions of a store, whatever produced the second one.
 */

export type EditableKind = 'application' | 'operation' | 'task' | 'role-assignment' | 'group' | 'scope'

/** Where an object lives: the store itself, an application, or a scope of an application. */
export interface ParentRef {
  /** GUID of the application; absent for store-level objects. */
  readonly application?: string
  /** GUID of the scope; only with `application`. */
  readonly scope?: string
}

export type EditedObject =
  | { readonly kind: 'application'; readonly object: Application }
  | { readonly kind: 'operation'; readonly object: Operation }
  | { readonly kind: 'task'; readonly object: Task }
  | { readonly kind: 'role-assignment'; readonly object: RoleAssignment }
  | { readonly kind: 'group'; readonly object: ApplicationGroup }
  | { readonly kind: 'scope'; readonly object: Scope }

/** A scalar field of an object. `roleDefinition` is `"True"` or absent. */
export type EditableField = 'name' | 'description' | 'version' | 'operationId' | 'roleDefinition' | 'groupType' | 'ldapQuery' | 'language' | 'script' | 'importedPath'

export type StoreField = 'description' | 'majorVersion' | 'minorVersion'

export type EditableList = 'operationLinks' | 'taskLinks' | 'appMemberLinks' | 'appNonMemberLinks' | 'members' | 'nonMembers'

export type PolicyEdit =
  /** A new object, with everything inside it. */
  | ({ readonly type: 'create'; readonly parent: ParentRef } & EditedObject)
  /** An object removed, with everything inside it. */
  | { readonly type: 'delete'; readonly parent: ParentRef; readonly kind: EditableKind; readonly guid: string; readonly name: string }
  /** A scalar field set (or removed, when `value` is undefined). */
  | {
      readonly type: 'set'
      readonly parent: ParentRef
      readonly kind: EditableKind
      readonly guid: string
      readonly field: EditableField
      readonly from: string | undefined
      readonly value: string | undefined
    }
  /** One value added to or removed from a list. */
  | {
      readonly type: 'add' | 'remove'
      readonly parent: ParentRef
      readonly kind: EditableKind
      readonly guid: string
      readonly list: EditableList
      readonly value: string
    }
  /** A store-level attribute set or removed. */
  | { readonly type: 'set-store'; readonly field: StoreField; readonly from: string | undefined; readonly value: string | undefined }
