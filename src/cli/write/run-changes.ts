import { ExitCode } from '../../errors/azman-error.js'
import { resolveAccountRefs } from '../../change-set/resolve-accounts.js'
import { runWrite, type WriteRequest, type WriteSettings } from '../../change-set/run-write.js'
import { openStore } from '../../store/open-store.js'
import { withDirectory } from '../directory.js'
import type { GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'
import { renderWriteOutcome } from '../render/write-outcome.js'

export type { WriteRequest } from '../../change-set/run-write.js'

/**
 * Every CLI write: runs the request through the library's one write path
 * ({@link runWrite}) and prints the plan and what was written.
 */
export async function runChanges(ref: string, request: WriteRequest, settings: WriteSettings, io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const store = openStore(ref, globals.store)
  // Domain account names in the change set become SIDs through the directory (the store's DC, or --directory).
  const resolved: WriteRequest = { ...request, changes: async (snapshot) => withDirectory(ref, globals, async (directory) => resolveAccountRefs(await request.changes(snapshot), directory)) }
  renderWriteOutcome(await runWrite(store, resolved, settings), store.displayName, io, globals)
  return ExitCode.Ok
}
