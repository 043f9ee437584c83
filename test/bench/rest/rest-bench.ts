/**
 * REST benchmark (`npm run bench -- --suite rest`): requests per second and
 * p99 latency of an access check and of a small write on the azman REST
 * service, against a bare fastify hello-world measured in the same run with
 * the same logger settings, rate limits off. Each server runs in a child
 * process; autocannon drives it from this one. Goal: the access check at
 * 70% or more of the bare server's rate.
 *
 * The access check: GET .../scopes/Lab VMs/access for a user in a group, on
 * the delegated sample: the decision (explain=false), and again with the
 * proof (the default, as `azman check` gives it).
 * The small write: POST and DELETE of one member of a role assignment, in
 * turn, each a journaled write with a lock, a backup and fsyncs.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { addToken } from '../../../src/tokens/manage-tokens.js'
import { median } from '../median.js'

export const GOAL = 0.7
/** Rounds of the read measurements; each figure is the median of its rounds, each ratio the median of the per-round ratios. */
const ROUNDS = 3

/** A measurement of several rounds: the median rate and latencies, the sums of requests and failures. */
function medianOf(rounds: readonly RestMeasurement[]): RestMeasurement {
  const first = rounds[0]
  if (first === undefined) throw new Error('no rounds')
  return {
    ...first,
    name: first.name.replace(/ \(round .*\)$/, ''),
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    requests: rounds.reduce((n, r) => n + r.requests, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  }
}
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const serverScript = fileURLToPath(new URL('./bench-server.ts', import.meta.url))
const APP = encodeURIComponent('Hyper-V services')
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'

export interface RestMeasurement {
  readonly name: string
  readonly requestsPerSecond: number
  readonly p99Ms: number
  readonly p50Ms: number
  readonly requests: number
  readonly non2xx: number
  readonly errors: number
  readonly connections: number
  readonly durationS: number
}

export interface RestBenchResult {
  readonly node: string
  readonly cpus: number
  readonly loadAverage: { readonly start: number; readonly end: number }
  readonly bare: RestMeasurement
  readonly check: RestMeasurement
  readonly checkWithProof: RestMeasurement
  readonly read: RestMeasurement
  readonly write: RestMeasurement
  readonly checkRatio: number
  readonly checkWithProofRatio: number
  readonly goalMet: boolean
}

function startChild(mode: 'bare' | 'azman', dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript, '--mode', mode, '--dir', dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      const line = out.split('\n')[0]
      if (out.includes('\n') && line !== undefined) resolve({ child, url: (JSON.parse(line) as { url: string }).url })
    })
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${code}) before listening`)))
    child.once('error', reject)
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

async function measure(name: string, options: autocannon.Options): Promise<RestMeasurement> {
  process.stderr.write(`[rest] ${name}: ${options.connections ?? 10} connections, ${options.duration ?? 10} s\n`)
  await autocannon({ ...options, duration: 2 }) // warm-up: JIT, caches, connections
  const r = await autocannon(options)
  return {
    name,
    requestsPerSecond: r.requests.average,
    p99Ms: r.latency.p99,
    p50Ms: r.latency.p50,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    connections: options.connections ?? 10,
    durationS: Number(options.duration ?? 10),
  }
}

/** Runs the REST benchmark; `durationS` per measurement. */
export async function restBench(options: { readonly durationS?: number } = {}): Promise<RestBenchResult> {
  const duration = options.durationS ?? 10
  const loadStart = loadavg()[0] ?? Number.NaN
  const dir = mkdtempSync(join(tmpdir(), 'azman-rest-bench-'))
  try {
    copyFileSync(join(repoRoot, 'store-samples', 'hyperv-2008r2-delegated.xml'), join(dir, 'lab.xml'))
    const { token } = await addToken(join(dir, 'tokens.json'), 'bench', 'operator')
    const headers = { authorization: `Bearer ${token}` } // reads: GET without a body
    const writeHeaders = { ...headers, 'content-type': 'application/json' }

    // Both servers run for the whole benchmark; the reads are measured in alternating rounds so that
    // the load of a shared machine weighs on the bare server and on azman alike.
    const bareServer = await startChild('bare', dir)
    const azman = await startChild('azman', dir)
    const scope = `${azman.url}/stores/lab/applications/${APP}/scopes/${encodeURIComponent('Lab VMs')}`
    const reads: Record<'bare' | 'check' | 'checkWithProof' | 'read', { name: string; options: autocannon.Options }> = {
      bare: { name: 'bare fastify hello-world', options: { url: `${bareServer.url}/` } },
      check: { name: 'access check (decision)', options: { url: `${scope}/access?sid=${USER}&operation=315&explain=false`, headers } },
      checkWithProof: { name: 'access check with proof', options: { url: `${scope}/access?sid=${USER}&operation=315`, headers } },
      read: { name: 'read a role assignment', options: { url: `${scope}/role-assignments/${encodeURIComponent('VM Operators (Lab VMs)')}`, headers } },
    }
    const rounds: Record<keyof typeof reads, RestMeasurement[]> = { bare: [], check: [], checkWithProof: [], read: [] }
    let write: RestMeasurement
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const key of Object.keys(reads) as (keyof typeof reads)[]) {
          rounds[key].push(await measure(`${reads[key].name} (round ${round + 1} of ${ROUNDS})`, { ...reads[key].options, connections: 10, duration }))
        }
      }
      const members = `${azman.url}/stores/lab/applications/${APP}/role-assignments/Auditors/members`
      const body = JSON.stringify({ members: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1999' }] })
      write = await measure('small write (add, remove a member)', {
        url: members,
        headers: writeHeaders,
        connections: 2,
        duration,
        requests: [
          { method: 'POST', path: new URL(members).pathname, body },
          { method: 'DELETE', path: new URL(members).pathname, body },
        ],
      })
    } finally {
      await stop(bareServer.child)
      await stop(azman.child)
    }
    const bare = medianOf(rounds.bare)
    const check = medianOf(rounds.check)
    const checkWithProof = medianOf(rounds.checkWithProof)
    const read = medianOf(rounds.read)
    const ratios = (key: 'check' | 'checkWithProof') => median(rounds[key].map((m, i) => m.requestsPerSecond / (rounds.bare[i]?.requestsPerSecond ?? Number.NaN)))
    const checkRatio = ratios('check')
    const checkWithProofRatio = ratios('checkWithProof')
    return {
      node: process.version,
      cpus: cpus().length,
      loadAverage: { start: loadStart, end: loadavg()[0] ?? Number.NaN },
      bare,
      check,
      checkWithProof,
      read,
      write,
      checkRatio,
      checkWithProofRatio,
      goalMet: checkRatio >= GOAL,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The report people read. */
export function restReport(r: RestBenchResult): string {
  const row = (m: RestMeasurement, ratio?: number) =>
    `| ${m.name} | ${m.connections} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50Ms.toFixed(1)} | ${m.p99Ms.toFixed(1)} | ${(ratio ?? m.requestsPerSecond / r.bare.requestsPerSecond).toFixed(2)}x | ${m.non2xx + m.errors} |`
  return [
    `REST benchmark: node ${r.node}, ${r.cpus} cores, load average ${r.loadAverage.start.toFixed(2)} -> ${r.loadAverage.end.toFixed(2)}; reads: median of ${ROUNDS} alternating rounds of ${r.bare.durationS} s (each after a 2 s warm-up), ratios the median of the per-round ratios; same logger settings, no rate limit`,
    '',
    '| measurement | connections | requests/s | p50 ms | p99 ms | of bare | non-2xx + errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(r.bare),
    row(r.check, r.checkRatio),
    row(r.checkWithProof, r.checkWithProofRatio),
    row(r.read),
    row(r.write),
    '',
    `access check / bare = ${r.checkRatio.toFixed(2)} (goal >= ${GOAL}: ${r.goalMet ? 'met' : 'NOT met'}); with the proof (as azman check prints it): ${r.checkWithProofRatio.toFixed(2)}`,
    '',
  ].join('\n')
}
