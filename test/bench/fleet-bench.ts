/**
 * The fleet benchmark (`npm run bench -- fleet`): `azman host check` on
 * 1,000 synthetic Hyper-V hosts in one run (test/bench/fleet-data.ts: 50 VMs
 * each, stores of the 2008 R2 shape with 20 scopes each, every 100th store
 * drifted), and on the first 100 of them, to show that peak RSS does not grow
 * with the number of hosts; then the 1,000 hosts with `--reference`. The
 * hosts are generated into a temporary folder before any timing. Each figure
 * is the median of `runs` runs, each in a fresh child process
 * (fleet-measure.ts): wall time, CPU time, hosts/s and peak RSS (VmHWM).
 * Goal: >= 200 hosts/s and peak RSS < 300 MiB, independent of the host
 * count. Timings are not asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateFleet } from './fleet-data.js'
import { measureInChild } from './measure-in-child.js'
import { median } from './median.js'

const GOAL_HOSTS_PER_S = 200
const GOAL_PEAK_RSS_MB = 300
const script = fileURLToPath(new URL('./fleet-measure.ts', import.meta.url))

interface Run {
  readonly hosts: number
  readonly wallMs: number
  readonly cpuMs: number
  readonly peakRssMB: number
  readonly rssBeforeMB: number
}

/** One figure: a fleet size (with or without --reference), medians of its runs. */
export interface FleetFigure {
  readonly hosts: number
  readonly reference: boolean
  readonly runs: number
  readonly wallMs: number
  readonly cpuMs: number
  readonly hostsPerS: number
  readonly hostsPerCpuS: number
  readonly peakRssMB: number
  readonly rssBeforeMB: number
}

async function measureFleet(pairs: string, hosts: number, reference: string | undefined, runs: number, timeoutMs: number): Promise<FleetFigure> {
  const results: Run[] = []
  for (let i = 0; i < runs; i++) {
    const outcome = await measureInChild(['--import', 'tsx', script, '--pairs', pairs, '--hosts', String(hosts), ...(reference === undefined ? [] : ['--reference', reference])], timeoutMs)
    if ('failure' in outcome) throw new Error(`fleet of ${hosts}: ${outcome.failure}`)
    results.push(outcome.result as Run)
  }
  const wallMs = median(results.map((r) => r.wallMs))
  const cpuMs = median(results.map((r) => r.cpuMs))
  return {
    hosts,
    reference: reference !== undefined,
    runs,
    wallMs,
    cpuMs,
    hostsPerS: hosts / (wallMs / 1000),
    hostsPerCpuS: hosts / (cpuMs / 1000),
    peakRssMB: median(results.map((r) => r.peakRssMB)),
    rssBeforeMB: median(results.map((r) => r.rssBeforeMB)),
  }
}

function report(figures: readonly FleetFigure[], load: readonly [number, number], prepared: boolean): string {
  const lines = [
    `azman fleet benchmark: node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}); 1-min load average ${load[0].toFixed(2)} at start, ${load[1].toFixed(2)} at end`,
    `hosts: 50 VMs each${prepared ? '' : ', unprepared for remote Hyper-V Manager'}; stores of the 2008 R2 shape with 20 scopes each (every 100th drifted); azman host check through main() in a fresh process; medians`,
    '',
    'hosts  reference  wall s  CPU s  hosts/s  hosts/CPU-s  peak RSS MiB  RSS before MiB',
  ]
  for (const f of figures) {
    lines.push(
      `${String(f.hosts).padStart(5)}  ${(f.reference ? 'yes' : 'no').padEnd(9)}  ${(f.wallMs / 1000).toFixed(2).padStart(6)}  ${(f.cpuMs / 1000).toFixed(2).padStart(5)}  ${f.hostsPerS.toFixed(0).padStart(7)}  ${f.hostsPerCpuS.toFixed(0).padStart(11)}  ${f.peakRssMB.toFixed(0).padStart(12)}  ${f.rssBeforeMB.toFixed(0).padStart(14)}`,
    )
  }
  const big = figures.find((f) => f.hosts === 1000 && !f.reference)
  const small = figures.find((f) => f.hosts === 100 && !f.reference)
  if (big !== undefined) {
    lines.push('')
    lines.push(
      `goal >= ${GOAL_HOSTS_PER_S} hosts/s: ${big.hostsPerS >= GOAL_HOSTS_PER_S ? 'met' : 'NOT met'} (${big.hostsPerS.toFixed(0)} hosts/s wall, ${big.hostsPerCpuS.toFixed(0)} per CPU-second); ` +
        `peak RSS < ${GOAL_PEAK_RSS_MB} MiB: ${big.peakRssMB < GOAL_PEAK_RSS_MB ? 'met' : 'NOT met'} (${big.peakRssMB.toFixed(0)} MiB)` +
        (small === undefined ? '' : `; 100 -> 1,000 hosts: peak RSS ${small.peakRssMB.toFixed(0)} -> ${big.peakRssMB.toFixed(0)} MiB`),
    )
  }
  return `${lines.join('\n')}\n`
}

/**
 * Runs the benchmark: 100 and 1,000 hosts, then 1,000 with --reference; `runs` runs each (default 3).
 * `prepared` false: the hosts as Windows installs them (every delegated principal lacks the WMI and
 * DCOM rights, the WMI firewall rules are off), so the report holds about 184 findings a host; the
 * --reference run is left out.
 */
export async function runFleetBench(runs = 3, timeoutMs = 300_000, prepared = true): Promise<{ figures: FleetFigure[]; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'azman-fleet-bench-'))
  try {
    process.stderr.write(`[fleet] generating 1,000 ${prepared ? '' : 'unprepared '}hosts...\n`)
    const data = generateFleet(dir, 1000, prepared)
    const pairs = join(dir, 'pairs.json')
    writeFileSync(pairs, JSON.stringify(data.pairs))
    const start = loadavg()[0] ?? Number.NaN
    const figures: FleetFigure[] = []
    for (const [hosts, reference] of [[100, undefined], [1000, undefined], ...(prepared ? [[1000, data.reference] as const] : [])] as const) {
      process.stderr.write(`[fleet] ${hosts} hosts${reference === undefined ? '' : ' with --reference'}: ${runs} run(s)\n`)
      figures.push(await measureFleet(pairs, hosts, reference, runs, timeoutMs))
    }
    return { figures, text: report(figures, [start, loadavg()[0] ?? Number.NaN], prepared) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
