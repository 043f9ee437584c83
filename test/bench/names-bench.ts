/**
 * The names-file benchmark (`npm run bench -- names`): what `--names` with a
 * CSV of 10,000 SIDs (as Export-Csv writes it) costs `show`, `who-can` and
 * `audit`, against the same command without `--names` measured in the same
 * run (the baseline), on the delegated sample; with AZMAN_BENCH_NAMES_GROWN=1
 * also on the sample with an application group of those 10,000 SIDs (slow:
 * several minutes, the baseline itself dominates).
 * Each command runs whole through the CLI's `main()` in this process, read of
 * the names file included; median of `runs` runs (default 3, at least 5)
 * after one warm-up, the two variants interleaved. Every `--names` run is
 * checked to print names. Timings are not asserted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, sample } from '../cli/run-cli.js'
import { median } from './plan-bench.js'

const SIDS = 10_000
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

/** One figure: a command on a store, with and without --names (median ms) and their ratio. */
export interface NamesFigure {
  readonly store: string
  readonly command: string
  readonly baselineMs: number
  readonly namesMs: number
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

async function timed(args: readonly string[]): Promise<{ ms: number; stdout: string }> {
  const started = performance.now()
  const run = await runCli(args)
  const ms = performance.now() - started
  if (run.code !== 0) throw new Error(`azman ${args.join(' ')} exited ${run.code}: ${run.stderr}`)
  return { ms, stdout: run.stdout }
}

/** Runs the benchmark; `runs` timed runs per figure (at least 5). */
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
    for (const [storeName, store] of stores) {
      for (const [command, argsOf] of commands) {
        const args = argsOf(store)
        await timed(args)
        const named = await timed([...args, '--names', names])
        if (!named.stdout.includes('user5')) throw new Error(`${command} --names printed no name from the file`)
        const base: number[] = []
        const withNames: number[] = []
        for (let i = 0; i < Math.max(runs, 5); i++) {
          base.push((await timed(args)).ms)
          withNames.push((await timed([...args, '--names', names])).ms)
        }
        const baselineMs = median(base)
        const namesMs = median(withNames)
        figures.push({ store: storeName, command, baselineMs, namesMs, ratio: namesMs / baselineMs })
        process.stderr.write(`names: ${storeName} ${command}\n`)
      }
    }
    const lines = [
      `--names with a CSV of ${SIDS.toLocaleString('en')} SIDs (median ms per command, in-process main())`,
      '',
      '| Store | Command | without --names | with --names | ratio |',
      '| --- | --- | ---: | ---: | ---: |',
      ...figures.map((f) => `| ${f.store} | ${f.command} | ${f.baselineMs.toFixed(1)} | ${f.namesMs.toFixed(1)} | ${f.ratio.toFixed(2)} |`),
    ]
    return { figures, text: `${lines.join('\n')}\n` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
