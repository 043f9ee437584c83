import { existsSync } from 'node:fs'
import type { FailOn } from '../../audit/severity.js'
import { AUDIT_FORMATS, type AuditFormat } from '../../audit/render/formats.js'
import { ExitCode } from '../../errors/azman-error.js'
import { StoreIoError } from '../../errors/input-errors.js'
import { UsageError } from '../../errors/usage-error.js'
import { readJsonInput } from '../../fs/file-system.js'
import { ioReason } from '../../fs/io-error.js'
import { hostReportPieces } from '../../host/check/render/formats.js'
import { checkFleet } from '../../host/fleet/check-fleet.js'
import { readHostFactsFile } from '../../host/facts/read-facts.js'
import type { FleetHost } from '../../host/fleet/fleet-types.js'
import { fleetReport } from '../../host/fleet/fleet-report.js'
import { hostReportFails } from '../../host/check/build-host-report.js'
import { tokenGroupsOf } from '../../host/fleet/groups-of.js'
import { storeLoader } from '../../host/fleet/open-stores.js'
import { withSidNames } from '../../views/sid-names.js'
import { parseCommandArgs } from '../args.js'
import type { GlobalOptions } from '../command.js'
import { withDirectory } from '../directory.js'
import type { CliIo } from '../io.js'
import { writeOutFile } from '../out-file.js'
import { Progress } from '../progress.js'
import { failOnOption, reportFormatOption } from '../report-options.js'

const COMMAND = 'host check'

/**
 * `--facts FILE` or `--facts FILE=STORE`: the facts file and the host's own store. A facts path may
 * itself hold `=`, and a store URL does (`msldap://.../CN=Store,DC=...`), so the split is at the
 * first `=` whose left side names an existing file; a value that names an existing file whole has
 * no store; when neither, the first `=` (and reading the facts file says what is missing).
 */
export function factsPair(value: string, isFile: (path: string) => boolean = existsSync): FleetHost {
  const eq = isFile(value) ? -1 : splitAt(value, isFile)
  const file = eq < 0 ? value : value.slice(0, eq)
  const store = eq < 0 ? undefined : value.slice(eq + 1)
  if (file === '') throw new UsageError(`${COMMAND}: --facts ${JSON.stringify(value)} names no facts file before the =; give --facts FILE or --facts FILE=STORE`)
  if (store === '') throw new UsageError(`${COMMAND}: --facts ${JSON.stringify(value)} names no store after the =; give --facts FILE=STORE, or --facts FILE for the <store> given first`)
  return { label: file, facts: () => readHostFactsFile(file), ...(store === undefined ? {} : { store }) }
}

/** The index of the first `=` whose left side names an existing file, else of the first `=` (-1: none). */
function splitAt(value: string, isFile: (path: string) => boolean): number {
  for (let eq = value.indexOf('='); eq > 0; eq = value.indexOf('=', eq + 1)) if (isFile(value.slice(0, eq))) return eq
  return value.indexOf('=')
}

/** `--hosts FILE`: one computer name a line; blank lines and lines starting with # are skipped. */
async function hostsFile(path: string): Promise<string[]> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    throw new StoreIoError(`cannot read the hosts file ${path}: ${ioReason(e)}`, { cause: e })
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
}

/** Progress on stderr, a line per tenth of a second at most: on a terminal (not with --json), or always with --progress. */
function progressOf(io: CliIo, always: boolean, json: boolean): { onProgress: (done: number, total: number) => void; end: () => void } {
  const progress = new Progress(io, { always, never: json })
  let last = 0
  return {
    onProgress: (done, total) => {
      const now = Date.now()
      if (done < total && now - last < 100) return
      last = now
      progress.count('checking hosts', done, `of ${total} hosts`)
    },
    end: () => progress.done(),
  }
}

interface Parsed {
  readonly store: string
  readonly hosts: FleetHost[]
  readonly reference?: string
  readonly expected: string[]
  readonly threshold: FailOn
  readonly output: AuditFormat
  readonly out?: string
  readonly progress: boolean
  readonly app?: string
}

async function parse(args: readonly string[], globals: GlobalOptions): Promise<Parsed> {
  const flags = {
    facts: { type: 'string', multiple: true },
    reference: { type: 'string' },
    expect: { type: 'string', multiple: true },
    hosts: { type: 'string' },
    app: { type: 'string' },
    'fail-on': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    progress: { type: 'boolean' },
  } as const
  const { values, positionals } = parseCommandArgs(COMMAND, args, flags, { min: 1, max: 1, names: 'one <store>' })
  const facts = values.facts ?? []
  if (facts.length === 0) throw new UsageError(`${COMMAND}: give at least one --facts FILE (what azman-host-facts.js wrote on a host); see azman host --help`)
  const expected = [...(values.expect ?? []), ...(values.hosts === undefined ? [] : await hostsFile(values.hosts))]
  return {
    store: positionals[0] ?? '',
    hosts: facts.map((value) => factsPair(value)),
    ...(values.reference === undefined ? {} : { reference: values.reference }),
    expected,
    threshold: failOnOption(COMMAND, values['fail-on']),
    output: reportFormatOption(COMMAND, values.format, globals.json, AUDIT_FORMATS),
    ...(values.out === undefined ? {} : { out: values.out }),
    progress: values.progress === true,
    ...(values.app === undefined ? {} : { app: values.app }),
  }
}

/**
 * `azman host check`: one host's or a fleet's facts against their stores
 * (the fleet service), rendered in the audit's formats; exit 1 when a finding
 * reaches --fail-on.
 */
export async function hostCheck(args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const p = await parse(args, globals)
  const progress = progressOf(io, p.progress, p.output === 'json')
  const result = await withDirectory(p.store, globals, async (directory) => {
    const groupsOf = tokenGroupsOf(directory)
    try {
      return await checkFleet(
        {
          hosts: p.hosts,
          store: p.store,
          ...(p.reference === undefined ? {} : { reference: p.reference }),
          expected: p.expected,
          ...(p.app === undefined ? {} : { app: p.app }),
          ...(groupsOf === undefined ? {} : { groupsOf }),
          onProgress: progress.onProgress,
        },
        { loadStore: storeLoader(globals.store) },
      )
    } finally {
      progress.end()
    }
  })
  const report = withSidNames(fleetReport(result), globals.names?.names)
  // A fleet's report can be large: it is written a piece at a time, never held whole as text.
  const pieces = hostReportPieces(report, p.output)
  if (p.out === undefined) for (const piece of pieces) io.stdout.write(piece)
  else {
    await writeOutFile(p.out, pieces)
    io.stderr.write(`azman: host check report written to ${p.out}\n`)
  }
  return hostReportFails(report, p.threshold) ? ExitCode.Negative : ExitCode.Ok
}
