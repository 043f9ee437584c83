import { AUDIT_FORMATS, type AuditFormat } from '../audit/render/formats.js'
import { isSeverity, SEVERITIES, type FailOn } from '../audit/severity.js'
import { UsageError } from '../errors/usage-error.js'

/** `--fail-on`: a severity or none; default high. `command` names the command in the message. */
export function failOnOption(command: string, value: string | undefined): FailOn {
  if (value === undefined) return 'high'
  if (value === 'none' || isSeverity(value)) return value
  throw new UsageError(`${command}: --fail-on must be one of ${SEVERITIES.join(', ')} or none, not ${JSON.stringify(value)}`)
}

/** `--format` (or `--json`): one of the audit's report formats; default text, json with --json. */
export function reportFormatOption(command: string, value: string | undefined, json: boolean): AuditFormat {
  if (value === undefined) return json ? 'json' : 'text'
  if (!(AUDIT_FORMATS as readonly string[]).includes(value)) throw new UsageError(`${command}: --format must be one of ${AUDIT_FORMATS.join(', ')}, not ${JSON.stringify(value)}`)
  if (json && value !== 'json') throw new UsageError(`${command}: give --json or --format, not both`)
  return value as AuditFormat
}
