import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { isRole, ROLES } from '../../tokens/roles.js'
import { addToken, listTokens, revokeToken } from '../../tokens/manage-tokens.js'
import { parseCommandArgs } from '../args.js'
import type { Command, GlobalOptions } from '../command.js'
import { writeJson, type CliIo } from '../io.js'
import { actionsNamed, commandWithActions } from '../write/actions.js'
import { required } from '../write/flags.js'
import { examplesSection } from '../examples.js'

const usage = `azman token add --tokens FILE --name N --role reader|auditor|operator
azman token list --tokens FILE [--json]
azman token revoke --tokens FILE --name N

API tokens of the REST service (azman serve --tokens FILE). The file keeps names, roles and
SHA-256 hashes, never tokens: add prints the new token alone on standard output, once.
Roles: reader (reads and access queries), auditor (reader plus audit and diff), operator
(everything, including writes). The token's name is the journal's actor for its writes.
A running server sees added and revoked tokens within a second.

${examplesSection(`azman token add --tokens tokens.json --name ci-audit --role auditor`, `azman token list --tokens tokens.json`, `azman token revoke --tokens tokens.json --name ci-audit`)}`

const flags = { tokens: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } as const

function action(name: 'add' | 'list' | 'revoke') {
  return async (args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode> => {
    const command = `token ${name}`
    const { values } = parseCommandArgs(command, args, flags, { min: 0, max: 0, names: 'no positional arguments' })
    const file = required(command, 'tokens', values.tokens)
    if (name === 'add') {
      const role = required(command, 'role', values.role)
      if (!isRole(role)) throw new UsageError(`${command}: --role is one of ${ROLES.join(', ')}, not ${JSON.stringify(role)}`)
      const { token, record } = await addToken(file, required(command, 'name', values.name), role)
      if (globals.json) writeJson(io, { name: record.name, role: record.role, created: record.created, token })
      else io.stdout.write(`${token}\n`)
      return ExitCode.Ok
    }
    if (name === 'revoke') {
      const record = await revokeToken(file, required(command, 'name', values.name))
      if (globals.json) writeJson(io, { revoked: { name: record.name, role: record.role, created: record.created } })
      else io.stdout.write(`revoked token ${JSON.stringify(record.name)} (${record.role})\n`)
      return ExitCode.Ok
    }
    if (values.name !== undefined || values.role !== undefined) throw new UsageError(`${command} takes only --tokens`)
    const records = await listTokens(file)
    if (globals.json) writeJson(io, { tokens: records.map((r) => ({ name: r.name, role: r.role, created: r.created })) })
    else if (records.length === 0) io.stdout.write('no tokens\n')
    else for (const r of records) io.stdout.write(`${r.name}  ${r.role}  created ${r.created}\n`)
    return ExitCode.Ok
  }
}

export const token: Command = commandWithActions('token', 'add, list or revoke API tokens of the REST service', usage, actionsNamed(['add', 'list', 'revoke'], action))
