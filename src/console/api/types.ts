/**
 * The parts of the REST answers the console reads. The server describes each
 * answer by its TypeBox schema (GET /openapi.json); these are the fields of
 * them the console uses, no more.
 */
export type Role = 'reader' | 'auditor' | 'operator'

export interface Session {
  readonly name: string
  readonly role: Role
}

export interface StoreListing {
  readonly stores: readonly { readonly name: string }[]
}

export interface Member {
  readonly sid: string
  readonly name: string | null
}

export interface Operation {
  readonly name: string
  readonly id: number
  readonly guid: string
  readonly description?: string
}

export interface Task {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly roleDefinition: boolean
  readonly operations: readonly number[]
  readonly tasks: readonly string[]
  readonly bizRule: unknown
}

export interface RoleAssignment {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly tasks: readonly string[]
  readonly operations: readonly number[]
  readonly members: readonly Member[]
  readonly appMembers: readonly string[]
}

export interface Group {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly type: string
  readonly members: readonly Member[]
  readonly nonMembers: readonly Member[]
  readonly appMembers: readonly string[]
  readonly appNonMembers: readonly string[]
  readonly ldapQuery: string | null
}

export interface Scope {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly tasks: readonly Task[]
  readonly roles: readonly RoleAssignment[]
  readonly groups: readonly Group[]
}

export interface Application {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly operations: readonly Operation[]
  readonly tasks: readonly Task[]
  readonly roles: readonly RoleAssignment[]
  readonly groups: readonly Group[]
  readonly scopes: readonly Scope[]
}

/** `GET /stores/{store}`: the store as `azman show --json` prints it. */
export interface StoreView {
  readonly store: string
  readonly version: string
  readonly applications: readonly Application[]
  readonly groups: readonly Group[]
}

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  readonly status: number
  readonly code: string
  readonly detail: string
}

/** What one change of a plan does. */
export interface PlanResult {
  readonly index: number
  readonly type: string
  /** `applied`, `would-apply` (a dry run) or `in-place` (the store already is as asked). */
  readonly status: string
  readonly summary: string
}

/** A plan (`POST /stores/{store}/plan`, and the `plan` of a write's answer). */
export interface Plan {
  readonly baseVersion: string
  readonly results: readonly PlanResult[]
  readonly editSummaries: readonly string[]
  readonly warnings: readonly string[]
}

/** A write's answer (also a dry run's: `written` false). */
export interface WriteAnswer {
  readonly dryRun: boolean
  readonly written: boolean
  readonly before: string
  readonly after: string
  readonly plan: Plan
}

/* --- Access questions (GET {place}/access, {place}/who-can, {app}/what-can) --- */

/** An operation as the access answers name it. */
export interface OperationRef {
  readonly id: number | null
  readonly name: string
  readonly guid: string
}

/** A role assignment as the access answers name it (`scope` null: application level). */
export interface RoleAssignmentRef {
  readonly name: string
  readonly guid: string
  readonly scope: string | null
}

/** An application group as the access answers name it. */
export interface GroupRef {
  readonly name: string
  readonly guid: string
  readonly groupType: string
  readonly level: 'store' | 'application' | 'scope'
  readonly scope: string | null
}

/** A step of a proof's path: role definitions and tasks from the role assignment down to the operation. */
export type PathStep =
  | { readonly type: 'role-definition' | 'task'; readonly name: string; readonly guid: string; readonly scope: string | null; readonly bizRule: { readonly language: string | null } | null }
  | ({ readonly type: 'operation' } & OperationRef)

/** A link of a membership chain: from a SID of the token (or a run-time group) up through groups. */
export type MemberStep = { readonly type: 'sid'; readonly sid: string; readonly name: string | null } | ({ readonly type: 'group' } & GroupRef)

/** What a conditional grant depends on (docs/access-evaluation.md §7). */
export interface Condition {
  readonly type: string
  readonly group?: GroupRef
  readonly task?: PathStep
  readonly query?: string | null
}

