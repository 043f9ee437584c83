import { ExitCode } from '../../errors/azman-error.js'
import { showView } from '../../views/show-view.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { renderShow } from '../render/show-text.js'

export const show: Command = {
  name: 'show',
  summary: 'list applications, operations, tasks, roles, members, scopes and groups',
  usage: `azman show <store> [--json]

Lists everything in the store: applications, operations with their IDs, role
definitions, tasks, role assignments with their members (well-known SIDs with
their names), groups and scopes.

  <store>   a file path, msxml://C:\\path\\store.xml or msxml:///path/store.xml
  --json    print the store as JSON (the export shape, members as {sid, name})`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('show', args, {}, { min: 1, max: 1, names: 'one <store>' })
    const ref = positionals[0] ?? ''
    const snapshot = await loadStore(ref, io)
    const view = showView(snapshot.policy, ref, snapshot.version)
    if (globals.json) writeJson(io, view)
    else io.stdout.write(renderShow(view))
    return ExitCode.Ok
  },
}
