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
}

/** Checks a store against AzMan's integrity rules and reports every finding. */
export function validationReport(policy: PolicyStore, store: string): ValidationReport {
  const findings = validateStore(policy)
  const errors = findings.filter((f) => f.severity === 'error').length
  return {
    store,
    valid: isValid(findings),
    errors,
    warnings: findings.length - errors,
    findings: findings.map((f) => ({ severity: f.severity, code: f.code, path: f.path, location: formatPath(f.path), ...(f.guid === undefined ? {} : { guid: f.guid }), message: f.message })),
  }
}
