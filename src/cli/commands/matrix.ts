import { withSidNames } from '../../views/sid-names.js'
import { accessMatrix } from '../../access/queries/matrix.js'
import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { loadAccessIndex } from '../access-args.js'
import { AT_FLAG, AT_USAGE } from '../at-option.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { renderMatrix, renderMatrixCsv } from '../render/matrix-text.js'
import { examplesSection } from '../examples.js'
import { reportMeta, reportMetaHeader } from '../../report/report-meta.js'

export const matrix: Command = {
  name: 'matrix',
  summary: 'role assignments x operations, per scope',
  usage: `azman matrix <store> --app A [--at TIME|ID] [--json | --csv]

What each role assignment grants to whoever holds it, per scope (application level
first: those rows apply in every scope). A cell is certain (X), conditional (?:
only through tasks with a BizRule) or empty (.). --csv prints one row per role
assignment: scope ("" for the application level), role assignment, then one
column per operation with "certain", "conditional" or nothing.

${AT_USAGE}

Exit 0; 3 for an unknown application.

${examplesSection(`azman matrix store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services"`, `azman matrix store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --csv`)}`,
  async run(args, io, globals) {
    const flags = { app: { type: 'string' }, csv: { type: 'boolean' }, ...AT_FLAG } as const
    const { values, positionals } = parseCommandArgs('matrix', args, flags, { min: 1, max: 1, names: 'one <store>' })
    if (values.csv === true && globals.json) throw new UsageError('matrix: give --json or --csv, not both')
    const ref = positionals[0] ?? ''
    const { index, version } = await loadAccessIndex('matrix', ref, values.app, io, globals, values.at)
    const m = withSidNames(accessMatrix(index), globals.names?.names)
    const report = reportMeta({ stores: [{ ref, version }] })
    if (globals.json) writeJson(io, { report, ...m })
    else io.stdout.write(values.csv === true ? reportMetaHeader(report, 'csv') + renderMatrixCsv(m) : reportMetaHeader(report, 'text') + renderMatrix(m))
    return ExitCode.Ok
  },
}
