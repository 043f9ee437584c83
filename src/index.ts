/**
 * azman's public library API: what `import ... from 'azman'` gives. The CLI and the REST service are
 * built on the same functions. Everything else under `src/` is internal and may move between
 * releases; what this file exports follows semantic versioning.
 *
 * - Stores: {@link openStore} (an XML path or an `msldap://` URL), {@link loadPolicy}.
 * - Change sets: {@link parseChangeSet}, {@link planChangeSet}, {@link applyChangeSet} (the one write path).
 * - Access: {@link checkAccess}, {@link whoCan}, {@link whatCan}.
 * - {@link audit} against least-privilege templates ({@link shippedTemplates}), {@link diffStores}.
 * - Errors: every error azman throws on purpose is an {@link AzmanError} with a stable `code`
 *   (`AZMAN_ERR_...`) and the `exitCode` the CLI ends with (docs/errors.md).
 *
 * @packageDocumentation
 */

export { openStore, loadPolicy, type OpenStoreOptions } from './api/store.js'
export { parseChangeSet, planChangeSet, applyChangeSet, type PlanChangeSetOptions, type ApplyChangeSetOptions } from './api/changes.js'
export { checkAccess, whoCan, whatCan, type AccessPlace, type CheckQuery, type WhoCanQuery, type WhatCanQuery } from './api/access.js'
export { audit, shippedTemplates, type AuditSettings } from './api/audit.js'
export { diffStores } from './api/diff.js'

export * from './errors/index.js'
export { AccessLimitError, AccessTooDeepError } from './access/access-errors.js'

export type { StorePort, StoreSnapshot, UpdateResult, JournalEntry } from './store/port.js'
export type { ExpectedVersion } from './store/precondition.js'
export type { LdapSettings } from './ldap/settings.js'
export type { PolicyStore, Application, Scope, Operation, Task, RoleAssignment, ApplicationGroup, GroupType, PolicyObject, BizRule } from './model/policy.js'
export type { PolicyEdit } from './model/edit/policy-edit.js'
export { CHANGE_TYPES, type Change, type ChangeSet, type ChangeType, type OperationRef as ChangeOperationRef, type PrincipalRef, type BizRuleSpec, type TaskKind } from './change-set/change.js'
export type { Plan, PlannedChange } from './change-set/plan.js'
export type { WriteOutcome } from './change-set/run-write.js'
export type { AccessResult } from './access/explain/explain-access.js'
export type { Because, Condition, GroupRef, MemberStep, PathStep, RoleAssignmentRef, BizRuleRef } from './access/explain/proof.js'
export type { InsteadGrant, NearMiss, NonMemberList, WhyNot, WouldGrant } from './access/explain/why-not.js'
export type { Decision } from './access/decision.js'
export type { OperationRef } from './access/operations/operation-table.js'
export type { WhoCanResult, PrincipalAccess, GroupAccess, ExcludedPrincipal } from './access/queries/who-can.js'
export type { ScopeAccess, OperationAccess } from './access/queries/what-can.js'
export { AuditCode, type AuditFinding, type FindingPrincipal } from './audit/finding.js'
export type { AuditReport, AuditedAssignment, AuditMatrix } from './audit/report.js'
export { SEVERITIES, type Severity, type FailOn } from './audit/severity.js'
export type { Template } from './templates/template.js'
export type { StoreDiff } from './diff/store-diff.js'
export type { ObjectChange, FieldChange, ListChange, ListValue } from './diff/object-changes.js'
export type { AccessChange, CombinedChange, DeltaPrincipal } from './diff/access-delta.js'
