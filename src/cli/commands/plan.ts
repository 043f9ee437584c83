import { ExitCode } from '../../errors/azman-error.js'
import { parseChangeInput } from '../../change-set/plan-file.js'
import { planChangeInput } from '../../change-set/run-write.js'
import { openStore } from '../../store/open-store.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { readJsonArgument } from '../read-input.js'
import { renderPlan } from '../render/plan-text.js'
import { examplesSection } from '../examples.js'
import { planInDetail } from '../../change-set/plan-detail.js'
import { planDetailFlag } from '../write/write-options.js'
import { resolveChangeInputAccounts } from '../../principals/account-sids.js'
import { directoryOpener } from '../directory.js'
import { writeOutFile } from '../out-file.js'
import { boundVmsOption, FACTS_FLAG, FACTS_USAGE } from '../write/facts-option.js'

export const plan: Command = {
  name: 'plan',
  summary: 'show what a change set would do, and save the plan',
  usage: `azman plan <store> <changes.json | -> [--out plan.json] [--force] [--allow-broad] [--facts FILE]... [--json [--detail full]]

Plans a change set (docs/change-sets.md) against the store as it is now, and prints what each
change does, or that it is already in place. Writes nothing to the store. With --out the plan
is saved, with the store version it was made on and the model's edits in full; azman apply
applies a saved plan only to that version. --json prints the edits by kind, name and place
(--detail full: in full, as --out saves them); either can be applied later.

${FACTS_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# changes.json: {"changes": [{"type": "create-scope", "app": "Hyper-V services", "name": "Web VMs"}, {"type": "create-role-assignment", "app": "Hyper-V services", "scope": "Web VMs", "name": "Web operators", "roleDefinitions": ["Hyper-V Manager Connect"]}]}`,
  `azman plan lab.xml changes.json`,
  `azman plan lab.xml changes.json --out plan.json`,
)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs(
      'plan',
      args,
      { out: { type: 'string' }, force: { type: 'boolean' }, 'allow-broad': { type: 'boolean' }, detail: { type: 'string' }, ...FACTS_FLAG },
      { min: 2, max: 2, names: '<store> and <changes.json>' },
    )
    const [ref = '', input = ''] = positionals
    // Domain account names become SIDs as in a write: through the directory, else the names file (POST /plan does the same).
    const parsed = await resolveChangeInputAccounts(parseChangeInput(await readJsonArgument(input, io)), directoryOpener(ref, globals), globals.names)
    const detail = planDetailFlag('plan', values.detail)
    const result = await planChangeInput(openStore(ref, globals.store), parsed, {
      force: values.force === true,
      allowBroad: values['allow-broad'] === true,
      ...(globals.names === undefined ? {} : { names: globals.names.names }),
      ...(await boundVmsOption(values.facts)),
    })
    if (values.out !== undefined) {
      await writeOutFile(values.out, `${JSON.stringify(result, null, 2)}\n`)
    }
    if (globals.json) writeJson(io, planInDetail(result, detail))
    else io.stdout.write(renderPlan(result, values.out === undefined ? 'plan only: nothing written' : `plan saved to ${values.out}; apply it with azman apply ${ref} ${values.out}`))
    return ExitCode.Ok
  },
}
