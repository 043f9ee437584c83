import type { Severity } from './severity.js'

/**
 * Stable codes of audit findings. Scripts match on them; a code never changes
 * meaning. docs/templates-and-audit.md documents each one.
 */
export const AuditCode = {
  ExcessOperations: 'AUDIT_EXCESS_OPERATIONS',
  RequiredMissing: 'AUDIT_REQUIRED_MISSING',
  ApplicationLevel: 'AUDIT_APPLICATION_LEVEL',
  ScopeLevel: 'AUDIT_SCOPE_LEVEL',
  ForbiddenPrincipal: 'AUDIT_FORBIDDEN_PRINCIPAL',
  BroadPrincipal: 'AUDIT_BROAD_PRINCIPAL',
  BizRuleGrant: 'AUDIT_BIZRULE_GRANT',
  DynamicMember: 'AUDIT_DYNAMIC_MEMBER',
  NoMembers: 'AUDIT_NO_MEMBERS',
  NoOperations: 'AUDIT_NO_OPERATIONS',
  UnresolvedMember: 'AUDIT_UNRESOLVED_MEMBER',
  DanglingMember: 'AUDIT_DANGLING_MEMBER',
  HostLocalPrincipal: 'AUDIT_HOST_LOCAL_PRINCIPAL',
  NoTemplate: 'AUDIT_NO_TEMPLATE',
  ClosestFit: 'AUDIT_TEMPLATE_CLOSEST_FIT',
  TemplateOperationName: 'AUDIT_TEMPLATE_OPERATION_NAME',
  BindingUnmatched: 'AUDIT_BINDING_UNMATCHED',
  CannotConnect: 'AUDIT_CANNOT_CONNECT',
  ExpiredMember: 'AUDIT_EXPIRED_MEMBER',
} as const

export type AuditCode = (typeof AuditCode)[keyof typeof AuditCode]

/** An operation as findings name it: the OperationID (null when the store's text is not a number) and the name. */
export interface OperationRefOut {
  readonly id: number | null
  readonly name: string
}

/** Who a finding is about: a SID (with its well-known or bound name), or an application group (`sid` null). */
export interface FindingPrincipal {
  readonly sid: string | null
  readonly name: string | null
}

/** One audit finding, as `azman audit --json` prints it. */
export interface AuditFinding {
  readonly severity: Severity
  readonly code: AuditCode
  readonly app: string
  /** The scope, or null at application level. */
  readonly scope: string | null
  /** The role assignment, or null for findings about the store or the inputs. */
  readonly roleAssignment: string | null
  readonly principal: FindingPrincipal | null
  readonly operations: readonly OperationRefOut[]
  /** The template the role assignment is held against, when there is one. */
  readonly template: string | null
  readonly message: string
}
