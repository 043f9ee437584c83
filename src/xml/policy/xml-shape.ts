import type { EditableField, EditableKind, EditableList } from '../../model/edit/policy-edit.js'

/**
 * How AzMan lays out each object in XML: element names, attribute order and
 * child order as AzMan's serializer writes them.
 */

export const ELEMENT_OF: Readonly<Record<EditableKind, string>> = {
  application: 'AzApplication',
  operation: 'AzOperation',
  task: 'AzTask',
  'role-assignment': 'AzRole',
  group: 'AzApplicationGroup',
  scope: 'AzScope',
}

/** Attribute order per element (docs/store-format.md#41-attribute-order). */
export const ATTRIBUTE_ORDER: Readonly<Record<string, readonly string[]>> = {
  AzAdminManager: ['MajorVersion', 'MinorVersion', 'Guid', 'Description'],
  AzApplication: ['Guid', 'Name', 'Description', 'ApplicationVersion'],
  AzApplicationGroup: ['Guid', 'Name', 'Description', 'GroupType'],
  AzTask: ['Guid', 'Name', 'Description', 'BizRuleImportedPath', 'RoleDefinition'],
  AzOperation: ['Guid', 'Name', 'Description'],
  AzScope: ['Guid', 'Name', 'Description'],
  AzRole: ['Guid', 'Name', 'Description'],
}

/** Order of value children inside an object (docs/store-format.md#43-child-order). Object children are appended in creation order. */
export const CHILD_ORDER: Readonly<Record<string, readonly string[]>> = {
  AzOperation: ['OperationID'],
  AzTask: ['BizRuleLanguage', 'BizRule', 'OperationLink', 'TaskLink'],
  AzRole: ['TaskLink', 'OperationLink', 'AppMemberLink', 'Member'],
  AzApplicationGroup: ['BizRuleLanguage', 'LdapQuery', 'BizRule', 'BizRuleImportedPath', 'Member', 'NonMember', 'AppMemberLink', 'AppNonMemberLink'],
}

export const LIST_ELEMENT: Readonly<Record<EditableList, string>> = {
  operationLinks: 'OperationLink',
  taskLinks: 'TaskLink',
  appMemberLinks: 'AppMemberLink',
  appNonMemberLinks: 'AppNonMemberLink',
  members: 'Member',
  nonMembers: 'NonMember',
}

/** Where a scalar field lives on an element: an attribute or a text child. */
export type FieldPlace = { readonly attribute: string } | { readonly child: string }

export function fieldPlace(element: string, field: EditableField): FieldPlace {
  switch (field) {
    case 'name':
      return { attribute: 'Name' }
    case 'description':
      return { attribute: 'Description' }
    case 'version':
      return { attribute: 'ApplicationVersion' }
    case 'groupType':
      return { attribute: 'GroupType' }
    case 'roleDefinition':
      return { attribute: 'RoleDefinition' }
    case 'importedPath':
      // An attribute on tasks, an element on BizRule groups (docs/store-format.md#31-element-tree).
      return element === 'AzTask' ? { attribute: 'BizRuleImportedPath' } : { child: 'BizRuleImportedPath' }
    case 'operationId':
      return { child: 'OperationID' }
    case 'ldapQuery':
      return { child: 'LdapQuery' }
    case 'language':
      return { child: 'BizRuleLanguage' }
    case 'script':
      return { child: 'BizRule' }
  }
}

/** True for list elements holding SIDs; the others hold GUIDs. */
export function holdsSid(element: string): boolean {
  return element === 'Member' || element === 'NonMember'
}
