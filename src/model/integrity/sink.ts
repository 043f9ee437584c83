import type { ObjectPath } from '../paths.js'
import type { Finding, FindingCode, FindingSeverity } from './finding.js'

/** Collects findings for one validation run. */
export class FindingSink {
  readonly findings: Finding[] = []

  error(code: FindingCode, path: ObjectPath, guid: string | undefined, message: string): void {
    this.add('error', code, path, guid, message)
  }

  warning(code: FindingCode, path: ObjectPath, guid: string | undefined, message: string): void {
    this.add('warning', code, path, guid, message)
  }

  private add(severity: FindingSeverity, code: FindingCode, path: ObjectPath, guid: string | undefined, message: string): void {
    this.findings.push(guid === undefined || guid === '' ? { code, severity, path, message } : { code, severity, path, guid, message })
  }
}
