/**
 * The names-file benchmark (`npm run bench -- names`): what `--names` with a
 * CSV of 10,000 SIDs (as Export-Csv writes it) costs `show`, `who-can` and
 * `audit`, against the same command without `--names` measured in the same
 * run (the baseline), on the delegated sample; with AZMAN_BENCH_NAMES_GROWN=1
 * also on the sample with an application group of those 10,000 SIDs (slow:
 * several minutes, the baseline itself dominates).
 * Each command runs whole, read of the names file included, through the
 * CLI's `main()`: in this process, then each run in a new process. With
 * --names three ways: from the names cache (the file unchanged since it was
 * cached, as between commands of one session), without the cache
 * (`AZMAN_NO_CACHE=1`), and as a first read (cache emptied before each run).
 * Median of `runs` runs (default 3, at least 5) after one warm-up, the
 * variants interleaved, with the fastest and slowest run of each (the noise);
 * a difference counts as within noise when the median with --names (cached)
 * is no slower than the slowest run without. Every `--names` run is checked
 * to print names. Timings are not asserted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, sample } from '../cli/run-cli.js'
import { measureInChild } from './measure-in-child.js'
import { median } from './median.js'

const SIDS = 10_000
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

/** One figure: a command on a store, without --names and with it (from the cache, without the cache, and on a first read that writes the cache): median ms, fastest and slowest run. */
export interface NamesFigure {
  /** `in-process main()` or `new process`. */
  readonly way: string
  readonly store: string
  readonly command: string
  readonly baseline: Timing
  /** With --names, answered from the names cache (the usual case: the file unchanged since the last command). */
  readonly cached: Timing
  /** With --names and `AZMAN_NO_CACHE=1`: the whole file read and checked. */
  readonly uncached: Timing
  /** With --names and an empty cache: the whole file read and checked, then cached. */
  readonly first: Timing
}

/** Runs of one variant: the median, and the fastest and slowest run (the noise a difference is judged against). */
export interface Timing {
  readonly ms: number
  readonly range: readonly [number, number]
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
type Runner = (args: readonly string[], env: Readonly<Record<string, string>>) => Promise<{ ms: number; stdout: string }>

const inProcess: Runner = async (args, env) => {
  const started = performance.now()
  const run = await runCli(args, env)
  const ms = performance.now() - started
  if (run.code !== 0) throw new Error(`azman ${args.join(' ')} exited ${run.code}: ${run.stderr}`)
  return { ms, stdout: run.stdout }
}

const newProcess: Runner = async (args, env) => {
  const outcome = await measureInChild(['--import', 'tsx', 'test/bench/names-child.ts', JSON.stringify(env), ...args], 120_000)
  if ('failure' in outcome) throw new Error(`azman ${args.join(' ')} in a new process: ${outcome.failure}`)
  const { ms, named } = outcome.result as { ms: number; named: boolean }
  return { ms, stdout: named ? 'user5' : '' }
}

/** The variants of a command, each with its environment (and, for the first read, an empty cache before each run). */
type Variant = { readonly args: readonly string[]; readonly env: Readonly<Record<string, string>>; readonly before?: () => void }

/** The timings of `runs` runs of each variant, interleaved, after a warm-up of each (which also fills the cache). */
async function measure(run: Runner, command: string, variants: readonly Variant[], runs: number): Promise<Timing[]> {
  for (const [i, v] of variants.entries()) {
    v.before?.()
    const out = await run(v.args, v.env)
    if (i > 0 && !out.stdout.includes('user5')) throw new Error(`${command} --names printed no name from the file`)
  }
  const times = variants.map((): number[] => [])
  for (let r = 0; r < runs; r++) {
    for (const [i, v] of variants.entries()) {
      v.before?.()
      times[i]?.push((await run(v.args, v.env)).ms)
    }
  }
  return times.map((ms) => ({ ms: median(ms), range: [Math.min(...ms), Math.max(...ms)] }))
}

/** `median (fastest–slowest)` of a variant, in ms. */
function spread({ ms, range: [low, high] }: Timing): string {
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
    const cache = join(dir, 'cache')
    const withCache = { AZMAN_CACHE_DIR: cache }
    const emptyCache = (): void => rmSync(cache, { recursive: true, force: true })
    await new Promise((r) => setTimeout(r, 2_100)) // a names file changed less than 2 s ago is not cached
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
          const args = argsOf(store)
          const named = [...args, '--names', names]
          const variants: Variant[] = [
            { args, env: withCache },
            { args: named, env: withCache },
            { args: named, env: { AZMAN_NO_CACHE: '1' } },
            { args: named, env: withCache, before: emptyCache },
          ]
          const [baseline, cached, uncached, first] = (await measure(run, command, variants, Math.max(runs, 5))) as [Timing, Timing, Timing, Timing]
          emptyCache()
          figures.push({ way, store: storeName, command, baseline, cached, uncached, first })
          process.stderr.write(`names: ${way} ${storeName} ${command}\n`)
        }
      }
    }
    const lines = [
      `--names with a CSV of ${SIDS.toLocaleString('en')} SIDs (ms per command: median (fastest–slowest) of ${Math.max(runs, 5)} runs; ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} at the end)`,
      '',
      '| Run | Store | Command | without --names | cached | difference | within noise | not cached (AZMAN_NO_CACHE=1) | first read (cache written) |',
      '| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: |',
      ...figures.map(
        (f) =>
          `| ${f.way} | ${f.store} | ${f.command} | ${spread(f.baseline)} | ${spread(f.cached)} | ${(f.cached.ms - f.baseline.ms).toFixed(1)} | ${withinNoise(f) ? 'yes' : 'no'} | ${spread(f.uncached)} | ${spread(f.first)} |`,
      ),
    ]
    return { figures, text: `${lines.join('\n')}\n` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Whether the median with --names (cached) is no slower than the slowest run without it: the difference is inside the run-to-run noise. */
function withinNoise(f: NamesFigure): boolean {
  return f.cached.ms <= f.baseline.range[1]
}
