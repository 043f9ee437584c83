import type { Change } from '../../change-set/change.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { actionsNamed, commandWithActions } from '../write/actions.js'
import { operations, required, scoped, WHERE_FLAGS } from '../write/flags.js'
import { runChange } from '../write/run-changes.js'
import { WRITE_FLAGS, WRITE_USAGE } from '../write/write-options.js'
import { examplesSection } from '../examples.js'

/** `azman task` and `azman role-definition`: the same shape, two kinds. */
function taskCommand(kind: 'task' | 'role-definition'): Command {
  const label = kind === 'task' ? 'task' : 'role definition'
  const usage = `azman ${kind} create <store> --app A [--scope S] --name N [--operation ID|NAME]... [--task NAME]... [--description D]
azman ${kind} add-operation|remove-operation <store> --app A [--scope S] --name N --operation ID|NAME...
azman ${kind} add-task|remove-task <store> --app A [--scope S] --name N --task NAME...
azman ${kind} rename <store> --app A [--scope S] --name N --new-name M
azman ${kind} delete <store> --app A [--scope S] --name N

${kind === 'task' ? 'Tasks group operations (step 2 of the delegation workflow).' : 'Role definitions are what role assignments grant (step 1 of the delegation workflow).'}
--operation takes an OperationID (315) or a name ("Start Virtual Machine"); --task names a task
or role definition to nest. Deleting a ${label} that is still linked is refused.

${WRITE_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  ...(kind === 'task'
    ? [
        `azman task create lab.xml --app "Hyper-V services" --name "Operate VMs" --operation 315 --operation 320 --operation "Pause and Restart Virtual Machine"`,
        `azman task add-operation lab.xml --app "Hyper-V services" --name "Operate VMs" --operation 340 --operation 345`,
        `azman task add-task lab.xml --app "Hyper-V services" --name "Operate VMs" --task "Connect to Hyper-V Manager"`,
        `azman task delete lab.xml --app "Hyper-V services" --name "Operate Virtual Machine In Hours" --dry-run`,
      ]
    : [
        `azman role-definition create lab.xml --app "Hyper-V services" --scope "Lab VMs" --name "Lab VM Operator" --operation 315 --operation "Stop Virtual Machine" --task "Use Virtual Machine Console"`,
        `azman role-definition add-operation lab.xml --app "Hyper-V services" --scope "Lab VMs" --name "Lab VM Operator" --operation 325 --dry-run`,
        `azman role-definition rename lab.xml --app "Hyper-V services" --name "IT Monitor" --new-name "VM Monitor" --reason CHG-1234`,
      ]),
)}`
  const flags = {
    ...WHERE_FLAGS,
    ...WRITE_FLAGS,
    name: { type: 'string' },
    'new-name': { type: 'string' },
    operation: { type: 'string', multiple: true },
    task: { type: 'string', multiple: true },
    description: { type: 'string' },
  } as const
  const run = (action: string) => async (args: readonly string[], io: Parameters<Command['run']>[1], globals: Parameters<Command['run']>[2]) => {
    const command = `${kind} ${action}`
    const { values, positionals } = parseCommandArgs(command, args, flags, { min: 1, max: 1, names: 'one <store>' })
    const app = required(command, 'app', values.app)
    const name = required(command, 'name', values.name)
    const where = { app, ...scoped(values.scope) }
    const ops = operations(values.operation)
    const tasks = values.task ?? []
    let change: Change
    switch (action) {
      case 'create':
        change = {
          type: kind === 'task' ? 'create-task' : 'create-role-definition',
          ...where,
          name,
          operations: ops,
          tasks,
          ...(values.description === undefined ? {} : { description: values.description }),
        }
        break
      case 'add-operation':
      case 'remove-operation':
        required(command, 'operation', values.operation?.[0])
        change = { type: kind === 'task' ? 'update-task' : 'update-role-definition', ...where, name, ...(action === 'add-operation' ? { addOperations: ops } : { removeOperations: ops }) }
        break
      case 'add-task':
      case 'remove-task':
        required(command, 'task', values.task?.[0])
        change = { type: kind === 'task' ? 'update-task' : 'update-role-definition', ...where, name, ...(action === 'add-task' ? { addTasks: tasks } : { removeTasks: tasks }) }
        break
      case 'rename':
        change = { type: kind === 'task' ? 'update-task' : 'update-role-definition', ...where, name, newName: required(command, 'new-name', values['new-name']) }
        break
      default:
        change = { type: kind === 'task' ? 'delete-task' : 'delete-role-definition', ...where, name }
    }
    return runChange(command, positionals[0], change, values, io, globals)
  }
  return commandWithActions(kind, `create, change or delete a ${label}`, usage, actionsNamed(['create', 'add-operation', 'remove-operation', 'add-task', 'remove-task', 'rename', 'delete'], run))
}

export const task = taskCommand('task')
export const roleDefinition = taskCommand('role-definition')
