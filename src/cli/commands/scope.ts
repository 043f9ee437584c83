import type { Change } from '../../change-set/change.js'
import { parseCommandArgs } from '../args.js'
import type { Command, GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'
import { actionsNamed, commandWithActions } from '../write/actions.js'
import { required } from '../write/flags.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'
import { examplesSection } from '../examples.js'
import { boundVmsOption, FACTS_FLAG, FACTS_USAGE } from '../write/facts-option.js'
import { runChanges } from '../write/run-changes.js'
import { changeRequest } from '../../delegation/write-requests.js'

const usage = `azman scope create <store> --app A --name S [--description D]
azman scope rename <store> --app A --name S --new-name T
azman scope delete <store> --app A --name S

A scope holds the role assignments (and its own groups, tasks and role definitions) for the VMs
bound to it; a Hyper-V VM's scope is its ScopeOfResidence. Deleting a scope deletes everything
in it. Renaming a scope unbinds the VMs that name it: Hyper-V moves them to the default scope.

${WRITE_USAGE}
${FACTS_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `azman scope create lab.xml --app "Hyper-V services" --name "Web VMs" --description "IIS front ends"`,
  `azman scope rename lab.xml --app "Hyper-V services" --name "Web VMs" --new-name "Web servers"`,
  `azman scope delete lab.xml --app "Hyper-V services" --name "Production VMs" --dry-run`,
  `azman scope rename lab.xml --app "Hyper-V services" --name "Lab VMs" --new-name "Test VMs" --facts store-samples/hosts/hv01.json --dry-run`,
)}`

const flags = { ...WRITE_FLAGS, ...FACTS_FLAG, app: { type: 'string' }, name: { type: 'string' }, 'new-name': { type: 'string' }, description: { type: 'string' } } as const

function action(name: 'create' | 'rename' | 'delete') {
  return async (args: readonly string[], io: CliIo, globals: GlobalOptions) => {
    const command = `scope ${name}`
    const { values, positionals } = parseCommandArgs(command, args, flags, { min: 1, max: 1, names: 'one <store>' })
    const app = required(command, 'app', values.app)
    const scope = required(command, 'name', values.name)
    const change: Change =
      name === 'create'
        ? { type: 'create-scope', app, name: scope, ...(values.description === undefined ? {} : { description: values.description }) }
        : name === 'rename'
          ? { type: 'rename-scope', app, name: scope, newName: required(command, 'new-name', values['new-name']) }
          : { type: 'delete-scope', app, name: scope }
    const settings = { ...writeSettings(command, values, io, globals), ...(await boundVmsOption(values.facts)) }
    return runChanges(positionals[0] ?? '', changeRequest(change), settings, io, globals)
  }
}

export const scope: Command = commandWithActions('scope', 'create, rename or delete a scope', usage, actionsNamed(['create', 'rename', 'delete'], action))
