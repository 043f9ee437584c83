import { isSeverity, SEVERITIES, type FailOn } from '../audit/severity.js'
import { UsageError } from '../errors/usage-error.js'

/** `--fail-on`: a severity or none; default high. `command` names the command in the message. */
export function failOnOption(command: string, value: string | undefined): FailOn {
  if (value === undefined) return 'high'
  if (value === 'none' || isSeverity(value)) return value
  throw new UsageError(`${command}: --fail-on must be one of ${SEVERITIES.join(', ')} or none, not ${JSON.stringify(value)}`)
}

/** `--format` (or `--json`): one of a report's `formats` (the audit's: AUDIT_FORMATS); default text, json with --json. */
export function reportFormatOption<F extends string>(command: string, value: string | undefined, json: boolean, formats: readonly F[]): F | 'text' | 'json' {
  if (value === undefined) return json ? 'json' : 'text'
  const found = formats.find((f) => f === value)
  if (found === undefined) throw new UsageError(`${command}: --format must be one of ${formats.join(', ')}, not ${JSON.stringify(value)}`)
  if (json && found !== 'json') throw new UsageError(`${command}: give --json or --format, not both`)
  return found
}
