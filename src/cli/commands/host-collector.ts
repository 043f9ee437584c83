import { ExitCode } from '../../errors/azman-error.js'
import { collectorScript } from '../../host/collector/collector-script.js'
import { writeCollector } from '../../host/collector/write-collector.js'
import { parseCommandArgs } from '../args.js'
import type { GlobalOptions } from '../command.js'
import { writeJson, type CliIo } from '../io.js'

/**
 * `azman host collector [--out FILE] [--force] [--json]`: writes the host facts collector
 * (docs/host-collector.md) to FILE, or to stdout without --out.
 */
export async function hostCollector(args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const { values } = parseCommandArgs('host collector', args, { out: { type: 'string' }, force: { type: 'boolean' } }, { min: 0, max: 0, names: 'no arguments (the file is given with --out)' })
  if (values.out === undefined) {
    const script = await collectorScript()
    if (globals.json) writeJson(io, { version: script.version, sha256: script.sha256, script: script.text })
    else io.stdout.write(script.text)
    return ExitCode.Ok
  }
  const written = await writeCollector(values.out, { force: values.force === true })
  if (globals.json) writeJson(io, { path: written.path, bytes: written.bytes, version: written.version, sha256: written.sha256 })
  else {
    io.stdout.write(`wrote the host facts collector (azman ${written.version}) to ${written.path}: ${written.bytes} bytes, sha256 ${written.sha256}\n`)
    io.stdout.write(`on each host, as an administrator: cscript //nologo ${written.path.split(/[\\/]/).pop() ?? 'azman-host-facts.js'} > <host>.json\n`)
  }
  return ExitCode.Ok
}
