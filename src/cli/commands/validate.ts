import { ExitCode } from '../../errors/azman-error.js'
import { lintStore } from '../../lint/lint-store.js'
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
1 when it breaks a rule (each finding listed), 2 when it cannot be read.
Also lints what AzMan accepts but a reviewer should see (lines "lint LINT_..."):
Everyone or Authenticated Users in a role assignment, groups emptied by their
non-members, business rules in scopes, LDAP-query groups, role assignments that
grant nothing, operations nobody can be granted, Hyper-V VM operations granted
at application level. Lint warnings never change the exit code.`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('validate', args, {}, { min: 1, max: 1, names: 'one <store>' })
    const ref = positionals[0] ?? ''
    const { policy } = await loadStore(ref, io)
    const findings = validateStore(policy)
    const valid = isValid(findings)
    const errors = findings.filter((f) => f.severity === 'error').length
    const warnings = findings.length - errors
    const lint = lintStore(policy)
    if (globals.json) {
      writeJson(io, {
        store: ref,
        valid,
        errors,
        warnings,
        findings: findings.map((f) => ({ severity: f.severity, code: f.code, path: f.path, location: formatPath(f.path), ...(f.guid === undefined ? {} : { guid: f.guid }), message: f.message })),
        lintWarnings: lint.length,
        lint: lint.map((w) => ({ code: w.code, path: w.path, location: formatPath(w.path), ...(w.guid === undefined ? {} : { guid: w.guid }), message: w.message })),
      })
    } else {
      for (const f of findings) io.stdout.write(`${f.severity} ${f.code} ${formatPath(f.path)}: ${f.message}\n`)
      for (const w of lint) io.stdout.write(`lint ${w.code} ${formatPath(w.path)}: ${w.message}\n`)
      const linted = lint.length === 0 ? '' : `; ${lint.length} lint warning${lint.length === 1 ? '' : 's'}`
      io.stdout.write(`${ref}: ${valid ? 'valid' : 'invalid'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${linted})\n`)
    }
    return valid ? ExitCode.Ok : ExitCode.Negative
  },
}
