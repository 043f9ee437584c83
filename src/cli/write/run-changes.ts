import { ExitCode } from '../../errors/azman-error.js'
import { runWrite, type WriteRequest } from '../../change-set/run-write.js'
import { withAccountsResolved } from '../../principals/account-sids.js'
import { openStore } from '../../store/open-store.js'
import { directoryOpener } from '../directory.js'
import type { GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'
import { renderWriteOutcome } from '../render/write-outcome.js'
import type { Change } from '../../change-set/change.js'
import { changeRequest } from '../../delegation/write-requests.js'
import { writeSettings, type CliWriteSettings, type WriteFlags } from './write-options.js'

export type { WriteRequest } from '../../change-set/run-write.js'

/**
 * Every CLI write: runs the request through the library's one write path
 * ({@link runWrite}) and prints the plan and what was written.
 */
export async function runChanges(ref: string, request: WriteRequest, settings: CliWriteSettings, io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const store = openStore(ref, globals.store)
  // Domain account names in the change set become SIDs through the directory (the store's DC, or --directory), else the names file.
  renderWriteOutcome(await runWrite(store, withAccountsResolved(request, directoryOpener(ref, globals), globals.names), settings), store.displayName, io, globals, settings.detail)
  return ExitCode.Ok
}

/**
 * `azman <command> <store> ...` that makes one change: {@link runChanges} with the change as its request and the
 * write settings of the command's flags (`--dry-run`, `--force`, `--reason`, `--lock-timeout` ...).
 */
export async function runChange(command: string, store: string | undefined, change: Change, flags: WriteFlags, io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  return runChanges(store ?? '', changeRequest(change), writeSettings(command, flags, io, globals), io, globals)
}
