import { ExitCode } from '../../errors/azman-error.js'
import { parseChangeInput } from '../../change-set/plan-file.js'
import { applyChangeInput } from '../../change-set/run-write.js'
import { resolveAccountRefs } from '../../principals/account-sids.js'
import { openStore } from '../../store/open-store.js'
import { withDirectory } from '../directory.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { readJsonArgument } from '../read-input.js'
import { renderWriteOutcome } from '../render/write-outcome.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'
import { examplesSection } from '../examples.js'
import { boundVmsOption, FACTS_FLAG, FACTS_USAGE } from '../write/facts-option.js'

export const apply: Command = {
  name: 'apply',
  summary: 'apply a change set or a saved plan',
  usage: `azman apply <store> <changes.json | plan.json | -> [options]

Applies a change set (docs/change-sets.md) or a plan saved by azman plan --out. A change set is
planned against the store as it is, under the store's lock. A saved plan is applied only if the
store is still at the version it was made on (exit 5 otherwise). Applying the same change set
twice changes nothing the second time.

${WRITE_USAGE}
${FACTS_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# changes.json: {"changes": [{"type": "create-scope", "app": "Hyper-V services", "name": "Web VMs"}, {"type": "create-role-assignment", "app": "Hyper-V services", "scope": "Web VMs", "name": "Web operators", "roleDefinitions": ["Hyper-V Manager Connect"]}]}`,
  `azman apply lab.xml changes.json --dry-run`,
  `azman apply lab.xml changes.json --reason CHG-1234 --actor alice`,
  `# plan.json: made with azman plan lab.xml changes.json --out plan.json`,
  `azman apply lab.xml plan.json`,
)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs('apply', args, { ...WRITE_FLAGS, ...FACTS_FLAG }, { min: 2, max: 2, names: '<store> and <changes.json>' })
    const [ref = '', input = ''] = positionals
    const given = parseChangeInput(await readJsonArgument(input, io))
    // Domain account names become SIDs through the directory (else the names file); a saved plan holds SIDs already.
    const parsed: typeof given = given.kind === 'changes' ? { kind: 'changes', changeSet: await withDirectory(ref, globals, (d) => resolveAccountRefs(given.changeSet, d, globals.names)) } : given
    const settings = { ...writeSettings('apply', values, io, globals), ...(await boundVmsOption(values.facts)) }
    const store = openStore(ref, globals.store)
    renderWriteOutcome(await applyChangeInput(store, parsed, settings), store.displayName, io, globals, settings.detail)
    return ExitCode.Ok
  },
}
