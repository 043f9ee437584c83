import { makeToken } from '../../access/index.js'
import { whatCan as whatCanQuery } from '../../access/queries/what-can.js'
import { ExitCode } from '../../errors/azman-error.js'
import { loadAccessIndex, tokenSids } from '../access-args.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { renderWhatCan } from '../render/what-can-text.js'

export const whatCan: Command = {
  name: 'what-can',
  summary: 'list what a token may do, per scope, with the role assignments that give it',
  usage: `azman what-can <store> --app A --sid SID... [--json]

Evaluates every operation of the application for the token, at application level and
in every scope. A scope's list includes what application-level role assignments give,
since they apply in every scope.

  --sid SID   a SID of the token, or a well-known name; repeat it. The list is the
              whole token: nothing is added, every SID counts as held.

Exit 0 when something is granted or conditional somewhere, 1 when nothing is; 3 for
an unknown application.`,
  async run(args, io, globals) {
    const flags = { app: { type: 'string' }, sid: { type: 'string', multiple: true } } as const
    const { values, positionals } = parseCommandArgs('what-can', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const sids = tokenSids('what-can', values.sid)
    const index = await loadAccessIndex('what-can', positionals[0] ?? '', values.app, io)
    const scopes = whatCanQuery(index, makeToken(sids))
    if (globals.json) writeJson(io, { application: index.application.name, sids, scopes })
    else io.stdout.write(renderWhatCan(scopes, sids))
    return scopes.some((s) => s.granted.length > 0 || s.conditional.length > 0) ? ExitCode.Ok : ExitCode.Negative
  },
}
