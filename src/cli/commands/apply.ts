import { ExitCode } from '../../errors/azman-error.js'
import { applyChangeSet, applySavedPlan } from '../../change-set/apply-changes.js'
import { parseChangeInput } from '../../change-set/plan-file.js'
import { planChanges } from '../../change-set/plan.js'
import { resolveAccountRefs } from '../../change-set/resolve-accounts.js'
import { openStore } from '../../store/open-store.js'
import { withDirectory } from '../directory.js'
import { ConflictError } from '../../errors/change-errors.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { readJsonArgument } from '../read-input.js'
import { renderPlan } from '../render/plan-text.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'

export const apply: Command = {
  name: 'apply',
  summary: 'apply a change set or a saved plan',
  usage: `azman apply <store> <changes.json | plan.json | -> [options]

Applies a change set (README: "Change sets") or a plan saved by azman plan --out. A change set is
planned against the store as it is, under the store's lock. A saved plan is applied only if the
store is still at the version it was made on (exit 5 otherwise). Applying the same change set
twice changes nothing the second time.

${WRITE_USAGE}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs('apply', args, WRITE_FLAGS, { min: 2, max: 2, names: '<store> and <changes.json>' })
    const [ref = '', input = ''] = positionals
    const given = parseChangeInput(await readJsonArgument(input, io))
    // Domain account names become SIDs through the directory; a saved plan holds SIDs already.
    const parsed: typeof given = given.kind === 'changes' ? { kind: 'changes', changeSet: await withDirectory(ref, globals, (d) => resolveAccountRefs(given.changeSet, d)) } : given
    const settings = writeSettings('apply', values, io)
    const store = openStore(ref, globals.store)
    if (settings.dryRun) {
      const snapshot = await store.load()
      if (parsed.kind === 'plan' && snapshot.version !== parsed.plan.baseVersion) {
        throw new ConflictError('AZMAN_ERR_CONFLICT_STALE', `${store.displayName} changed since the plan was made (expected ${parsed.plan.baseVersion}, found ${snapshot.version}); plan again`)
      }
      const changeSet = parsed.kind === 'plan' ? parsed.plan.changeSet : parsed.changeSet
      const { plan } = planChanges(snapshot, changeSet, { store: store.displayName, force: settings.force === true, ...(parsed.kind === 'plan' ? { guids: parsed.plan.guids } : {}) })
      if (globals.json) writeJson(io, { dryRun: true, written: false, plan })
      else io.stdout.write(renderPlan(plan, 'dry run: nothing written'))
      return ExitCode.Ok
    }
    const { plan, result } = parsed.kind === 'plan' ? await applySavedPlan(store, parsed.plan, settings) : await applyChangeSet(store, parsed.changeSet, settings)
    const written = result.edits.length > 0
    if (globals.json) writeJson(io, { dryRun: false, written, before: result.before, after: result.after, plan })
    else io.stdout.write(renderPlan(plan, written ? `written: ${store.displayName} is now at ${result.after}` : 'nothing to write'))
    return ExitCode.Ok
  },
}
