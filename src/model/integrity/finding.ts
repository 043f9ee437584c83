import type { ObjectPath } from '../paths.js'

/**
 * Stable codes of integrity findings. Scripts match on them; a code never
 * changes meaning. Errors break AzMan's rules (`azman validate` exits 1);
 * warnings are worth a look but AzMan itself accepts them.
 */
export const FindingCode = {
  DanglingLink: 'AZ_DANGLING_LINK',
  LinkWrongKind: 'AZ_LINK_WRONG_KIND',
  LinkNotVisible: 'AZ_LINK_NOT_VISIBLE',
  DuplicateGuid: 'AZ_DUPLICATE_GUID',
  MissingGuid: 'AZ_MISSING_GUID',
  MalformedGuid: 'AZ_MALFORMED_GUID',
  DuplicateOperationId: 'AZ_DUPLICATE_OPERATION_ID',
  OperationIdNotNumeric: 'AZ_OPERATION_ID_NOT_NUMERIC',
  DuplicateName: 'AZ_DUPLICATE_NAME',
  TaskCycle: 'AZ_TASK_CYCLE',
  GroupCycle: 'AZ_GROUP_CYCLE',
  NestingTooDeep: 'AZ_NESTING_TOO_DEEP',
  MalformedSid: 'AZ_MALFORMED_SID',
  EmptyName: 'AZ_NAME_EMPTY',
  NameTooLong: 'AZ_NAME_TOO_LONG',
  NameForbiddenCharacter: 'AZ_NAME_FORBIDDEN_CHARACTER',
  TextTooLong: 'AZ_TEXT_TOO_LONG',
  UnknownGroupType: 'AZ_GROUP_TYPE_UNKNOWN',
  VersionUnsupported: 'AZ_VERSION_UNSUPPORTED',
  BizRuleGroupInV1: 'AZ_BIZRULE_GROUP_IN_V1',
  ScopeNameLong: 'AZ_SCOPE_NAME_LONG',
  LdapQuerySyntax: 'AZ_LDAP_QUERY_SYNTAX',
  BizRuleLanguage: 'AZ_BIZRULE_LANGUAGE',
} as const

export type FindingCode = (typeof FindingCode)[keyof typeof FindingCode]

export type FindingSeverity = 'error' | 'warning'

export interface Finding {
  readonly code: FindingCode
  readonly severity: FindingSeverity
  /** The object the finding is about. */
  readonly path: ObjectPath
  /** That object's GUID, when it has one. */
  readonly guid?: string
  /** What is wrong and what to do about it. */
  readonly message: string
}
