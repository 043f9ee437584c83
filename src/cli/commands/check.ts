import { checkAccess } from '../../access/index.js'
import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { loadAccessIndex, tokenSids, whereText } from '../access-args.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { renderCheck } from '../render/access-text.js'

export const check: Command = {
  name: 'check',
  summary: 'decide and explain access for a token, as AccessCheck would',
  usage: `azman check <store> --app A [--scope S] --sid SID... --operation ID|NAME... [--json]

Emulates AzMan's AccessCheck off Windows: for each operation, granted, conditional
(a BizRule, an LDAP-query or BizRule group decides at run time) or denied, with the
proof: the role assignment, the path of role definitions and tasks to the operation,
the membership chain, and non-member exclusions that removed a path.

  --app A          the application (name, any case)
  --scope S        the scope; omitted: the application level. Application-level role
                   assignments apply in every scope.
  --sid SID        a SID of the token, or a well-known name (Everyone,
                   BUILTIN\\Administrators); repeat it. The list is the whole token:
                   nothing is added, every SID counts as held.
  --operation X    an OperationID or an operation name; repeat it.

Exit 0 when every operation is granted, 1 otherwise; 3 for an unknown application,
scope or operation.`,
  async run(args, io, globals) {
    const flags = { app: { type: 'string' }, scope: { type: 'string' }, sid: { type: 'string', multiple: true }, operation: { type: 'string', multiple: true } } as const
    const { values, positionals } = parseCommandArgs('check', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const sids = tokenSids('check', values.sid)
    if (values.operation === undefined || values.operation.length === 0) throw new UsageError('check: give at least one --operation ID|NAME; see azman check --help')
    const index = await loadAccessIndex('check', positionals[0] ?? '', values.app, io)
    const results = checkAccess(index, { scope: values.scope, sids, operations: values.operation, explain: true })
    if (globals.json) writeJson(io, { application: index.application.name, scope: index.where(values.scope).scopeName ?? null, sids, results })
    else io.stdout.write(renderCheck(results, whereText(values.scope)))
    return results.every((r) => r.decision === 'granted') ? ExitCode.Ok : ExitCode.Negative
  },
}
