import { lintStore } from '../lint/lint-store.js'
import { isValid, validateStore } from '../model/integrity/validate.js'
import type { FindingCode, FindingSeverity } from '../model/integrity/finding.js'
import { formatPath, type ObjectPath } from '../model/paths.js'
import type { PolicyStore } from '../model/policy.js'

/** What `azman validate --json` prints and `GET /stores/{store}/validation` answers. */
export interface ValidationReport {
  readonly store: string
  readonly valid: boolean
  readonly errors: number
  readonly warnings: number
  readonly findings: readonly {
    readonly severity: FindingSeverity
    readonly code: FindingCode
    readonly path: ObjectPath
    /** The path as people read it. */
    readonly location: string
    readonly guid?: string
    readonly message: string
  }[]
  /** Lint warnings (never errors): grants wider than they look, principals that should not hold them. */
  readonly lintWarnings: number
  readonly lint: readonly { readonly code: string; readonly path: ObjectPath; readonly location: string; readonly guid?: string; readonly message: string }[]
}

/** Checks a store against AzMan's integrity rules and lints it; reports every finding. */
export function validationReport(policy: PolicyStore, store: string): ValidationReport {
  const findings = validateStore(policy)
  const errors = findings.filter((f) => f.severity === 'error').length
  const lint = lintStore(policy)
  return {
    store,
    valid: isValid(findings),
    errors,
    warnings: findings.length - errors,
    findings: findings.map((f) => ({ severity: f.severity, code: f.code, path: f.path, location: formatPath(f.path), ...(f.guid === undefined ? {} : { guid: f.guid }), message: f.message })),
    lintWarnings: lint.length,
    lint: lint.map((w) => ({ code: w.code, path: w.path, location: formatPath(w.path), ...(w.guid === undefined ? {} : { guid: w.guid }), message: w.message })),
  }
}
