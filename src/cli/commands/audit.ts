import { expiriesForRead } from '../expiries.js'
import { withSidNames } from '../../views/sid-names.js'
import { auditStore } from '../../audit/audit-store.js'
import { loadBinding } from '../../audit/load-binding.js'
import { AUDIT_FORMATS, renderAudit } from '../../audit/render/formats.js'
import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { loadTemplates } from '../../templates/load-templates.js'
import { reportMeta } from '../../report/report-meta.js'
import { redactStoreRef } from '../../report/redact-ref.js'
import { AT_EXPIRY_USAGE, AT_FLAG, AT_USAGE } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { examplesSection } from '../examples.js'
import { failOnOption, reportFormatOption } from '../report-options.js'

export const audit: Command = {
  name: 'audit',
  summary: 'hold every role assignment against least-privilege templates',
  usage: `azman audit <store> --template T... [--binding FILE] [--fail-on SEVERITY] [--at TIME|ID] [--json | --format text|md|csv|html]

Holds each role assignment against a template: the one the binding file names,
else one named like it, else the closest fit (the report says which and why).
Reports operations beyond the template, required operations missing, the wrong
level (an application-level assignment applies to every VM), forbidden and broad
principals, grants that depend on business rules or LDAP-query groups, empty
assignments, unresolvable members, and principals delegated operations who lack
100 and 295 at application level (Hyper-V Manager cannot connect), each with a
severity: info < low < medium < high < critical.

--template    a shipped template's name, a template file, or a folder of them; repeatable
--binding     a JSON file binding role assignments to templates (docs/templates-and-audit.md)
--fail-on     exit 1 when a finding reaches this severity (default high; none never fails)
--format      text (default), md, csv (findings), html (a self-contained report page), json
${AT_USAGE}
${AT_EXPIRY_USAGE}

Exit 0 when no finding reaches --fail-on, 1 when one does; 2 for a template or binding file
that cannot be found or read.

${examplesSection(
  `azman audit store-samples/hyperv-2008r2-delegated.xml --template templates/`,
  `# exits 1: the delegated store has findings at medium or above`,
  `azman audit store-samples/hyperv-2008r2-delegated.xml --template hyperv-vm-operator --template hyperv-it-monitor --fail-on medium`,
  `azman audit store-samples/hyperv-2008r2-delegated.xml --template templates/ --format md`,
)}`,
  async run(args, io, globals) {
    const flags = { template: { type: 'string', multiple: true }, binding: { type: 'string' }, 'fail-on': { type: 'string' }, format: { type: 'string' }, ...AT_FLAG } as const
    const { values, positionals } = parseCommandArgs('audit', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const threshold = failOnOption('audit', values['fail-on'])
    const output = reportFormatOption('audit', values.format, globals.json, AUDIT_FORMATS)
    const refs = values.template ?? []
    if (refs.length === 0)
      throw new UsageError('audit: give at least one --template (a shipped name such as hyperv-vm-operator, a file, or a folder such as templates/); azman templates lists the shipped ones')
    const templates = await loadTemplates(refs)
    const binding = values.binding === undefined ? undefined : await loadBinding(values.binding, templates)
    const ref = positionals[0] ?? ''
    const { policy, version } = await loadStore(ref, io, globals.store, values.at)
    const meta = reportMeta({ stores: [{ ref, version }], templates })
    // Principals are named from the --names file (audits never ask a directory).
    const expiries = { entries: await expiriesForRead(ref, io, globals, values.at), now: new Date() }
    const report = withSidNames(
      auditStore(policy, { store: redactStoreRef(ref), report: meta, templates, ...(binding === undefined ? {} : { binding }), failOn: threshold, expiries }),
      globals.names?.names,
    )
    if (output === 'json') writeJson(io, report)
    else io.stdout.write(renderAudit(report, output))
    return report.failed ? ExitCode.Negative : ExitCode.Ok
  },
}
