/**
 * One measurement of the fleet benchmark, in a fresh process (started by
 * fleet-bench.ts): `azman host check` through the CLI's main() on the first
 * `--hosts N` hosts of the generated fleet in `--dir`, output discarded.
 * Prints one JSON line: wall and CPU time of the run, output size, and peak RSS (the
 * kernel's VmHWM, with RSS sampled every 5 ms as a cross-check).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'

const MB = 1024 * 1024

function vmHwmMB(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    return m?.[1] === undefined ? undefined : Number(m[1]) / 1024
  } catch {
    return undefined
  }
}

async function measure(): Promise<void> {
  const { values } = parseArgs({ options: { pairs: { type: 'string' }, hosts: { type: 'string' }, reference: { type: 'string' } } })
  const pairs = (JSON.parse(readFileSync(values.pairs ?? '', 'utf8')) as string[]).slice(0, Number(values.hosts))
  const first = (pairs[0] ?? '').split('=')[1] ?? ''
  const args = ['host', 'check', first, ...pairs.flatMap((p) => ['--facts', p]), '--json', '--fail-on', 'none', ...(values.reference === undefined ? [] : ['--reference', values.reference])]
  let bytes = 0
  let stderr = ''
  const io: CliIo = { stdout: { write: (c: string) => (bytes += c.length), isTTY: false }, stderr: { write: (c: string) => (stderr += c), isTTY: false }, env: {}, cwd: process.cwd() }
  const rssBefore = process.memoryUsage().rss / MB
  let sampled = rssBefore
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss / MB)
  }, 5)
  const cpu = process.cpuUsage()
  const started = performance.now()
  const code = await main(args, io)
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  clearInterval(timer)
  sampled = Math.max(sampled, process.memoryUsage().rss / MB)
  if (code !== 0) throw new Error(`azman host check exited ${code}: ${stderr}`)
  process.stdout.write(`${JSON.stringify({ hosts: pairs.length, wallMs, cpuMs, outputBytes: bytes, rssBeforeMB: rssBefore, peakRssMB: vmHwmMB() ?? sampled, sampledPeakRssMB: sampled })}\n`)
}

measure().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exitCode = 1
})
