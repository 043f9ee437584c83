import { withSidNames } from '../../views/sid-names.js'
import { diffStores } from '../../diff/store-diff.js'
import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { AT_FLAG } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { renderDiff } from '../render/diff-text.js'
import { examplesSection } from '../examples.js'
import { reportMeta, reportMetaHeader } from '../../report/report-meta.js'

export const diff: Command = {
  name: 'diff',
  summary: 'object changes between two stores, and who gains or loses which operation',
  usage: `azman diff <storeA> <storeB> [--at TIME|ID] [--to-at TIME|ID] [--json]
       azman diff <store> --at TIME|ID [--to-at TIME|ID] [--json]

Object-level changes from storeA to storeB (objects paired by GUID, then by name;
an absent optional attribute equals an empty one; links compare by what they point
to), and the effective-access delta they cause: for each application, scope,
principal named in either store (each SID as a token of its own) and operation (by
OperationID), the decision before and after. Where non-member entries are involved,
tokens of several SIDs too ("holding also"); when those SIDs are too many to combine,
the operation is listed as one whose access may change for a token holding several
of them.

Two points of one store (time travel): --at reads storeA as it was at TIME (ISO 8601:
2026-12-03, 2026-12-03T08:30:00Z) or right after journal entry ID, --to-at storeB; with
one <store>, storeB is that store as it is now, or at --to-at. The versions come from the
store's version archive; a time in the future, one that does not parse or one before the
journal's first entry is refused (exit 3), as is a point after which the store was changed
outside azman (exit 5).

Exit 0 when the stores hold the same objects and grant exactly the same access,
1 otherwise.

${examplesSection(
  `# exits 1: the stores differ`,
  `azman diff store-samples/hyperv-2008r2.xml store-samples/hyperv-2008r2-delegated.xml`,
  `# exits 1: the stores differ`,
  `azman diff store-samples/hyperv-2008.xml store-samples/hyperv-2008r2.xml --json`,
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# lab.xml: changed with azman scope create lab.xml --app "Hyper-V services" --name "Web VMs" --reason CHG-1234`,
  `# what changed since journal entry 20261203T083000.123Z-1a2b3c (azman history lists the ids)`,
  `azman diff lab.xml --at 20261203T083000.123Z-1a2b3c`,
)}`,
  async run(args, io, globals) {
    const flags = { ...AT_FLAG, 'to-at': { type: 'string' } } as const
    const { values, positionals } = parseCommandArgs('diff', args, flags, { min: 1, max: 2, names: 'two stores, <storeA> <storeB>, or one <store> with --at' })
    if (positionals.length === 1 && values.at === undefined) throw new UsageError('diff: give two stores, or one store with --at TIME|ID (and --to-at TIME|ID); see azman diff --help')
    const [a = '', b = a] = positionals
    const before = await loadStore(a, io, globals.store, values.at)
    const after = await loadStore(b, io, globals.store, values['to-at'])
    const d = withSidNames(diffStores(before.policy, after.policy), globals.names?.names)
    const report = reportMeta({
      stores: [
        { ref: a, version: before.version },
        { ref: b, version: after.version },
      ],
    })
    if (globals.json) writeJson(io, { report, storeA: a, storeB: b, ...d })
    else io.stdout.write(reportMetaHeader(report, 'text') + renderDiff(d, a, b, globals.names?.names))
    return d.same ? ExitCode.Ok : ExitCode.Negative
  },
}
