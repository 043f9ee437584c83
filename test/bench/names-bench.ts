/**
 * The names-file benchmark (`npm run bench -- names`): what `--names` with a
 * CSV of 10,000 SIDs (as Export-Csv writes it) costs `show`, `who-can` and
 * `audit`, against the same command without `--names` measured in the same
 * run (the baseline), on the delegated sample; with AZMAN_BENCH_NAMES_GROWN=1
 * also on the sample with an application group of those 10,000 SIDs (slow:
 * several minutes, the baseline itself dominates).
 * Each command runs whole, read of the names file included, through the
 * CLI's `main()`: in this process, then each run in a new process;
 * median of `runs` runs (default 3, at least 5) after one warm-up, the two
 * variants interleaved, with the fastest and slowest run of each (the noise);
 * a difference counts as within noise when the median with --names is no
 * slower than the slowest run without. Every `--names` run is checked to
 * print names. Timings are not asserted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, sample } from '../cli/run-cli.js'
import { measureInChild } from './measure-in-child.js'
import { median } from './median.js'

const SIDS = 10_000
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

/** One figure: a command on a store, with and without --names (median ms, and the fastest and slowest run) and their ratio. */
export interface NamesFigure {
  /** `in-process main()` or `new process`. */
  readonly way: string
  readonly store: string
  readonly command: string
  readonly baselineMs: number
  readonly namesMs: number
  /** The fastest and the slowest run without, then with --names: the run-to-run noise the difference is judged against. */
  readonly baselineRange: readonly [number, number]
  readonly namesRange: readonly [number, number]
  readonly ratio: number
}

/** The 10,000-row names file (the sample's own domain SIDs among them) and the store with a group of them all. */
function prepare(dir: string): { names: string; stores: [string, string][] } {
  const rows = ['"DistinguishedName","Name","ObjectClass","SamAccountName","SID"']
  for (let i = 0; i < SIDS; i++) rows.push(`"CN=User ${i},OU=Lab,DC=contoso,DC=com","User, ${i}","user","user${i}","${DOMAIN}-${1100 + i}"`)
  const names = join(dir, 'names.csv')
  writeFileSync(names, `${rows.join('\r\n')}\r\n`)
  const members = Array.from({ length: SIDS }, (_, i) => `<Member>${DOMAIN}-${1100 + i}</Member>`).join('')
  const grown = readFileSync(sample('hyperv-2008r2-delegated.xml'), 'utf8').replace(
    '<NonMember>S-1-5-21-1004336348-1177238915-682003330-1107</NonMember>',
    `<NonMember>S-1-5-21-1004336348-1177238915-682003330-1107</NonMember>${members}`,
  )
  const big = join(dir, 'grown.xml')
  writeFileSync(big, grown)
  return {
    names,
    stores: [
      ['delegated sample', sample('hyperv-2008r2-delegated.xml')],
      ...(process.env.AZMAN_BENCH_NAMES_GROWN === '1' ? [[`sample + group of ${SIDS.toLocaleString('en')} SIDs`, big] as [string, string]] : []),
    ],
  }
}

/** How a command is run and timed: through `main()` in this process, or as a new process of the real binary. */
type Runner = (args: readonly string[]) => Promise<{ ms: number; stdout: string }>

const inProcess: Runner = async (args) => {
  const started = performance.now()
  const run = await runCli(args)
  const ms = performance.now() - started
  if (run.code !== 0) throw new Error(`azman ${args.join(' ')} exited ${run.code}: ${run.stderr}`)
  return { ms, stdout: run.stdout }
}

const newProcess: Runner = async (args) => {
  const outcome = await measureInChild(['--import', 'tsx', 'test/bench/names-child.ts', ...args], 120_000)
  if ('failure' in outcome) throw new Error(`azman ${args.join(' ')} in a new process: ${outcome.failure}`)
  const { ms, named } = outcome.result as { ms: number; named: boolean }
  return { ms, stdout: named ? 'user5' : '' }
}

/** The medians and ranges of `runs` runs of `args` without and with `--names`, interleaved, after a warm-up of each. */
async function measure(run: Runner, command: string, args: readonly string[], names: string, runs: number): Promise<Pick<NamesFigure, 'baselineMs' | 'namesMs' | 'baselineRange' | 'namesRange'>> {
  await run(args)
  const named = await run([...args, '--names', names])
  if (!named.stdout.includes('user5')) throw new Error(`${command} --names printed no name from the file`)
  const base: number[] = []
  const withNames: number[] = []
  for (let i = 0; i < runs; i++) {
    base.push((await run(args)).ms)
    withNames.push((await run([...args, '--names', names])).ms)
  }
  return { baselineMs: median(base), namesMs: median(withNames), baselineRange: rangeOf(base), namesRange: rangeOf(withNames) }
}

/** The fastest and the slowest of some runs. */
function rangeOf(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)]
}

/** `median (fastest–slowest)` of a variant, in ms. */
function spread(ms: number, [low, high]: readonly [number, number]): string {
  return `${ms.toFixed(1)} (${low.toFixed(1)}–${high.toFixed(1)})`
}

/**
 * Runs the benchmark; `runs` timed runs per figure (at least 5) in this
 * process (warm: the names reader optimised by the runs before), then as many
 * in new processes (test/bench/names-child.ts: cold, as a person running a
 * command gets it).
 */
export async function runNamesBench(runs = 3): Promise<{ figures: NamesFigure[]; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'azman-names-bench-'))
  try {
    const { names, stores } = prepare(dir)
    const commands: [string, (store: string) => string[]][] = [
      ['show', (store) => ['show', store]],
      ['who-can', (store) => ['who-can', store, '--app', 'Hyper-V services', '--operation', '100']],
      ['audit', (store) => ['audit', store, '--template', 'templates/']],
    ]
    const figures: NamesFigure[] = []
    for (const [way, run] of [
      ['in-process main()', inProcess],
      ['new process, cold', newProcess],
    ] as const) {
      for (const [storeName, store] of stores) {
        for (const [command, argsOf] of commands) {
          const measured = await measure(run, command, argsOf(store), names, Math.max(runs, 5))
          figures.push({ way, store: storeName, command, ...measured, ratio: measured.namesMs / measured.baselineMs })
          process.stderr.write(`names: ${way} ${storeName} ${command}\n`)
        }
      }
    }
    const lines = [
      `--names with a CSV of ${SIDS.toLocaleString('en')} SIDs (ms per command: median (fastest–slowest) of ${Math.max(runs, 5)} runs; ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} at the end)`,
      '',
      '| Run | Store | Command | without --names | with --names | difference | ratio | within noise |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
      ...figures.map(
        (f) =>
          `| ${f.way} | ${f.store} | ${f.command} | ${spread(f.baselineMs, f.baselineRange)} | ${spread(f.namesMs, f.namesRange)} | ${(f.namesMs - f.baselineMs).toFixed(1)} | ${f.ratio.toFixed(2)} | ${withinNoise(f) ? 'yes' : 'no'} |`,
      ),
    ]
    return { figures, text: `${lines.join('\n')}\n` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Whether the median with --names is no slower than the slowest run without it: the difference is inside the run-to-run noise. */
function withinNoise(f: NamesFigure): boolean {
  return f.namesMs <= f.baselineRange[1]
}
