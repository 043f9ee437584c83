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
