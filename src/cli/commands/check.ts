import { checkAccess } from '../../access/index.js'
import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { whereText } from '../access-args.js'
import { loadAccessSubject, noteLine, TOKEN_USAGE } from '../access-subject.js'
import { sidWithName, withSidNames } from '../../views/sid-names.js'
import { AT_FLAG, AT_USAGE } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { renderCheck } from '../../access/explain/check-text.js'
import { examplesSection } from '../examples.js'
import { WHY_NOT_DEFAULT, WHY_NOT_MAX } from '../../access/explain/why-not.js'

/** `--why-not N`: a whole number from 0 to WHY_NOT_MAX; absent: WHY_NOT_DEFAULT. @throws UsageError */
function whyNotLimit(value: string | undefined): number {
  if (value === undefined) return WHY_NOT_DEFAULT
  const text = value.trim()
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) > WHY_NOT_MAX) throw new UsageError(`check: --why-not must be a whole number from 0 to ${WHY_NOT_MAX}, not ${JSON.stringify(value)}`)
  return Number(text)
}

export const check: Command = {
  name: 'check',
  summary: 'decide and explain access for a token, as AccessCheck would',
  usage: `azman check <store> --app A [--scope S] (--sid SID... | --account NAME) [--with-well-known] --operation ID|NAME... [--why-not N] [--at TIME|ID] [--json]

Emulates AzMan's AccessCheck off Windows: for each operation, granted, conditional
(a BizRule, an LDAP-query or BizRule group decides at run time) or denied, with the
proof: the role assignment, the path of role definitions and tasks to the operation,
the membership chain, and non-member exclusions that removed a path.

  --app A          the application (name, any case)
  --scope S        the scope; omitted: the application level. Application-level role
                   assignments apply in every scope.
${TOKEN_USAGE}
  --operation X    an OperationID or an operation name; repeat it.
  --why-not N      for each operation not granted, list its N nearest misses (default
                   ${WHY_NOT_DEFAULT}, at most ${WHY_NOT_MAX}; 0: none), with a count of the rest: conditions
                   that made it conditional, paths cut by a non-member exclusion, role
                   assignments that hold the operation but not the token (with the member
                   SIDs that would grant it if added), role assignments that hold the
                   token but not the operation (what they grant instead), other scopes
                   that grant it. In --json: "whyNot" on each such result.
${AT_USAGE}

Exit 0 when every operation is granted, 1 otherwise; 3 for an unknown application,
scope, operation or --account (AZMAN_ERR_NOT_FOUND).

${examplesSection(
  `azman check store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --scope "Lab VMs" --sid S-1-5-21-1004336348-1177238915-682003330-1105 --operation 315`,
  `# exits 1: one of the two operations is denied`,
  `azman check store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --scope "Lab VMs" --sid S-1-5-21-1004336348-1177238915-682003330-1107 --operation "Start Virtual Machine" --operation 335 --json`,
  `azman check store-samples/hyperv-2008r2.xml --app "Hyper-V services" --account 'BUILTIN\\Administrators' --operation 315 --operation 355`,
  `# exits 1: denied, with the role assignment that would grant it and to whom`,
  `azman check store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --scope "Production VMs" --sid S-1-5-21-1004336348-1177238915-682003330-1105 --operation 315 --why-not 3`,
)}`,
  async run(args, io, globals) {
    const flags = {
      app: { type: 'string' },
      scope: { type: 'string' },
      sid: { type: 'string', multiple: true },
      account: { type: 'string' },
      'with-well-known': { type: 'boolean' },
      operation: { type: 'string', multiple: true },
      'why-not': { type: 'string' },
      ...AT_FLAG,
    } as const
    const { values, positionals } = parseCommandArgs('check', args, flags, { min: 1, max: 1, names: 'one <store>' })
    if (values.operation === undefined || values.operation.length === 0) throw new UsageError('check: give at least one --operation ID|NAME; see azman check --help')
    const limit = whyNotLimit(values['why-not'])
    const subject = await loadAccessSubject('check', positionals[0] ?? '', values, io, globals, true)
    const { index, sids, names } = subject
    const checked = checkAccess(index, {
      scope: values.scope,
      sids,
      operations: values.operation,
      explain: true,
      whyNot: limit,
      ...(subject.groupOutcomes === undefined ? {} : { groupOutcomes: subject.groupOutcomes }),
    })
    const results = withSidNames(checked, names)
    const account = subject.account === undefined ? {} : { account: { sid: subject.account.sid, name: subject.account.name } }
    const note = subject.tokenNote === undefined ? {} : { tokenNote: subject.tokenNote }
    if (globals.json) writeJson(io, { application: index.application.name, scope: index.where(values.scope).scopeName ?? null, ...account, sids, ...note, results })
    else
      io.stdout.write(
        `${subject.account === undefined ? '' : `${subject.account.name}: token ${sids.map((s) => sidWithName(s, names)).join(', ')}\n`}${renderCheck(results, whereText(values.scope))}${noteLine(subject.tokenNote)}`,
      )
    return results.every((r) => r.decision === 'granted') ? ExitCode.Ok : ExitCode.Negative
  },
}
