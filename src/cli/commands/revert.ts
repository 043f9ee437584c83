import { ExitCode } from '../../errors/azman-error.js'
import { runRevert } from '../../change-set/revert/run-revert.js'
import { openStore } from '../../store/open-store.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { examplesSection } from '../examples.js'
import { renderWriteOutcome } from '../render/write-outcome.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'

export const revert: Command = {
  name: 'revert',
  summary: 'undo one journal entry, keeping the later ones',
  usage: `azman revert <store> <entry> [options]

Undoes ONE journal entry (ids: azman history), keeping every later one: the objects the entry
changed are compared between the versions archived before and after it, and the change set that
gives them back their earlier content (recreated objects keep their GUIDs) is planned and applied
like any change set (same checks and guards), journaled as "revert of <entry>". Refused (exit 5,
AZMAN_ERR_CONFLICT_REVERT) when a later entry, or a change made outside azman, touched an object
the entry touched: the message names those entries and objects; revert them first, newest first,
or use azman rollback --before <entry>. An id the journal does not hold exits 3. A rollback or a
revert is reverted like any entry. With --dry-run, prints the plan ("would apply") and writes
nothing. For an msldap:// store, give the journal with --journal FILE.

${WRITE_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# lab.xml: changed with azman scope create lab.xml --app "Hyper-V services" --name "Web VMs" --reason CHG-1234`,
  `# the ids are those azman history lab.xml lists`,
  `azman revert lab.xml 20261203T083000.123Z-1a2b3c --dry-run`,
  `azman revert lab.xml 20261203T083000.123Z-1a2b3c --reason "undo CHG-1234"`,
)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs('revert', args, WRITE_FLAGS, { min: 2, max: 2, names: '<store> and <entry>' })
    const store = openStore(positionals[0] ?? '', globals.store)
    const settings = writeSettings('revert', values, io, globals)
    const outcome = await runRevert(store, positionals[1] ?? '', settings)
    renderWriteOutcome(outcome, store.displayName, io, globals, settings.detail)
    return ExitCode.Ok
  },
}
