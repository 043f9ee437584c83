import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { exportStore } from '../../views/export-json.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { examplesSection } from '../examples.js'

export const exportCommand: Command = {
  name: 'export',
  summary: 'print the whole store as JSON',
  usage: `azman export <store> --json

Prints the whole policy model as JSON: {majorVersion, minorVersion, applications,
groups}. Links are given by what people read (OperationIDs, task and group
names); docs/cli.md documents the shape.

${examplesSection(`azman export store-samples/hyperv-2008r2.xml --json`)}`,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs('export', args, {}, { min: 1, max: 1, names: 'one <store>' })
    if (!globals.json) throw new UsageError('export: only JSON export exists; pass --json')
    const snapshot = await loadStore(positionals[0] ?? '', io, globals.store)
    writeJson(io, exportStore(snapshot.policy))
    return ExitCode.Ok
  },
}
