import { whoCan as whoCanQuery } from '../../access/queries/who-can.js'
import { ExitCode } from '../../errors/azman-error.js'
import { required } from '../write/flags.js'
import { loadAccessSubject } from '../access-subject.js'
import { withSidNames } from '../../views/sid-names.js'
import { AT_EXPIRY_USAGE, AT_FLAG, AT_USAGE } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { renderWhoCan } from '../render/who-can-text.js'
import { examplesSection } from '../examples.js'
import { expiriesForRead } from '../expiries.js'
import { memberExpiries, whoCanWithExpiries } from '../../views/member-expiries.js'

export const whoCan: Command = {
  name: 'who-can',
  summary: 'list who is granted (or conditionally granted) an operation, with the paths',
  usage: `azman who-can <store> --app A [--scope S] --operation ID|NAME [--at TIME|ID] [--json]

The reverse lookup AzMan lacks: every SID the store names as a member of a role
assignment that applies in the scope (application level included), each taken as a
token of its own, granted or conditional, with the proof; the application groups
whose members get the operation; and the non-members that cut a granting chain.
Members of Windows groups are not expanded. With a directory (the store's DC for an
msldap:// store, else --directory / AZMAN_LDAP_URL) SIDs are shown with their account
names. A principal whose every grant is a membership with an expiry (delegate --until,
docs/expiry.md) is shown with the latest: (until 2099-01-31T18:00:00Z); in --json, "expiresAt".

${AT_USAGE}
${AT_EXPIRY_USAGE}

Exit 0 when some principal or group gets the operation, 1 when none does; 3 for an
unknown application, scope or operation.

${examplesSection(
  `azman who-can store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --scope "Lab VMs" --operation 315`,
  `azman who-can store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --operation "Reconfigure Service" --json`,
)}`,
  async run(args, io, globals) {
    const flags = { app: { type: 'string' }, scope: { type: 'string' }, operation: { type: 'string' }, ...AT_FLAG } as const
    const { values, positionals } = parseCommandArgs('who-can', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const operation = required('who-can', 'operation', values.operation)
    const { index, names } = await loadAccessSubject('who-can', positionals[0] ?? '', values, io, globals, false)
    const found = whoCanQuery(index, index.where(values.scope), index.operation(operation))
    // A principal whose every grant ends (delegate --until, docs/expiry.md) is shown with when.
    const result = withSidNames(whoCanWithExpiries(found, memberExpiries(await expiriesForRead(positionals[0] ?? '', io, globals, values.at))), names)
    if (globals.json) writeJson(io, { application: index.application.name, ...result })
    else io.stdout.write(renderWhoCan(result))
    return result.principals.length > 0 || result.groups.length > 0 ? ExitCode.Ok : ExitCode.Negative
  },
}
