import type { Change } from '../../change-set/change.js'
import { UsageError } from '../../errors/usage-error.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import type { CliIo } from '../io.js'
import type { GlobalOptions } from '../command.js'
import { actionsNamed, commandWithActions } from '../write/actions.js'
import { PRINCIPAL_FLAGS, required, requiredPrincipals, scoped, WHERE_FLAGS } from '../write/flags.js'
import { runChange, type AfterWrite } from '../write/run-changes.js'
import { resolvePrincipals } from '../directory.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'
import { UNTIL_FLAG, UNTIL_USAGE, untilOption } from '../write/until-option.js'
import { examplesSection } from '../examples.js'

const usage = `azman role-assignment create <store> --app A [--scope S] --name N [--role-definition NAME]... [--task NAME]... [--description D]
azman role-assignment add-member|remove-member <store> --app A [--scope S] --name N (--sid SID | --account NAME | --group APPGROUP)... [--until TIME]
azman role-assignment add-task|remove-task <store> --app A [--scope S] --name N (--role-definition NAME | --task NAME)...
azman role-assignment rename <store> --app A [--scope S] --name N --new-name M
azman role-assignment delete <store> --app A [--scope S] --name N

A role assignment gives its members the role definitions and tasks it links (steps 3 to 5 of the
delegation workflow). At application level it applies in every scope: prefer a scope.
--account takes well-known names (BUILTIN\\Administrators, Everyone, NT AUTHORITY\\Authenticated
Users); domain accounts (DOMAIN\\name, name@upn.suffix) resolve to SIDs through the store's
domain controller for an msldap:// store, or the one --directory / AZMAN_LDAP_URL names.
--group names an application group. add-member --until TIME makes the membership end at TIME
(members given by --sid or --account): azman expire removes them then; docs/expiry.md.

${WRITE_USAGE}
${UNTIL_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `azman role-assignment create lab.xml --app "Hyper-V services" --scope "Production VMs" --name "Production operators" --task "Operate Virtual Machine Power"`,
  `azman role-assignment add-member lab.xml --app "Hyper-V services" --scope "Production VMs" --name "Production operators" --sid S-1-5-21-1004336348-1177238915-682003330-1105 --group "VM Operators"`,
  `azman role-assignment add-member lab.xml --app "Hyper-V services" --scope "Production VMs" --name "Production operators" --sid S-1-5-21-1004336348-1177238915-682003330-1106 --until 2099-01-31 --reason CHG-1236`,
  `azman role-assignment add-task lab.xml --app "Hyper-V services" --scope "Production VMs" --name "Production operators" --task "Use Virtual Machine Console"`,
  `azman role-assignment remove-member lab.xml --app "Hyper-V services" --name "Hyper-V Manager Connect" --sid S-1-5-21-1004336348-1177238915-682003330-1108 --reason CHG-1234`,
)}`

const flags = {
  ...WHERE_FLAGS,
  ...WRITE_FLAGS,
  ...PRINCIPAL_FLAGS,
  name: { type: 'string' },
  'new-name': { type: 'string' },
  'role-definition': { type: 'string', multiple: true },
  task: { type: 'string', multiple: true },
  description: { type: 'string' },
  ...UNTIL_FLAG,
} as const

function action(name: string) {
  return async (args: readonly string[], io: CliIo, globals: GlobalOptions) => {
    const command = `role-assignment ${name}`
    const { values, positionals } = parseCommandArgs(command, args, flags, { min: 1, max: 1, names: 'one <store>' })
    const where = { app: required(command, 'app', values.app), ...scoped(values.scope) }
    const ra = required(command, 'name', values.name)
    const roleDefinitions = values['role-definition'] ?? []
    const tasks = values.task ?? []
    let change: Change
    let afterWrite: AfterWrite | undefined
    if (values.until !== undefined && name !== 'add-member') throw new UsageError(`${command}: --until is for add-member (and delegate)`)
    switch (name) {
      case 'create':
        change = { type: 'create-role-assignment', ...where, name: ra, roleDefinitions, tasks, ...(values.description === undefined ? {} : { description: values.description }) }
        break
      case 'add-member':
      case 'remove-member': {
        const members = await resolvePrincipals(requiredPrincipals(command, values), positionals[0], globals)
        change = { type: name === 'add-member' ? 'add-role-assignment-members' : 'remove-role-assignment-members', ...where, roleAssignment: ra, members }
        afterWrite = await untilOption(command, values.until, positionals[0] ?? '', members, globals, writeSettings(command, values, io, globals).lockTimeoutMs)
        break
      }
      case 'add-task':
      case 'remove-task':
        if (roleDefinitions.length + tasks.length === 0) throw new UsageError(`${command}: name at least one --role-definition or --task`)
        change = { type: name === 'add-task' ? 'add-role-assignment-tasks' : 'remove-role-assignment-tasks', ...where, roleAssignment: ra, roleDefinitions, tasks }
        break
      case 'rename':
        change = { type: 'update-role-assignment', ...where, name: ra, newName: required(command, 'new-name', values['new-name']) }
        break
      default:
        change = { type: 'delete-role-assignment', ...where, name: ra }
    }
    return runChange(command, positionals[0], change, values, io, globals, afterWrite)
  }
}

export const roleAssignment: Command = commandWithActions(
  'role-assignment',
  'create a role assignment, add members and tasks, or delete it',
  usage,
  actionsNamed(['create', 'add-member', 'remove-member', 'add-task', 'remove-task', 'rename', 'delete'], action),
)