/** One reason of a decision: a granting path, or one cut by a non-member. */
export type Because =
  | {
      readonly type: 'grant'
      readonly certainty: 'certain' | 'conditional'
      readonly roleAssignment: RoleAssignmentRef
      readonly path: readonly PathStep[]
      readonly member: readonly MemberStep[]
      readonly conditions: readonly Condition[]
    }
  | {
      readonly type: 'excluded'
      readonly roleAssignment: RoleAssignmentRef
      readonly path: readonly PathStep[]
      readonly member: readonly MemberStep[]
      readonly excludedBy: { readonly group: GroupRef; readonly nonMember: readonly MemberStep[] }
    }

export type Decision = 'granted' | 'conditional' | 'denied'

/** A nearest miss of a decision that is not granted (docs/access-evaluation.md §6.5). */
export type Miss =
  | { readonly type: 'condition'; readonly roleAssignment: RoleAssignmentRef; readonly path: readonly PathStep[]; readonly member: readonly MemberStep[]; readonly conditions: readonly Condition[] }
  | (Extract<Because, { type: 'excluded' }> & { readonly type: 'excluded' })
  | {
      readonly type: 'holds-operation'
      readonly roleAssignment: RoleAssignmentRef
      readonly tokenMember: 'no' | 'conditional'
      readonly path: readonly PathStep[]
      readonly wouldGrant: readonly { readonly sid: string; readonly name: string | null; readonly certainty: 'certain' | 'conditional'; readonly member: readonly MemberStep[] }[]
      readonly moreWouldGrant: number
    }
  | {
      readonly type: 'holds-token'
      readonly roleAssignment: RoleAssignmentRef
      readonly member: readonly MemberStep[]
      readonly grants: readonly { readonly operation: OperationRef; readonly certainty: 'certain' | 'conditional' }[]
      readonly moreGrants: number
    }
  | {
      readonly type: 'other-scope'
      readonly scope: string
      readonly decision: 'granted' | 'conditional'
      readonly roleAssignment: RoleAssignmentRef
      readonly path: readonly PathStep[]
      readonly member: readonly MemberStep[]
      readonly conditions: readonly Condition[]
    }

/** `GET {place}/access`: one decision per operation, with its proof and, when not granted, its nearest misses. */
export interface CheckAnswer {
  readonly application: string
  readonly scope: string | null
  readonly account?: { readonly sid: string; readonly name: string }
  readonly sids: readonly string[]
  readonly tokenNote?: string
  readonly results: readonly {
    readonly operation: OperationRef
    readonly decision: Decision
    readonly because: readonly Because[]
    readonly whyNot?: { readonly misses: readonly Miss[]; readonly more: number }
  }[]
}

/** `GET {place}/who-can?operation=`: the principals granted (or conditionally) the operation there. */
export interface WhoCanAnswer {
  readonly application: string
  readonly operation: OperationRef
  readonly scope: string | null
  readonly principals: readonly { readonly sid: string; readonly name: string | null; readonly decision: 'granted' | 'conditional'; readonly because: readonly Because[] }[]
  readonly groups: readonly { readonly group: GroupRef; readonly decision: 'granted' | 'conditional'; readonly roleAssignment: RoleAssignmentRef }[]
  readonly excluded: readonly { readonly nonMember: MemberStep; readonly nonMemberOf: GroupRef; readonly roleAssignment: RoleAssignmentRef }[]
}

/** `GET .../{app}/what-can`: per scope (null: application level), the operations granted and conditional. */
export interface WhatCanAnswer {
  readonly application: string
  readonly account?: { readonly sid: string; readonly name: string }
  readonly sids: readonly string[]
  readonly tokenNote?: string
  readonly scopes: readonly {
    readonly scope: string | null
    readonly granted: readonly { readonly operation: OperationRef; readonly because: readonly Because[] }[]
    readonly conditional: readonly { readonly operation: OperationRef; readonly because: readonly Because[] }[]
  }[]
}

/* --- History (GET /stores/{store}/history, GET /stores/{store}/changes, POST .../rollback) --- */

/** A journal entry (`GET /stores/{store}/history`, oldest first). */
export interface JournalEntry {
  readonly id: string
  readonly time: string
  readonly actor: string
  readonly reason?: string
  readonly action: 'apply' | 'rollback'
  readonly changes: unknown
  readonly before: string
  readonly after: string
  /** What it did in words, one line per change. */
  readonly summary: readonly string[]
}

