/**
 * One access-check measurement on one generated store, in a fresh process
 * (started by test/bench/access-bench.ts), so memory figures belong to it:
 *
 *   node --expose-gc --import tsx test/bench/access-measure.ts --scopes 1000 [--seed 24301]
 *        [--checks 1000000] [--casbin-seconds 2]
 *
 * Prints one JSON line ({@link AccessMeasurement}) on stdout; progress on stderr.
 */
import { parseArgs } from 'node:util'
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin'
import { AccessIndex, checkAccess, makeToken, type ContainerIndex, type Token } from '../../src/access/index.js'
import { whoCan } from '../../src/access/queries/who-can.js'
import { YES } from '../../src/access/tri.js'
import { benchPolicy, benchRequests, CASBIN_MODEL } from './access-store.js'
import { median } from './median.js'

export interface AccessMeasurement {
  readonly scopes: number
  readonly roleAssignments: number
  readonly casbinLines: number
  readonly checks: number
  readonly buildMs: number
  /** Heap kept by the index after a full GC (the store model itself excluded). */
  readonly indexMB: number
  readonly storeMB: number
  /** AccessIndex.decide with a prepared token and scope: checks per second, median of the runs, and each run. */
  readonly azmanPerSecond: number
  readonly azmanRuns: readonly number[]
  readonly grantedShare: number
  /** checkAccess() per request, from SID strings and a scope name (no proof). */
  readonly checkApiPerSecond: number
  readonly casbin: {
    readonly loadMs: number
    readonly checks: number
    readonly seconds: number
    readonly perSecond: number
    /** Requests on which casbin and azman disagree (must be 0). */
    readonly disagreements: number
  }
  readonly whoCan: {
    /** One scope, one operation, decisions only (ms, mean). */
    readonly decisionsMs: number
    /** The same with proofs. */
    readonly explainedMs: number
    /** Every scope of the store for one operation, decisions only (ms, total). */
    readonly everyScopeMs: number
  }
  readonly peakRssMB: number
}

const MB = 1024 * 1024

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error('run with --expose-gc')
  collect()
}

function heapMB(): number {
  gc()
  return process.memoryUsage().heapUsed / MB
}

