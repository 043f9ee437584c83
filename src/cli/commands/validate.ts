import { ExitCode } from '../../errors/azman-error.js'
import { isValid, validateStore } from '../../model/integrity/validate.js'
import { formatPath } from '../../model/paths.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'

export const validate: Command = {
  name: 'validate',
  summary: "check the store against AzMan's integrity rules",
  usage: `azman validate <store> [--json]

Checks the store against AzMan's integrity rules: links, GUIDs, OperationIDs,
names, cycles, SIDs, limits. Exit 0 when valid (warnings alone still pass),
1 when it breaks a rule (each finding listed), 2 when it cannot be read.`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('validate', args, {}, { min: 1, max: 1, names: 'one <store>' })
    const ref = positionals[0] ?? ''
    const { policy } = await loadStore(ref, io, globals.store)
    const findings = validateStore(policy)
    const valid = isValid(findings)
    const errors = findings.filter((f) => f.severity === 'error').length
    const warnings = findings.length - errors
    if (globals.json) {
      writeJson(io, {
        store: ref,
        valid,
        errors,
        warnings,
        findings: findings.map((f) => ({ severity: f.severity, code: f.code, path: f.path, location: formatPath(f.path), ...(f.guid === undefined ? {} : { guid: f.guid }), message: f.message })),
      })
    } else {
      for (const f of findings) io.stdout.write(`${f.severity} ${f.code} ${formatPath(f.path)}: ${f.message}\n`)
      io.stdout.write(`${ref}: ${valid ? 'valid' : 'invalid'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})\n`)
    }
    return valid ? ExitCode.Ok : ExitCode.Negative
  },
}
