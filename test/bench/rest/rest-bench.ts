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

export const GOAL = 0.7
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
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }

    const bareServer = await startChild('bare', dir)
    let bare: RestMeasurement
    try {
      bare = await measure('bare fastify hello-world', { url: `${bareServer.url}/`, connections: 10, duration })
    } finally {
      await stop(bareServer.child)
    }

    const azman = await startChild('azman', dir)
    let check: RestMeasurement
    let checkWithProof: RestMeasurement
    let read: RestMeasurement
    let write: RestMeasurement
    try {
      const scope = `${azman.url}/stores/lab/applications/${APP}/scopes/${encodeURIComponent('Lab VMs')}`
      check = await measure('access check (decision)', { url: `${scope}/access?sid=${USER}&operation=315&explain=false`, headers, connections: 10, duration })
      checkWithProof = await measure('access check with proof', { url: `${scope}/access?sid=${USER}&operation=315`, headers, connections: 10, duration })
      read = await measure('read a role assignment', { url: `${scope}/role-assignments/${encodeURIComponent('VM Operators (Lab VMs)')}`, headers, connections: 10, duration })
      const members = `${azman.url}/stores/lab/applications/${APP}/role-assignments/Auditors/members`
      const body = JSON.stringify({ members: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1999' }] })
      write = await measure('small write (add, remove a member)', {
        url: members,
        headers,
        connections: 2,
        duration,
        requests: [
          { method: 'POST', path: new URL(members).pathname, body },
          { method: 'DELETE', path: new URL(members).pathname, body },
        ],
      })
    } finally {
      await stop(azman.child)
    }
    const checkRatio = check.requestsPerSecond / bare.requestsPerSecond
    const checkWithProofRatio = checkWithProof.requestsPerSecond / bare.requestsPerSecond
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
  const row = (m: RestMeasurement) =>
    `| ${m.name} | ${m.connections} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50Ms.toFixed(1)} | ${m.p99Ms.toFixed(1)} | ${(m.requestsPerSecond / r.bare.requestsPerSecond).toFixed(2)}x | ${m.non2xx + m.errors} |`
  return [
    `REST benchmark: node ${r.node}, ${r.cpus} cores, load average ${r.loadAverage.start.toFixed(2)} -> ${r.loadAverage.end.toFixed(2)}; ${r.bare.durationS} s per measurement after a 2 s warm-up; same logger settings, no rate limit`,
    '',
    '| measurement | connections | requests/s | p50 ms | p99 ms | of bare | non-2xx + errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(r.bare),
    row(r.check),
    row(r.checkWithProof),
    row(r.read),
    row(r.write),
    '',
    `access check / bare = ${r.checkRatio.toFixed(2)} (goal >= ${GOAL}: ${r.goalMet ? 'met' : 'NOT met'}); with the proof (as azman check prints it): ${r.checkWithProofRatio.toFixed(2)}`,
    '',
  ].join('\n')
}
