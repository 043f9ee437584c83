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
import { changesAfter, followChanges, type FeedEntry } from '../../history/change-feed.js'
import { principalTimeline } from '../../history/principal-timeline.js'
import { tokenSid } from '../../change-set/principals.js'
import { sidForName } from '../../directory/names-file.js'
import type { StorePort } from '../../store/port.js'
import { sidWithName } from '../../views/sid-names.js'
import type { GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'
import { feedEntryText, timelineText } from '../render/history-text.js'

export const history: Command = {
  name: 'history',
  summary: "list the store's change journal; a principal's access over time; follow new changes",
  usage: `azman history <store> [--journal FILE] [--json]
       azman history <store> --since ID [--follow] [--json]
       azman history <store> --follow [--json]
       azman history <store> --principal SID|ACCOUNT [--app A] [--scope S] [--operation X] [--json]

Lists every change set applied to the store through azman, one line per change in words: entry
id, time, actor, what was done to which object (by name and place), and the reason; a rollback
says which entry it restored, a revert which entry it reverted ("revert of entry <id>: ..."), and
an entry allowed to grant to a broad principal ends in "(broad grant allowed)". --json keeps every detail (the changes as applied, the store
version before and after). An msldap:// store's journal is the file given with --journal.
JSON: {"entries": [{id, time, actor, reason?, action, changes,
before, after, summary}]}.

  --since ID       the change feed: only the entries after entry ID, each with the
                   effective-access delta of its two versions (as azman diff computes it,
                   from the version archive). JSON: {"entries": [{..., summary, access,
                   combined}]}; exit 3 when the journal holds no entry ID.
  --follow         then keep printing entries as they are appended, until interrupted
                   (Ctrl-C); without --since, only the entries appended from now on.
                   With --json, one entry per line (JSON Lines).
  --principal P    when P (a SID, a well-known name, or an account of the --names file)
                   gained and lost each operation: every entry's two versions compared,
                   P's SID as a token of its own, at application level and in every
                   scope, with the entry, who made it and why. --app, --scope and
                   --operation (OperationID or name) narrow it. JSON: {"sid", "entries",
                   "events": [{entry, application, scope, operation, before, after,
                   change}]}.

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# lab.xml: changed with azman scope create lab.xml --app "Hyper-V services" --name "Web VMs" --reason CHG-1234`,
  `azman history lab.xml`,
  `azman history lab.xml --json`,
  `azman history lab.xml --principal S-1-5-21-1004336348-1177238915-682003330-1105`,
  `# the ids are those azman history lab.xml lists`,
  `azman history lab.xml --since 20261203T083000.123Z-1a2b3c --json`,
)}`,
  async run(args, io, globals) {
    const flags = {
      since: { type: 'string' },
      follow: { type: 'boolean' },
      principal: { type: 'string' },
      app: { type: 'string' },
      scope: { type: 'string' },
      operation: { type: 'string' },
    } as const
    const { values, positionals } = parseCommandArgs('history', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const store = openStore(positionals[0] ?? '', globals.store)
    const names = globals.names?.names
    if (values.principal !== undefined) {
      if (values.since !== undefined || values.follow === true) throw new UsageError('history: give --principal, or --since/--follow, not both')
      const sid = principalSid(values.principal, globals)
      const filter = {
        ...(values.app === undefined ? {} : { app: values.app }),
        ...(values.scope === undefined ? {} : { scope: values.scope }),
        ...(values.operation === undefined ? {} : { operation: values.operation }),
      }
      const timeline = await principalTimeline(store, sid, filter)
      if (globals.json) writeJson(io, timeline)
      else io.stdout.write(timelineText(timeline, sidWithName(sid, names)))
      return ExitCode.Ok
    }
    if (values.app !== undefined || values.scope !== undefined || values.operation !== undefined) throw new UsageError('history: --app, --scope and --operation narrow --principal; give it too')
    if (values.since !== undefined || values.follow === true) return feed(store, values.since, values.follow === true, io, globals)
    const entries = await store.history()
    if (globals.json) writeJson(io, { entries: entries.map((e) => withSummary(e, names)) })
    else if (entries.length === 0) {
      // An AD store's journal is a local file the writes were made with.
      const ad = parseStoreLocation(positionals[0] ?? '').kind === 'ldap' && globals.store.journal === undefined
      io.stdout.write(ad ? 'no journal given: an AD store is journaled in the file its writes name with --journal FILE\n' : 'no journaled changes\n')
    } else {
      io.stdout.write(`${historyLines(entries, names).join('\n')}\n`)
    }
    return ExitCode.Ok
  },
}

/** The SID of --principal: a SID or well-known name, else an account of the --names file. */
function principalSid(principal: string, globals: GlobalOptions): string {
  try {
    return tokenSid(principal, 'history --principal')
  } catch (e) {
    const table = globals.names
    const sid = table === undefined ? undefined : sidForName(table, principal)
    if (sid === null) throw new UsageError(`history --principal: the names file names several SIDs ${JSON.stringify(principal)}; give the SID`)
    if (sid === undefined) throw e
    return sid
  }
}

/** `--since ID [--follow]`: the entries after ID, then (--follow) each new one as it is appended, until interrupted. */
async function feed(store: StorePort, since: string | undefined, follow: boolean, io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const names = globals.names?.names
  const print = (entry: FeedEntry): void => {
    if (globals.json && follow) io.stdout.write(`${JSON.stringify(entry)}\n`)
    else io.stdout.write(feedEntryText(entry, names))
  }
  if (!follow) {
    const entries: FeedEntry[] = []
    let after = since
    for (;;) {
      const page = await changesAfter(store, after, { ...(names === undefined ? {} : { names }) })
      entries.push(...page.entries)
      if (page.next === undefined) break
      after = page.next
    }
    if (globals.json) writeJson(io, { entries })
    else if (entries.length === 0) io.stdout.write('no journaled changes after that entry\n')
    else for (const e of entries) print(e)
    return ExitCode.Ok
  }
  // Without --since: from the journal's end (an unknown --since is refused before anything waits).
  const from = since ?? (await changesAfter(store, undefined, { limit: 1 })).last ?? undefined
  if (since !== undefined) await changesAfter(store, since, { limit: 1 })
  const { signal, release } = interruption(io)
  try {
    for await (const entry of followChanges(store, from, { signal, ...(names === undefined ? {} : { names }) })) print(entry)
  } finally {
    release()
  }
  return ExitCode.Ok
}

/** The signal that ends --follow: the io's, else SIGINT or SIGTERM (listened to until `release`). */
function interruption(io: CliIo): { signal: AbortSignal; release: () => void } {
  if (io.signal !== undefined) return { signal: io.signal, release: () => undefined }
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    },
  }
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
