import type { EditableField, EditableKind, EditableList } from '../../model/edit/policy-edit.js'

/**
 * How AzMan lays out each object in XML: element and attribute names, attribute
 * order and child order as AzMan's serializer writes them. The one table of
 * the XML format: the reader (read-policy.ts) and the writer (render-object.ts,
 * store/xml/write-edits.ts) both name elements and attributes through it.
 */

/** The root element of a store. */
export const STORE_ELEMENT = 'AzAdminManager'

/** The element of each kind of object. */
export const ELEMENT_OF = {
  application: 'AzApplication',
  operation: 'AzOperation',
  task: 'AzTask',
  'role-assignment': 'AzRole',
  group: 'AzApplicationGroup',
  scope: 'AzScope',
} as const satisfies Record<EditableKind, string>

/** The attribute that holds each model field kept in an attribute (`importedPath` on tasks only; see {@link fieldPlace}). */
export const ATTRIBUTE = {
  majorVersion: 'MajorVersion',
  minorVersion: 'MinorVersion',
  guid: 'Guid',
  name: 'Name',
  description: 'Description',
  version: 'ApplicationVersion',
  groupType: 'GroupType',
  roleDefinition: 'RoleDefinition',
  importedPath: 'BizRuleImportedPath',
} as const

/** The text child that holds each single-valued model field kept in a child element (`importedPath` on groups only). */
export const VALUE_CHILD = {
  operationId: 'OperationID',
  language: 'BizRuleLanguage',
  script: 'BizRule',
  ldapQuery: 'LdapQuery',
  importedPath: 'BizRuleImportedPath',
} as const

/** The child element of each list field, one child per value. */
export const LIST_ELEMENT = {
  operationLinks: 'OperationLink',
  taskLinks: 'TaskLink',
  appMemberLinks: 'AppMemberLink',
  appNonMemberLinks: 'AppNonMemberLink',
  members: 'Member',
  nonMembers: 'NonMember',
} as const satisfies Record<EditableList, string>

const A = ATTRIBUTE
const E = ELEMENT_OF
const L = LIST_ELEMENT
const V = VALUE_CHILD

/** Attribute order per element (docs/store-format.md#41-attribute-order); the reader carries any other attribute as an extra. */
export const ATTRIBUTE_ORDER: Readonly<Record<string, readonly string[]>> = {
  [STORE_ELEMENT]: [A.majorVersion, A.minorVersion, A.guid, A.description],
  [E.application]: [A.guid, A.name, A.description, A.version],
  [E.group]: [A.guid, A.name, A.description, A.groupType],
  [E.task]: [A.guid, A.name, A.description, A.importedPath, A.roleDefinition],
  [E.operation]: [A.guid, A.name, A.description],
  [E.scope]: [A.guid, A.name, A.description],
  [E['role-assignment']]: [A.guid, A.name, A.description],
}

/** Order of value children inside an object (docs/store-format.md#43-child-order). Object children are appended in creation order. */
export const CHILD_ORDER: Readonly<Record<string, readonly string[]>> = {
  [E.operation]: [V.operationId],
  [E.task]: [V.language, V.script, L.operationLinks, L.taskLinks],
  [E['role-assignment']]: [L.taskLinks, L.operationLinks, L.appMemberLinks, L.members],
  [E.group]: [V.language, V.ldapQuery, V.script, V.importedPath, L.members, L.nonMembers, L.appMemberLinks, L.appNonMemberLinks],
}

/** Where a scalar field lives on an element: an attribute or a text child. */
export type FieldPlace = { readonly attribute: string } | { readonly child: string }

export function fieldPlace(element: string, field: EditableField): FieldPlace {
  switch (field) {
    case 'name':
    case 'description':
    case 'version':
    case 'groupType':
    case 'roleDefinition':
      return { attribute: ATTRIBUTE[field] }
    case 'importedPath':
      // An attribute on tasks, an element on BizRule groups (docs/store-format.md#31-element-tree).
      return element === ELEMENT_OF.task ? { attribute: ATTRIBUTE.importedPath } : { child: VALUE_CHILD.importedPath }
    case 'operationId':
    case 'ldapQuery':
    case 'language':
    case 'script':
      return { child: VALUE_CHILD[field] }
  }
}

/** True for list elements holding SIDs; the others hold GUIDs. */
export function holdsSid(element: string): boolean {
  return element === LIST_ELEMENT.members || element === LIST_ELEMENT.nonMembers
}
