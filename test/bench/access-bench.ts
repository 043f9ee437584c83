/**
 * Access-check benchmark: AccessIndex decisions against node-casbin
 * `enforceSync()` on the same RBAC-with-domains policy (test/bench/access-store.ts),
 * on generated stores of 10, 1,000 and 10,000 scopes, each size in a fresh
 * process (test/bench/access-measure.ts). Reports checks per second (median
 * of 5 passes over 1,000,000 seeded random requests, decisions without
 * proof), the ratio to casbin measured in the same run (casbin is time-boxed:
 * it runs until --casbin-seconds have passed, at least 5 checks), index build
 * time and memory, and who-can times. Goals: >= 1,000,000 checks/s at every
 * size, >= 1,000x casbin at 1,000 scopes. Timings are never asserted; the run
 * fails only when a measurement cannot be taken or casbin and azman disagree.
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AccessMeasurement } from './access-measure.js'
import { measureInChild } from './measure-in-child.js'

export const ACCESS_GOAL = { checksPerSecond: 1_000_000, casbinRatioAt1000: 1000 } as const

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const measureScript = fileURLToPath(new URL('./access-measure.ts', import.meta.url))

export interface AccessBenchOptions {
  readonly scopes: readonly number[]
  readonly seed: number
  readonly checks: number
  readonly casbinSeconds: number
  readonly timeoutMs: number
}

export interface AccessBenchResult {
  readonly scopes: number
  readonly measurement?: AccessMeasurement
  readonly failure?: string
  readonly casbinRatio?: number
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

function run(scopes: number, o: AccessBenchOptions): Promise<AccessBenchResult> {
  const args = [
    '--expose-gc',
    '--max-old-space-size=8192',
    '--import',
    'tsx',
    measureScript,
    '--scopes',
    String(scopes),
    '--seed',
    String(o.seed),
    '--checks',
    String(o.checks),
    '--casbin-seconds',
    String(o.casbinSeconds),
  ]
  return measureInChild(args, o.timeoutMs).then((out) => {
    if ('failure' in out) return { scopes, failure: out.failure }
    const measurement = out.result as AccessMeasurement
    return { scopes, measurement, casbinRatio: measurement.azmanPerSecond / measurement.casbin.perSecond }
  })
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }))

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows
    .map((r, j) => {
      const line = r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')
      return j === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line
    })
    .join('\n')
}

function casbinVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'casbin', 'package.json'), 'utf8')) as { version?: string }).version ?? '?'
  } catch {
    return '?'
  }
}

/** Runs every size and returns the report text and the results. */
export async function runAccessBench(o: AccessBenchOptions): Promise<{ text: string; results: AccessBenchResult[]; failed: boolean; meta: Record<string, unknown> }> {
  const started = performance.now()
  const loadStart = loadavg()[0] ?? Number.NaN
  const results: AccessBenchResult[] = []
  for (const scopes of o.scopes) {
    progress(`[access ${scopes} scopes] fresh process: build index, ${o.checks} azman checks x 5, casbin for ~${o.casbinSeconds} s, who-can`)
    const r = await run(scopes, o)
    if (r.failure) progress(`[access ${scopes} scopes] ${r.failure}`)
    results.push(r)
  }
  const elapsedS = (performance.now() - started) / 1000
  const loadEnd = loadavg()[0] ?? Number.NaN
  const lines: string[] = []
  const say = (s = ''): void => {
    lines.push(s)
  }
  say(`azman access-check benchmark: node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), casbin ${casbinVersion()}, seed ${o.seed}`)
  say(`1-min load average: ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end (above ~0.5 other processes competed for the CPUs)`)
  say('policy: Hyper-V application, 34 operations, nested tasks, 3 application-level role assignments (one through a group), 3 per scope; 5,000 users')
  say(`azman: AccessIndex.decideTri(token, scope, operation), token = user + Everyone + Authenticated Users + BUILTIN\\Users, no proof;`)
  say(`  ${fmt(o.checks)} seeded random requests (scope, operation, principal: half members of the scope), median of 5 passes, one core`)
  say('casbin: enforceSync(user, scope, OperationID), RBAC with domains (same principals, roles, scopes, operations), same requests in order,')
  say(`  time-boxed to ~${o.casbinSeconds} s (at least 5 checks); every casbin answer is compared with azman's`)
  say()
  const rows: string[][] = [
    [
      'scopes',
      'role assignments',
      'casbin lines',
      'index build ms',
      'index MiB',
      'azman checks/s',
      'casbin checks/s',
      'casbin checks',
      'RATIO',
      'checkAccess()/s',
      'who-can ms',
      'who-can+proof ms',
      `who-can all scopes ms`,
      'casbin load ms',
      'peak RSS MiB',
    ],
  ]
  for (const r of results) {
    const m = r.measurement
    if (!m) {
      rows.push([String(r.scopes), `n/a: ${r.failure ?? '?'}`])
      continue
    }
    rows.push([
      fmt(m.scopes),
      fmt(m.roleAssignments),
      fmt(m.casbinLines),
      fmt(m.buildMs, 1),
      fmt(m.indexMB, 1),
      fmt(m.azmanPerSecond),
      fmt(m.casbin.perSecond, 1),
      fmt(m.casbin.checks),
      `${fmt(r.casbinRatio)}x`,
      fmt(m.checkApiPerSecond),
      fmt(m.whoCan.decisionsMs, 2),
      fmt(m.whoCan.explainedMs, 2),
      fmt(m.whoCan.everyScopeMs),
      fmt(m.casbin.loadMs),
      fmt(m.peakRssMB),
    ])
  }
  say(table(rows))
  say()
  const disagreements = results.reduce((n, r) => n + (r.measurement?.casbin.disagreements ?? 0), 0)
  const at1000 = results.find((r) => r.scopes === 1000)
  const everySizeMet = results.every((r) => (r.measurement?.azmanPerSecond ?? 0) >= ACCESS_GOAL.checksPerSecond)
  say(`SUMMARY (goals: >= ${fmt(ACCESS_GOAL.checksPerSecond)} checks/s at every size, >= ${fmt(ACCESS_GOAL.casbinRatioAt1000)}x casbin at 1,000 scopes)`)
  say(`  casbin ratio: ${results.map((r) => `${fmt(r.scopes)} scopes ${r.casbinRatio === undefined ? 'n/a' : `${fmt(r.casbinRatio)}x`}`).join(', ')}`)
  say(`  checks/s goal: ${everySizeMet ? 'met' : 'NOT met'} at every size (${results.map((r) => `${fmt(r.scopes)}: ${fmt(r.measurement?.azmanPerSecond)}`).join(', ')})`)
  say(`  casbin ratio goal at 1,000 scopes: ${at1000?.casbinRatio === undefined ? 'n/a' : at1000.casbinRatio >= ACCESS_GOAL.casbinRatioAt1000 ? 'met' : 'NOT met'}`)
  say(`  casbin and azman disagreed on ${disagreements} request(s); bench took ${elapsedS.toFixed(0)} s`)
  const failed = disagreements > 0 || results.some((r) => r.failure !== undefined)
  return {
    text: `${lines.join('\n')}\n`,
    results,
    failed,
    meta: { node: process.version, cpus: cpus().length, casbin: casbinVersion(), seed: o.seed, loadAverage: { start: loadStart, end: loadEnd }, goal: ACCESS_GOAL, elapsedS },
  }
}
