import { ExitCode } from '../../errors/azman-error.js'
import { validationReport } from '../../views/validation-report.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { examplesSection } from '../examples.js'

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
at application level. Lint warnings never change the exit code.

${examplesSection(`azman validate store-samples/hyperv-2008r2-delegated.xml`, `azman validate store-samples/hyperv-2008r2.xml --json`)}`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('validate', args, {}, { min: 1, max: 1, names: 'one <store>' })
    const ref = positionals[0] ?? ''
    const { policy } = await loadStore(ref, io, globals.store)
    const report = validationReport(policy, ref)
    if (globals.json) writeJson(io, report)
    else {
      for (const f of report.findings) io.stdout.write(`${f.severity} ${f.code} ${f.location}: ${f.message}\n`)
      for (const w of report.lint) io.stdout.write(`lint ${w.code} ${w.location}: ${w.message}\n`)
      const { errors, warnings, lintWarnings } = report
      const linted = lintWarnings === 0 ? '' : `; ${lintWarnings} lint warning${lintWarnings === 1 ? '' : 's'}`
      io.stdout.write(`${ref}: ${report.valid ? 'valid' : 'invalid'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${linted})\n`)
    }
    return report.valid ? ExitCode.Ok : ExitCode.Negative
  },
}
