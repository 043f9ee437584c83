import { makeToken } from '../../access/index.js'
import { whatCan as whatCanQuery } from '../../access/queries/what-can.js'
import { ExitCode } from '../../errors/azman-error.js'
import { loadAccessSubject, noteLine, TOKEN_USAGE } from '../access-subject.js'
import { sidWithName, withSidNames } from '../../views/sid-names.js'
import { AT_FLAG, AT_USAGE } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { renderWhatCan } from '../render/what-can-text.js'
import { examplesSection } from '../examples.js'

export const whatCan: Command = {
  name: 'what-can',
  summary: 'list what a token may do, per scope, with the role assignments that give it',
  usage: `azman what-can <store> --app A (--sid SID... | --account NAME) [--with-well-known] [--at TIME|ID] [--json]

Evaluates every operation of the application for the token, at application level and
in every scope. A scope's list includes what application-level role assignments give,
since they apply in every scope.

${TOKEN_USAGE}
${AT_USAGE}

Exit 0 when something is granted or conditional somewhere, 1 when nothing is; 3 for
an unknown application or --account (AZMAN_ERR_NOT_FOUND).

${examplesSection(
  `azman what-can store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --sid S-1-5-21-1004336348-1177238915-682003330-1105`,
  `azman what-can store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --sid S-1-5-21-1004336348-1177238915-682003330-1110 --sid Everyone --json`,
)}`,
  async run(args, io, globals) {
    const flags = { app: { type: 'string' }, sid: { type: 'string', multiple: true }, account: { type: 'string' }, 'with-well-known': { type: 'boolean' }, ...AT_FLAG } as const
    const { values, positionals } = parseCommandArgs('what-can', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const subject = await loadAccessSubject('what-can', positionals[0] ?? '', values, io, globals, true)
    const { index, sids, names } = subject
    const scopes = withSidNames(whatCanQuery(index, makeToken(sids, subject.groupOutcomes)), names)
    const account = subject.account === undefined ? {} : { account: { sid: subject.account.sid, name: subject.account.name } }
    const note = subject.tokenNote === undefined ? {} : { tokenNote: subject.tokenNote }
    if (globals.json) writeJson(io, { application: index.application.name, ...account, sids, ...note, scopes })
    else
      io.stdout.write(
        `${renderWhatCan(
          scopes,
          sids.map((s) => sidWithName(s, names)),
        )}${noteLine(subject.tokenNote)}`,
      )
    return scopes.some((s) => s.granted.length > 0 || s.conditional.length > 0) ? ExitCode.Ok : ExitCode.Negative
  },
}
