import { ExitCode } from '../../errors/azman-error.js'
import { applyChangeSet } from '../../change-set/apply-changes.js'
import type { ChangeSet } from '../../change-set/change.js'
import { planChanges, type Plan } from '../../change-set/plan.js'
import { resolveAccountRefs } from '../../change-set/resolve-accounts.js'
import { openStore } from '../../store/open-store.js'
import { withDirectory } from '../directory.js'
import type { StoreSnapshot } from '../../store/port.js'
import type { GlobalOptions } from '../command.js'
import { writeJson, type CliIo } from '../io.js'
import { renderPlan } from '../render/plan-text.js'
import type { WriteSettings } from './write-options.js'

/** What a write command asks for: a change set, possibly built from the store as it is, and warnings about the result. */
export interface WriteRequest {
  readonly changes: (snapshot: StoreSnapshot) => ChangeSet
  readonly warnings?: (plan: Plan, planned: StoreSnapshot['policy']) => readonly string[]
}

/**
 * The one path every CLI write takes: build the change set, plan it, and
 * either print the plan (--dry-run: nothing written) or apply it under the
 * store's lock and journal it. Output: the plan and what was written.
 */
export async function runChanges(ref: string, request: WriteRequest, settings: WriteSettings, io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const store = openStore(ref, globals.store)
  const snapshot = await store.load()
  const changeSet = await withDirectory(ref, globals, (directory) => resolveAccountRefs(request.changes(snapshot), directory))
  const preview = planChanges(snapshot, changeSet, { store: store.displayName, force: settings.force === true })
  const extra = request.warnings?.(preview.plan, preview.policy) ?? []
  if (settings.dryRun) {
    const plan = { ...preview.plan, warnings: [...preview.plan.warnings, ...extra] }
    if (globals.json) writeJson(io, { dryRun: true, written: false, plan })
    else io.stdout.write(renderPlan(plan, 'dry run: nothing written'))
    return ExitCode.Ok
  }
  const { plan: applied, result } = await applyChangeSet(store, changeSet, settings)
  const plan = { ...applied, warnings: [...applied.warnings, ...extra] }
  const written = result.edits.length > 0
  if (globals.json) writeJson(io, { dryRun: false, written, before: result.before, after: result.after, plan })
  else io.stdout.write(renderPlan(plan, written ? `written: ${store.displayName} is now at ${result.after}` : 'nothing to write'))
  return ExitCode.Ok
}
