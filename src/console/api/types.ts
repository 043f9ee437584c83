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

/** One principal's access to one operation in one place, before and after (the `access` of a delta). */
export interface AccessChange {
  readonly application: string
  /** null: the application level (every scope). */
  readonly scope: string | null
  readonly principal: { readonly sid: string | null; readonly name: string | null; readonly alsoHolds: readonly string[] }
  readonly operation: { readonly id: number | null; readonly name: string }
  readonly before: string
  readonly after: string
  readonly change: 'gained' | 'lost'
}

/** Where tokens of several SIDs may change (the `combined` of a delta). */
export interface CombinedChange {
  readonly application: string
  readonly scope: string | null
  readonly operation: { readonly id: number | null; readonly name: string }
  readonly sids: readonly string[]
}

/** `POST /stores/{store}/plan?delta=true`: the plan with its effective-access delta. */
export interface PlanWithDelta extends Plan {
  /** The change set the plan was made of (also in every plan answer). */
  readonly changes: readonly unknown[]
  readonly accessDelta: { readonly access: readonly AccessChange[]; readonly combined: readonly CombinedChange[] }
}

/** One entry of `GET /stores/{store}/history`. */
export interface JournalEntry {
  readonly id: string
  readonly time: string
  readonly actor: string
  readonly reason?: string
  readonly before: string
  readonly after: string
  readonly summary: readonly string[]
}

/** `GET /stores/{store}/history`. */
export interface History {
  readonly entries: readonly JournalEntry[]
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
