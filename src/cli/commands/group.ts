import type { Change } from '../../change-set/change.js'
import { UsageError } from '../../errors/usage-error.js'
import { parseCommandArgs } from '../args.js'
import type { Command, GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'
import { actionsNamed, commandWithActions } from '../write/actions.js'
import { PRINCIPAL_FLAGS, renamedFlag, requiredPrincipals, required, WHERE_FLAGS } from '../write/flags.js'
import { runChange } from '../write/run-changes.js'
import { WRITE_FLAGS, WRITE_USAGE } from '../write/write-options.js'
import { examplesSection } from '../examples.js'

const usage = `azman group create <store> [--app A [--scope S]] --name G [--group-type Basic|LdapQuery] [--ldap-query FILTER] [--description D]
azman group add-member|remove-member <store> [--app A [--scope S]] --name G (--sid SID | --account NAME | --group APPGROUP)...
azman group add-non-member|remove-non-member <store> [--app A [--scope S]] --name G (--sid SID | --account NAME | --group APPGROUP)...
azman group rename <store> [--app A [--scope S]] --name G --new-name H
azman group delete <store> [--app A [--scope S]] --name G

Application groups. Without --app the group is store-level (every application sees it).
Non-membership beats membership. An LdapQuery group's members come from its filter.
--group-type defaults to LdapQuery with --ldap-query, Basic otherwise; --type, its deprecated old
name, is accepted for one version.

${WRITE_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `azman group create lab.xml --app "Hyper-V services" --scope "Lab VMs" --name "Lab Testers" --description "QA accounts"`,
  `azman group add-member lab.xml --app "Hyper-V services" --scope "Lab VMs" --name "Lab Owners" --sid S-1-5-21-1004336348-1177238915-682003330-1111 --sid S-1-5-21-1004336348-1177238915-682003330-1112`,
  `azman group add-non-member lab.xml --app "Hyper-V services" --name "VM Operators" --sid S-1-5-21-1004336348-1177238915-682003330-1106 --reason CHG-1234`,
  `azman group create lab.xml --name "Lab Admins" --group-type LdapQuery --ldap-query "(&(objectClass=user)(department=Lab))"`,
)}`

const flags = {
  ...WHERE_FLAGS,
  ...WRITE_FLAGS,
  ...PRINCIPAL_FLAGS,
  name: { type: 'string' },
  'new-name': { type: 'string' },
  'group-type': { type: 'string' },
  type: { type: 'string' },
  'ldap-query': { type: 'string' },
  description: { type: 'string' },
} as const

function action(name: string) {
  return async (args: readonly string[], io: CliIo, globals: GlobalOptions) => {
    const command = `group ${name}`
    const { values, positionals } = parseCommandArgs(command, args, flags, { min: 1, max: 1, names: 'one <store>' })
    if (values.scope !== undefined && values.app === undefined) throw new UsageError(`${command}: --scope needs --app`)
    const where = { ...(values.app === undefined ? {} : { app: values.app }), ...(values.scope === undefined ? {} : { scope: values.scope }) }
    const group = required(command, 'name', values.name)
    let change: Change
    switch (name) {
      case 'create': {
        const type = renamedFlag(command, io, ['group-type', values['group-type']], ['type', values.type]) ?? (values['ldap-query'] === undefined ? 'Basic' : 'LdapQuery')
        if (type !== 'Basic' && type !== 'LdapQuery') throw new UsageError(`${command}: --group-type is Basic or LdapQuery`)
        change = {
          type: 'create-group',
          ...where,
          name: group,
          groupType: type,
          ...(values['ldap-query'] === undefined ? {} : { ldapQuery: values['ldap-query'] }),
          ...(values.description === undefined ? {} : { description: values.description }),
        }
        break
      }
      case 'add-member':
      case 'remove-member':
      case 'add-non-member':
      case 'remove-non-member': {
        const who = requiredPrincipals(command, values)
        const nonMember = name.endsWith('non-member')
        change = { type: name.startsWith('add') ? 'add-group-members' : 'remove-group-members', ...where, group, ...(nonMember ? { nonMembers: who } : { members: who }) }
        break
      }
      case 'rename':
        change = { type: 'update-group', ...where, name: group, newName: required(command, 'new-name', values['new-name']) }
        break
      default:
        change = { type: 'delete-group', ...where, name: group }
    }
    return runChange(command, positionals[0], change, values, io, globals)
  }
}

export const group: Command = commandWithActions(
  'group',
  'create or delete an application group, change its members',
  usage,
  actionsNamed(['create', 'add-member', 'remove-member', 'add-non-member', 'remove-non-member', 'rename', 'delete'], action),
)