function progress(message: string): void {
  process.stderr.write(`    ${message}\n`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scopes: { type: 'string' },
      seed: { type: 'string', default: '24301' },
      checks: { type: 'string', default: '1000000' },
      'casbin-seconds': { type: 'string', default: '2' },
    },
  })
  const scopes = Number(values.scopes)
  const seed = Number(values.seed)
  const checks = Number(values.checks)
  const casbinSeconds = Number(values['casbin-seconds'])
  if (!(scopes > 0) || !(checks > 0)) throw new Error('--scopes and --checks take positive numbers')

  const heap0 = heapMB()
  const policy = benchPolicy(scopes, seed)
  const heap1 = heapMB()
  const t0 = performance.now()
  const index = AccessIndex.build(policy.store, 'Hyper-V services', { eager: true })
  const buildMs = performance.now() - t0
  const indexMB = heapMB() - heap1
  progress(`${scopes} scopes: index built in ${buildMs.toFixed(0)} ms, ${indexMB.toFixed(1)} MiB`)

  // Requests, resolved once: a client context per principal, a scope handle, an operation index.
  const requests = benchRequests(policy, checks, seed + 1)
  const tokens = new Map<string, Token>()
  const tokenOf = (sid: string): Token => {
    let t = tokens.get(sid)
    if (t === undefined) {
      // The whole token: the user plus SIDs every logon carries, none of which any role names.
      t = makeToken([sid, 'S-1-1-0', 'S-1-5-11', 'S-1-5-32-545'])
      tokens.set(sid, t)
    }
    return t
  }
  const rTokens: Token[] = requests.map((r) => tokenOf(r.sid))
  const rWhere: ContainerIndex[] = requests.map((r) => index.where(r.scope))
  const rOps: number[] = requests.map((r) => index.operation(r.operationId))

  const pass = (): { ms: number; granted: number } => {
    let granted = 0
    const start = performance.now()
    for (let i = 0; i < rOps.length; i++) {
      if (index.decideTri(rTokens[i] as Token, rWhere[i] as ContainerIndex, rOps[i] as number) === YES) granted++
    }
    return { ms: performance.now() - start, granted }
  }
  pass() // warm-up
  const runs: number[] = []
  let granted = 0
  for (let i = 0; i < 5; i++) {
    const r = pass()
    runs.push(rOps.length / (r.ms / 1000))
    granted = r.granted
  }
  const azmanPerSecond = median(runs)
  progress(`azman: ${(azmanPerSecond / 1e6).toFixed(2)} M checks/s (runs: ${runs.map((r) => (r / 1e6).toFixed(2)).join(', ')}), ${((granted / rOps.length) * 100).toFixed(0)}% granted`)

  const apiCount = Math.min(200_000, requests.length)
  const apiStart = performance.now()
  for (let i = 0; i < apiCount; i++) {
    const r = requests[i]
    if (r !== undefined) checkAccess(index, { scope: r.scope, sids: [r.sid, 'S-1-1-0', 'S-1-5-11', 'S-1-5-32-545'], operations: [r.operationId] })
  }
  const checkApiPerSecond = apiCount / ((performance.now() - apiStart) / 1000)

  const c0 = performance.now()
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL), new StringAdapter(policy.casbinPolicy))
  const loadMs = performance.now() - c0
  progress(`casbin: ${policy.casbinLines} policy lines loaded in ${loadMs.toFixed(0)} ms`)
  let casbinChecks = 0
  let disagreements = 0
  const cStart = performance.now()
  let elapsed = 0
  while (casbinChecks < requests.length && (elapsed < casbinSeconds * 1000 || casbinChecks < 5)) {
    const r = requests[casbinChecks]
    if (r === undefined) break
    const allowed = enforcer.enforceSync(r.sid, r.scope ?? 'app', String(r.operationId))
    const azman = index.decideTri(rTokens[casbinChecks] as Token, rWhere[casbinChecks] as ContainerIndex, rOps[casbinChecks] as number) === YES
    if (allowed !== azman) disagreements++
    casbinChecks++
    elapsed = performance.now() - cStart
  }
  const seconds = (performance.now() - cStart) / 1000
  progress(`casbin: ${casbinChecks} checks in ${seconds.toFixed(2)} s, ${disagreements} disagreement(s)`)

  const scopeNames = policy.scopeNames
  const whoCanCalls = 50
  let w0 = performance.now()
  for (let i = 0; i < whoCanCalls; i++) whoCan(index, index.where(scopeNames[(i * 7919) % scopeNames.length]), index.operation(315), { explain: false })
  const decisionsMs = (performance.now() - w0) / whoCanCalls
  w0 = performance.now()
  for (let i = 0; i < 10; i++) whoCan(index, index.where(scopeNames[(i * 7919) % scopeNames.length]), index.operation(315))
  const explainedMs = (performance.now() - w0) / 10
  w0 = performance.now()
  for (const name of scopeNames) whoCan(index, index.where(name), index.operation(315), { explain: false })
  const everyScopeMs = performance.now() - w0

  let roleAssignments = index.appLevel.roleAssignments.length
  for (const s of policy.store.applications[0]?.scopes ?? []) roleAssignments += s.roleAssignments.length
  const m: AccessMeasurement = {
    scopes,
    roleAssignments,
    casbinLines: policy.casbinLines,
    checks: rOps.length,
    buildMs,
    indexMB,
    storeMB: heap1 - heap0,
    azmanPerSecond,
    azmanRuns: runs,
    grantedShare: granted / rOps.length,
    checkApiPerSecond,
    casbin: { loadMs, checks: casbinChecks, seconds, perSecond: casbinChecks / seconds, disagreements },
    whoCan: { decisionsMs, explainedMs, everyScopeMs },
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }
  process.stdout.write(`${JSON.stringify(m)}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exitCode = 1
})
