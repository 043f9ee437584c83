import type { EditableKind } from '../../model/edit/policy-edit.js'

/**
 * The AzMan classes and attributes of the Active Directory schema
 * (docs/store-format.md#101-classes,
 * docs/store-format.md#102-links-and-members), and the container layout AzMan
 * uses (docs/store-format.md#103-container-layout).
 */

export const CLASS = {
  store: 'msDS-AzAdminManager',
  application: 'msDS-AzApplication',
  scope: 'msDS-AzScope',
  operation: 'msDS-AzOperation',
  task: 'msDS-AzTask',
  'role-assignment': 'msDS-AzRole',
  group: 'group',
  container: 'container',
} as const

export type EntryKind = keyof typeof CLASS

export const ATTR = {
  cn: 'cn',
  objectClass: 'objectClass',
  description: 'description',
  objectGuid: 'objectGUID',
  azObjectGuid: 'msDS-AzObjectGuid',
  usnChanged: 'uSNChanged',
  whenChanged: 'whenChanged',
  majorVersion: 'msDS-AzMajorVersion',
  minorVersion: 'msDS-AzMinorVersion',
  applicationName: 'msDS-AzApplicationName',
  applicationVersion: 'msDS-AzApplicationVersion',
  scopeName: 'msDS-AzScopeName',
  operationId: 'msDS-AzOperationID',
  roleDefinition: 'msDS-AzTaskIsRoleDefinition',
  bizRule: 'msDS-AzBizRule',
  bizRuleLanguage: 'msDS-AzBizRuleLanguage',
  importedPath: 'msDS-AzLastImportedBizRulePath',
  ldapQuery: 'msDS-AzLDAPQuery',
  groupType: 'groupType',
  operationsForTask: 'msDS-OperationsForAzTask',
  tasksForTask: 'msDS-TasksForAzTask',
  operationsForRole: 'msDS-OperationsForAzRole',
  tasksForRole: 'msDS-TasksForAzRole',
  membersForRole: 'msDS-MembersForAzRole',
  member: 'member',
  nonMembers: 'msDS-NonMembers',
} as const

/**
 * Attributes the model has no field for, carried as extras under their AD names
 * so that AD -> XML -> AD keeps them
 * (docs/store-format.md#104-what-ad-cannot-hold).
 */
export const CARRIED_ATTRIBUTES = [
  'msDS-AzApplicationData',
  'msDS-AzGenericData',
  'msDS-AzDomainTimeout',
  'msDS-AzScriptTimeout',
  'msDS-AzScriptEngineCacheMax',
  'msDS-AzGenerateAudits',
  'msDS-AzClassId',
] as const

/** Every attribute a store load asks for. */
export const LOAD_ATTRIBUTES: readonly string[] = [...Object.values(ATTR), ...CARRIED_ATTRIBUTES]

/** Attributes read as bytes. */
export const BINARY_ATTRIBUTES: readonly string[] = [ATTR.objectGuid, ATTR.azObjectGuid]

/** `groupType` of AzMan application groups (MS-ADTS 2.2.12); no security-enabled bit. */
export const GROUP_TYPE = { Basic: 16, LdapQuery: 32 } as const

/** Per-parent containers: `<prefix><CN of the parent>`. */
export const CONTAINER_PREFIX: Readonly<Partial<Record<EditableKind, string>>> = {
  operation: 'AzOpObjectContainer-',
  task: 'AzTaskObjectContainer-',
  'role-assignment': 'AzRoleObjectContainer-',
  group: 'AzGroupObjectContainer-',
}

/** The longest `cn` AD accepts. */
export const CN_LIMIT = 64

/** The filter of a whole-store load: the Az classes, groups, and the containers between them. */
export const LOAD_CLASSES: readonly string[] = [CLASS.store, CLASS.application, CLASS.scope, CLASS.operation, CLASS.task, CLASS['role-assignment'], CLASS.group, CLASS.container]

/** The kind of an entry from its objectClass values; undefined for anything else. */
export function entryKind(objectClasses: readonly string[]): EntryKind | undefined {
  const lower = new Set(objectClasses.map((c) => c.toLowerCase()))
  for (const kind of ['store', 'application', 'scope', 'operation', 'task', 'role-assignment', 'group', 'container'] as const) {
    if (lower.has(CLASS[kind].toLowerCase())) return kind
  }
  return undefined
}
