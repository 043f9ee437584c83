import { withSidNames } from '../../views/sid-names.js'
import { diffStores } from '../../diff/store-diff.js'
import { ExitCode } from '../../errors/azman-error.js'
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
  usage: `azman diff <storeA> <storeB> [--json]

Object-level changes from storeA to storeB (objects paired by GUID, then by name;
an absent optional attribute equals an empty one; links compare by what they point
to), and the effective-access delta they cause: for each application, scope,
principal named in either store (each SID as a token of its own) and operation (by
OperationID), the decision before and after. Where non-member entries are involved,
tokens of several SIDs too ("holding also"); when those SIDs are too many to combine,
the operation is listed as one whose access may change for a token holding several
of them.

Exit 0 when the stores hold the same objects and grant exactly the same access,
1 otherwise.

${examplesSection(
  `# exits 1: the stores differ`,
  `azman diff store-samples/hyperv-2008r2.xml store-samples/hyperv-2008r2-delegated.xml`,
  `# exits 1: the stores differ`,
  `azman diff store-samples/hyperv-2008.xml store-samples/hyperv-2008r2.xml --json`,
)}`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('diff', args, {}, { min: 2, max: 2, names: 'two stores, <storeA> <storeB>' })
    const [a = '', b = ''] = positionals
    const before = await loadStore(a, io, globals.store)
    const after = await loadStore(b, io, globals.store)
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
