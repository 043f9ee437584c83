import type { ObjectPath } from '../model/paths.js'

/**
 * Stable codes of lint warnings: things AzMan accepts but a reviewer should
 * look at. They never make `azman validate` fail. docs/templates-and-audit.md documents each.
 */
export const LintCode = {
  BroadPrincipal: 'LINT_BROAD_PRINCIPAL',
  NonMembersExcludeAll: 'LINT_NON_MEMBERS_EXCLUDE_ALL',
  BizRuleTaskInScope: 'LINT_BIZRULE_TASK_IN_SCOPE',
  LdapQueryGroup: 'LINT_LDAP_QUERY_GROUP',
  AssignmentGrantsNothing: 'LINT_ASSIGNMENT_GRANTS_NOTHING',
  OperationNeverGranted: 'LINT_OPERATION_NEVER_GRANTED',
  HyperVAppLevelVmOperations: 'LINT_HYPERV_APP_LEVEL_VM_OPERATIONS',
  GrantsNotEvaluated: 'LINT_GRANTS_NOT_EVALUATED',
} as const

export type LintCode = (typeof LintCode)[keyof typeof LintCode]

export interface LintWarning {
  readonly code: LintCode
  /** The object the warning is about. */
  readonly path: ObjectPath
  /** That object's GUID, when it has one. */
  readonly guid?: string
  /** What to look at, and why. */
  readonly message: string
}

/** Collects lint warnings in the order the rules find them. */
export class LintSink {
  readonly warnings: LintWarning[] = []

  warn(code: LintCode, path: ObjectPath, guid: string | undefined, message: string): void {
    this.warnings.push(guid === undefined || guid === '' ? { code, path, message } : { code, path, guid, message })
  }
}
