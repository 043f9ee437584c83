import { ExitCode } from '../../errors/azman-error.js'
import { runWrite, type WriteOutcome, type WriteRequest } from '../../change-set/run-write.js'
import { withAccountsResolved } from '../../principals/account-sids.js'
import { openStore } from '../../store/open-store.js'
import { directoryOpener } from '../directory.js'
import type { GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'
import { renderWriteOutcome, type WriteExtra } from '../render/write-outcome.js'
import type { Change } from '../../change-set/change.js'
import { changeRequest } from '../../delegation/write-requests.js'
import { writeSettings, type CliWriteSettings, type WriteFlags } from './write-options.js'

export type { WriteRequest } from '../../change-set/run-write.js'

/**
 * Every CLI write: runs the request through the library's one write path
 * ({@link runWrite}) and prints the plan and what was written.
 */
export async function runChanges(ref: string, request: WriteRequest, settings: CliWriteSettings, io: CliIo, globals: GlobalOptions, afterWrite?: AfterWrite): Promise<ExitCode> {
  await runChangesOutcome(ref, request, settings, io, globals, afterWrite)
  return ExitCode.Ok
}

/** What a command records once its write is done (`--until`: the expiry), and what it prints about it. */
export type AfterWrite = (outcome: WriteOutcome) => Promise<WriteExtra>

/**
 * {@link runChanges}, answering what the write did (the versions before and after it), for a command that goes on from there.
 * `afterWrite` runs once the write is done (or planned, on a dry run), before anything is printed.
 */
export async function runChangesOutcome(ref: string, request: WriteRequest, settings: CliWriteSettings, io: CliIo, globals: GlobalOptions, afterWrite?: AfterWrite): Promise<WriteOutcome> {
  const store = openStore(ref, globals.store)
  // Domain account names in the change set become SIDs through the directory (the store's DC, or --directory), else the names file.
  const outcome = await runWrite(store, withAccountsResolved(request, directoryOpener(ref, globals), globals.names), settings)
  renderWriteOutcome(outcome, store.displayName, io, globals, settings.detail, await afterWrite?.(outcome))
  return outcome
}

/**
 * `azman <command> <store> ...` that makes one change: {@link runChanges} with the change as its request and the
 * write settings of the command's flags (`--dry-run`, `--force`, `--reason`, `--lock-timeout` ...).
 */
export async function runChange(command: string, store: string | undefined, change: Change, flags: WriteFlags, io: CliIo, globals: GlobalOptions, afterWrite?: AfterWrite): Promise<ExitCode> {
  return runChanges(store ?? '', changeRequest(change), writeSettings(command, flags, io, globals), io, globals, afterWrite)
}