/** One principal's access to one operation in one place, before and after. */
export interface AccessChange {
  readonly application: string
  readonly scope: string | null
  readonly principal: { readonly sid: string | null; readonly name: string | null; readonly alsoHolds: readonly string[] }
  readonly operation: OperationRef
  readonly before: Decision
  readonly after: Decision
  readonly change: 'gained' | 'lost'
}

/** Operations whose access may change for tokens of several SIDs. */
export interface CombinedChange {
  readonly application: string
  readonly scope: string | null
  readonly operation: OperationRef
  readonly sids: readonly string[]
}

/** An entry of the change feed: the journal entry with its effective-access delta. */
export interface FeedEntry extends JournalEntry {
  readonly access: readonly AccessChange[]
  readonly combined: readonly CombinedChange[]
  readonly outside?: { readonly from: string; readonly to: string; readonly access: readonly AccessChange[]; readonly combined: readonly CombinedChange[] }
}

/** `GET /stores/{store}/changes?since=&limit=`. */
export interface FeedPage {
  readonly entries: readonly FeedEntry[]
  readonly next?: string
  readonly last: string | null
}

/** `POST /stores/{store}/rollback` (also its dry run): the store versions and the edits, each in words. */
export interface RollbackAnswer {
  readonly dryRun: boolean
  readonly written: boolean
  readonly rolledBackTo?: string
  readonly before: string
  readonly after: string
  readonly edits: readonly { readonly summary: string }[]
}

/** `GET /stores/{store}/history`. */
export interface History {
  readonly entries: readonly JournalEntry[]
}

/** `POST /stores/{store}/plan?delta=true`: the plan with its effective-access delta. */
export interface PlanWithDelta extends Plan {
  /** The change set the plan was made of (also in every plan answer). */
  readonly changes: readonly unknown[]
  readonly accessDelta: { readonly access: readonly AccessChange[]; readonly combined: readonly CombinedChange[] }
}

/** One shipped template of `GET /templates`. */
export interface Template {
  readonly name: string
  readonly title: string
  readonly description?: string
  readonly application: string
  readonly assignableAt?: unknown
  readonly companions: readonly unknown[]
}

/** `GET /templates`. */
export interface TemplateList {
  readonly templates: readonly Template[]
}
/** `GET /stores/{store}/applications`: the applications' names (and more the console does not read). */
export interface ApplicationListing {
  readonly applications: readonly { readonly name: string }[]
}

/** `GET /templates`: the shipped templates an audit may name. */
export interface TemplateListing {
  readonly templates: readonly { readonly name: string; readonly title: string }[]
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info'

/** An operation as audit findings name it (`id` null when the store's OperationID is not a number). */
export interface OperationRefOut {
  readonly id: number | null
  readonly name: string
}

/** One finding of `POST /stores/{store}/audit`. */
export interface AuditFinding {
  readonly severity: Severity
  readonly code: string
  readonly app: string
  readonly scope: string | null
  readonly roleAssignment: string | null
  readonly principal: { readonly sid: string | null; readonly name: string | null } | null
  readonly operations: readonly OperationRefOut[]
  readonly template: string | null
  readonly message: string
}

/** A matrix cell as the audit judges it (src/audit/report.ts CellState). */
export type CellState = 'allowed' | 'excess' | 'conditional' | 'conditional-excess' | 'missing' | 'granted' | 'none'

/** `POST /stores/{store}/audit` (JSON): the findings and, per application, role assignments x operations against their templates. */
export interface AuditReport {
  readonly templates: readonly string[]
  readonly counts: Readonly<Record<Severity, number>>
  readonly findings: readonly AuditFinding[]
  readonly matrices: readonly {
    readonly app: string
    readonly operations: readonly OperationRefOut[]
    readonly rows: readonly { readonly scope: string | null; readonly roleAssignment: string; readonly template: string | null; readonly cells: readonly CellState[] }[]
  }[]
}

/** `GET /stores/{store}/applications/{app}/matrix`: role assignments x operations per container (application level first). */
export interface AccessMatrix {
  readonly application: string
  readonly operations: readonly { readonly id: number | null; readonly name: string }[]
  readonly containers: readonly {
    readonly scope: string | null
    readonly rows: readonly { readonly roleAssignment: { readonly name: string }; readonly cells: readonly ('certain' | 'conditional' | null)[] }[]
  }[]
}
