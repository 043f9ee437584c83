import { ExitCode } from '../../errors/azman-error.js'
import { mergedNames, sidNamesFor } from '../../directory/sid-names.js'
import { showView } from '../../views/show-view.js'
import { withDirectory } from '../directory.js'
import { AT_EXPIRY_USAGE, AT_FLAG, AT_USAGE } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { renderShow } from '../render/show-text.js'
import { examplesSection } from '../examples.js'
import { expiriesForRead } from '../expiries.js'
import { memberExpiries } from '../../views/member-expiries.js'

export const show: Command = {
  name: 'show',
  summary: 'list applications, operations, tasks, roles, members, scopes and groups',
  usage: `azman show <store> [--at TIME|ID] [--json]

Lists everything in the store: applications, operations with their IDs, role
definitions, tasks, role assignments with their members (well-known SIDs with
their names; with a directory, every account with its DOMAIN\\name), groups
and scopes. A member with an expiry (delegate --until, docs/expiry.md) is shown with it:
member S-1-5-21-...-1105 (until 2099-01-31T18:00:00Z); in --json, its "expiresAt".

  <store>   a file path, msxml://C:\\path\\store.xml, msxml:///path/store.xml or
            msldap://dc.example.com/CN=Store,CN=Program Data,DC=example,DC=com
  --json    print the store as JSON (the export shape, members as {sid, name})
${AT_USAGE}
${AT_EXPIRY_USAGE}

${examplesSection(`azman show store-samples/hyperv-2008r2-delegated.xml`, `azman show store-samples/hyperv-2008r2.xml --json`)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs('show', args, AT_FLAG, { min: 1, max: 1, names: 'one <store>' })
    const ref = positionals[0] ?? ''
    const snapshot = await loadStore(ref, io, globals.store, values.at)
    // With a directory (the store's DC, or --directory), SIDs are shown with their account names; the --names file names the rest.
    const file = globals.names?.names
    const names = await withDirectory(ref, globals, async (d) => (d === undefined ? file : mergedNames(await sidNamesFor(d, snapshot.policy), file)))
    // Members with an expiry (docs/expiry.md) are shown with it; an expiry file that does not parse is left out with a warning.
    const view = showView(snapshot.policy, ref, snapshot.version, names, memberExpiries(await expiriesForRead(ref, io, globals, values.at)))
    if (globals.json) writeJson(io, view)
    else io.stdout.write(renderShow(view))
    return ExitCode.Ok
  },
}
