import type { RunTimeGroup } from '../access/assignment-facts.js'
import type { ChosenBy } from './choose-template.js'
import type { AuditFinding, FindingPrincipal, OperationRefOut } from './finding.js'
import type { FailOn, Severity } from './severity.js'
import type { ReportMeta } from '../report/report-meta.js'

/** Someone who holds a role assignment, and the application groups it comes through (outermost first). */
export interface AuditedHolder extends FindingPrincipal {
  readonly via: readonly string[]
  /** conditional: a non-member entry on the way is decided at run time. */
  readonly certainty: 'certain' | 'conditional'
}

/** One role assignment as the audit saw it. */
export interface AuditedAssignment {
  readonly app: string
  readonly scope: string | null
  readonly roleAssignment: string
  readonly guid: string
  readonly template: string | null
  readonly chosenBy: ChosenBy
  /** Which template and why. */
  readonly reason: string
  readonly holders: readonly AuditedHolder[]
  /** LDAP-query and BizRule groups among its members (or, `nonMember`, among the non-members on the way). */
  readonly runTimeGroups: readonly RunTimeGroup[]
  /** Operations granted with no business rule on the way. */
  readonly granted: readonly OperationRefOut[]
  /** Operations granted only through business rules. */
  readonly conditional: readonly OperationRefOut[]
  /** The most severe of its findings, or null when it has none. */
  readonly severity: Severity | null
}

/**
 * What a matrix cell shows about one operation of one role assignment:
 * granted and allowed by the template, granted beyond it, granted only through
 * a business rule (within or beyond the template), required but not granted,
 * granted with no template to hold it against, or nothing.
 */
export type CellState = 'allowed' | 'excess' | 'conditional' | 'conditional-excess' | 'missing' | 'granted' | 'none'

export interface MatrixRow {
  readonly scope: string | null
  readonly roleAssignment: string
  readonly template: string | null
  readonly severity: Severity | null
  /** One cell per operation of the matrix, in the same order. */
  readonly cells: readonly CellState[]
}

/** Role assignments x operations of one application. */
export interface AuditMatrix {
  readonly app: string
  readonly operations: readonly OperationRefOut[]
  readonly rows: readonly MatrixRow[]
}

export interface AuditReport {
  /** When, from which store version, against which template hashes and by which azman (absent when the caller gave none). */
  readonly report?: ReportMeta
  readonly store: string
  /** Names of the templates the audit was given. */
  readonly templates: readonly string[]
  readonly failOn: FailOn
  /** Findings per severity. */
  readonly counts: Readonly<Record<Severity, number>>
  /** True when a finding reaches `failOn`: `azman audit` exits 1. */
  readonly failed: boolean
  readonly assignments: readonly AuditedAssignment[]
  /** Most severe first; in store order within a severity. */
  readonly findings: readonly AuditFinding[]
  readonly matrices: readonly AuditMatrix[]
}
