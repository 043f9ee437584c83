import { ExitCode } from '../../errors/azman-error.js'
import { expireMembers, type ExpireOutcome } from '../../expiry/expire.js'
import { parseIsoTime } from '../../expiry/until.js'
import { openStore } from '../../store/open-store.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson, type CliIo } from '../io.js'
import { writeOutcomeInDetail } from '../../change-set/plan-detail.js'
import { writeSettings } from '../write/write-options.js'
import { renderPlan } from '../render/plan-text.js'
import { examplesSection } from '../examples.js'

export const expire: Command = {
  name: 'expire',
  summary: 'remove the members whose --until has passed',
  usage: `azman expire <store> [--now TIME] [--dry-run] [--lock-timeout S] [--json]

Removes every member whose expiry (set with delegate --until or role-assignment add-member
--until, kept in the store's expiry file <store>.expiry.json) has passed: one change set through
the normal write path, journaled with actor "expiry" and a reason naming the journal entries that
added them; then drops those entries from the expiry file. A member already removed (by hand, or
by a run that stopped before it updated the file) is only dropped from the file, and so is the
entry of any member no longer there, due or not. A member that left after its --until was set
and was added again since (without --until) stays: its stale entry is dropped. Safe to run
again and from cron: a second run finds nothing to do. An msldap:// store's expiry file is beside
its --journal FILE. An expiry file that does not parse is refused (exit 2): fix or remove it.
See docs/expiry.md.

  --now TIME          expire as at TIME (ISO 8601) instead of the clock: for dry runs and tests
  --dry-run           print what would be removed; write nothing (store and expiry file)
  --lock-timeout S    seconds to wait for another writer (default 30), then exit 5
  --json              {"now", "dryRun", "expired": [{entry, outcome: "removed"|"gone"}],
                      "dropped": [{entry, reason: "no longer a member"|"left and was added again since"}],
                      "write"?: the write's outcome as --json of a write prints it}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# lab.xml: changed with azman delegate lab.xml --app "Hyper-V services" --scope "Web VMs" --template hyperv-vm-operator --sid S-1-5-21-1004336348-1177238915-682003330-1105 --until 2099-01-31T18:00:00Z`,
  `azman expire lab.xml --now 2099-02-01T00:00:00Z --dry-run`,
  `azman expire lab.xml`,
)}`,
  async run(args, io, globals) {
    const flags = { now: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'lock-timeout': { type: 'string' } } as const
    const { values, positionals } = parseCommandArgs('expire', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const now = values.now === undefined ? new Date() : parseIsoTime(values.now, 'expire: --now')
    const { lockTimeoutMs } = writeSettings('expire', values, io, globals)
    const store = openStore(positionals[0] ?? '', globals.store)
    const outcome = await expireMembers(store, { now, dryRun: values['dry-run'] === true, ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }) })
    if (globals.json) writeJson(io, { ...outcome, ...(outcome.write === undefined ? {} : { write: writeOutcomeInDetail(outcome.write, 'summary') }) })
    else renderExpire(outcome, store.displayName, io)
    return ExitCode.Ok
  },
}

/** One line per due member, then the write as any write prints it. */
function renderExpire(outcome: ExpireOutcome, store: string, io: CliIo): void {
  if (outcome.file === undefined) {
    io.stdout.write(`${store} keeps no expiry file (an AD store's is beside its --journal FILE): nothing to expire\n`)
    return
  }
  const would = outcome.dryRun ? 'would be ' : ''
  for (const { entry, reason } of outcome.dropped) {
    const place = entry.scope === undefined ? 'application level' : `scope "${entry.scope}"`
    io.stdout.write(
      `${entry.sid} in role assignment "${entry.roleAssignment.name}" (${entry.app}, ${place}), until ${entry.expiresAt}: ${reason}${reason === 'no longer a member' ? '' : ' (kept)'}: entry ${would}dropped from the expiry file\n`,
    )
  }
  if (outcome.expired.length === 0) {
    io.stdout.write(`nothing has expired at ${outcome.now}\n`)
    return
  }
  for (const { entry, outcome: what } of outcome.expired) {
    const place = entry.scope === undefined ? 'application level' : `scope "${entry.scope}"`
    const state = what === 'removed' ? `${would}removed` : `already gone, ${would}dropped from the expiry file`
    io.stdout.write(`${entry.sid} in role assignment "${entry.roleAssignment.name}" (${entry.app}, ${place}), expired ${entry.expiresAt}: ${state}\n`)
  }
  const { write } = outcome
  if (write !== undefined) {
    io.stdout.write(renderPlan(write.plan, write.dryRun ? 'dry run: nothing written' : write.written ? `written: ${store} is now at ${write.after}` : 'nothing to write'))
  }
}
