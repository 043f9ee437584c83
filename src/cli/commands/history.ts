import { historyLines, withSummary } from '../../views/history-lines.js'
import { ExitCode } from '../../errors/azman-error.js'
import { runRollback } from '../../change-set/run-write.js'
import { UsageError } from '../../errors/usage-error.js'
import { parseStoreLocation } from '../../store/location.js'
import { openStore } from '../../store/open-store.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'
import { renderPlan } from '../render/plan-text.js'
import { publicRollbackOutcome, rollbackOutcomeInDetail } from '../../change-set/plan-detail.js'
import { examplesSection } from '../examples.js'

export const history: Command = {
  name: 'history',
  summary: "list the store's change journal",
  usage: `azman history <store> [--journal FILE] [--json]

Lists every change set applied to the store through azman, one line per change in words: entry
id, time, actor, what was done to which object (by name and place), and the reason; a rollback
says which entry it restored, a revert which entry it reverted ("revert of entry <id>: ..."), and
an entry allowed to grant to a broad principal ends in "(broad grant allowed)". --json keeps every detail (the changes as applied, the store
version before and after). An msldap:// store's journal is the file given with --journal.
JSON: {"entries": [{id, time, actor, reason?, action, changes,
before, after, summary}]}.

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# lab.xml: changed with azman scope create lab.xml --app "Hyper-V services" --name "Web VMs" --reason CHG-1234`,
  `azman history lab.xml`,
  `azman history lab.xml --json`,
)}`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('history', args, {}, { min: 1, max: 1, names: 'one <store>' })
    const entries = await openStore(positionals[0] ?? '', globals.store).history()
    if (globals.json) writeJson(io, { entries: entries.map((e) => withSummary(e, globals.names?.names)) })
    else if (entries.length === 0) {
      // An AD store's journal is a local file the writes were made with.
      const ad = parseStoreLocation(positionals[0] ?? '').kind === 'ldap' && globals.store.journal === undefined
      io.stdout.write(ad ? 'no journal given: an AD store is journaled in the file its writes name with --journal FILE\n' : 'no journaled changes\n')
    } else {
      io.stdout.write(`${historyLines(entries, globals.names?.names).join('\n')}\n`)
    }
    return ExitCode.Ok
  },
}

export const rollback: Command = {
  name: 'rollback',
  summary: 'restore the store as it was after a journal entry',
  usage: `azman rollback <store> (--to <id> | --before <id>) [options]

Restores the store's exact bytes as they were right after journal entry <id> (--to), or right
before it (--before: undoes that entry and everything after it), under the store's lock, and
journals the rollback itself. With --dry-run, shows the object-level edits and writes nothing.
For an msldap:// store (with --journal FILE) the version archived next to the journal is compared
with the store and the difference is written: the inverse of everything since. A rollback that
would make a broad principal (Everyone, Domain Users ...) a member again is refused unless
--allow-broad. To undo one entry and keep the later ones: azman revert.

${WRITE_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# lab.xml: changed with azman scope create lab.xml --app "Hyper-V services" --name "Web VMs" --reason CHG-1234`,
  `# the ids are those azman history lab.xml lists`,
  `azman rollback lab.xml --before 20261203T083000.123Z-1a2b3c --dry-run`,
  `azman rollback lab.xml --before 20261203T083000.123Z-1a2b3c --reason "undo CHG-1234"`,
  `azman rollback lab.xml --to 20261203T083000.123Z-1a2b3c`,
)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs('rollback', args, { ...WRITE_FLAGS, to: { type: 'string' }, before: { type: 'string' } }, { min: 1, max: 1, names: 'one <store>' })
    const to = values.to ?? values.before
    if (to === undefined || (values.to !== undefined && values.before !== undefined)) {
      throw new UsageError('rollback: give --to <id> or --before <id> (one of them); azman history lists the ids')
    }
    const before = values.before !== undefined
    const settings = writeSettings('rollback', values, io, globals)
    const store = openStore(positionals[0] ?? '', globals.store)
    const result = await runRollback(store, { id: to, before }, settings)
    const shown = publicRollbackOutcome(result)
    if (globals.json) writeJson(io, rollbackOutcomeInDetail(result, settings.detail))
    else {
      const editSummaries = shown.edits.map((e) => e.summary)
      const footer =
        result.before === result.after
          ? 'nothing to write: the store already is at that version'
          : settings.dryRun
            ? `dry run: nothing written; rolling back would bring ${store.displayName} to ${result.after}`
            : `rolled back: ${store.displayName} is now at ${result.after}`
      io.stdout.write(renderPlan({ results: [], editSummaries, warnings: [] }, footer))
    }
    return ExitCode.Ok
  },
}
