/**
 * One benchmark measurement, run by test/bench/run.ts in a fresh child process
 * so that max RSS belongs to this measurement alone and one measurement's
 * garbage never slows down another.
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx test/bench/measure.ts \
 *     --kind baseline|load|save --file store.xml --runs 5 --warmup 0 [--out written.xml]
 *
 * Prints one JSON line ({@link Measurement}) on stdout; progress goes to stderr.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { XMLParser } from 'fast-xml-parser'
import { validateStore } from '../../src/model/integrity/validate.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { writeAtomic } from '../../src/fs/file-system.js'
import { detectLayout } from '../../src/xml/policy/layout.js'
import { parseXmlStore, versionOf, type ParsedXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { readPolicy } from '../../src/xml/policy/read-policy.js'
import { writeEdits } from '../../src/store/xml/write-edits.js'
import { decodeUtf8 } from '../../src/xml/decode-utf8.js'
import type { XmlElement } from '../../src/xml/nodes.js'
import { scanXml } from '../../src/xml/scanner.js'
import { median } from './median.js'

export type Kind = 'baseline' | 'load' | 'save'

export interface StoreCounts {
  readonly elements: number
  readonly scopes: number
  readonly roleAssignments: number
  readonly groups: number
  readonly tasks: number
  readonly members: number
}

export interface Measurement {
  readonly kind: Kind
  readonly bytes: number
  readonly warmup: number
  /** Wall time of each timed run, in order. */
  readonly timesMs: readonly number[]
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  /** Median time of each phase over the timed runs (baseline and save), or of one extra untimed run (load). */
  readonly phasesMs: Readonly<Record<string, number>>
  /** RSS once the file is read, before any measured work. */
  readonly rssBeforeMB: number
  /** Max RSS when the first operation (warm-up or timed) ends: the peak of one operation in a fresh process. */
  readonly peakRssFirstMB: number
  /** Max RSS over the whole child, all runs included. */
  readonly peakRssAllMB: number
  /** Heap still used, after a full GC, while the result of one operation is alive (baseline, load). */
  readonly retainedHeapMB?: number
  /** load: what the store holds, and what validation found. */
  readonly counts?: StoreCounts
  readonly findings?: { readonly errors: number; readonly warnings: number }
  /** save: the written file's bytes equal the input, on every run. */
  readonly identical?: boolean
}

const MB = 1024 * 1024

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error('run with --expose-gc')
  collect()
}

function maxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024 // maxRSS is in KiB
}

function progress(message: string): void {
  process.stderr.write(`    ${message}\n`)
}

function countElements(root: XmlElement): number {
  let n = 0
  const stack: XmlElement[] = [root]
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    n++
    for (const c of el.children) if (c.type === 'element') stack.push(c)
  }
  return n
}

function countStore(policy: PolicyStore, elements: number): StoreCounts {
  let scopes = 0
  let roleAssignments = 0
  let groups = policy.groups.length
  let tasks = 0
  let members = 0
  for (const app of policy.applications) {
    for (const c of [app, ...app.scopes]) {
      roleAssignments += c.roleAssignments.length
      groups += c.groups.length
      tasks += c.tasks.length
      for (const r of c.roleAssignments) members += r.members.length
      for (const g of c.groups) members += g.members.length + g.nonMembers.length
    }
    scopes += app.scopes.length
  }
  return { elements, scopes, roleAssignments, groups, tasks, members }
}

interface Run {
  readonly total: number
  readonly phases: Readonly<Record<string, number>>
}

/** Runs `once` warm-up + timed times with a full GC (untimed) before each, and collects the figures. */
async function repeat(label: string, warmup: number, runs: number, once: () => Promise<Run> | Run): Promise<{ times: number[]; phases: Record<string, number>; peakRssFirstMB: number }> {
  const times: number[] = []
  const phaseRuns: Record<string, number[]> = {}
  let peakRssFirstMB = Number.NaN
  for (let i = 0; i < warmup + runs; i++) {
    gc()
    const run = await once()
    if (i === 0) peakRssFirstMB = maxRssMB()
    const timed = i >= warmup
    progress(`${label} ${timed ? `run ${i - warmup + 1}/${runs}` : 'warm-up'}: ${run.total.toFixed(1)} ms`)
    if (!timed) continue
    times.push(run.total)
    for (const [name, ms] of Object.entries(run.phases)) (phaseRuns[name] ??= []).push(ms)
  }
  const phases: Record<string, number> = {}
  for (const [name, values] of Object.entries(phaseRuns)) phases[name] = median(values)
  return { times, phases, peakRssFirstMB }
}

/** Heap in use after a full GC, in MB. */
function heapMB(): number {
  gc()
  return process.memoryUsage().heapUsed / MB
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kind: { type: 'string' },
      file: { type: 'string' },
      runs: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '0' },
      out: { type: 'string' },
    },
  })
  const kind = values.kind
  if (kind !== 'baseline' && kind !== 'load' && kind !== 'save') throw new Error('--kind must be baseline, load or save')
  if (values.file === undefined) throw new Error('--file is required')
  const runs = Number(values.runs)
  const warmup = Number(values.warmup)

  const bytes = readFileSync(values.file)
  gc()
  const rssBeforeMB = process.memoryUsage().rss / MB
  const heapBefore = heapMB()
  let result: Partial<Pick<Measurement, 'retainedHeapMB' | 'counts' | 'findings' | 'identical'>>
  let measured: Awaited<ReturnType<typeof repeat>>

  if (kind === 'baseline') {
    // Attributes on: the product reads them, so a baseline without them would flatter the parser.
    const parser = new XMLParser({ ignoreAttributes: false })
    let keep: unknown
    measured = await repeat('bare fast-xml-parser', warmup, runs, () => {
      keep = undefined
      const t0 = performance.now()
      const text = bytes.toString('utf8')
      const t1 = performance.now()
      keep = parser.parse(text)
      const t2 = performance.now()
      return { total: t2 - t0, phases: { decode: t1 - t0, parse: t2 - t1 } }
    })
    result = { retainedHeapMB: heapMB() - heapBefore }
    if (keep === undefined) throw new Error('nothing parsed')
  } else if (kind === 'load') {
    // The whole parsed store stays alive, as it does for an update (policy, tree, index, text).
    let keep: { parsed: ParsedXmlStore; errors: number; warnings: number } | undefined
    measured = await repeat('load', warmup, runs, () => {
      keep = undefined
      const t0 = performance.now()
      const parsed = parseXmlStore(bytes)
      const findings = validateStore(parsed.policy)
      const t1 = performance.now()
      let errors = 0
      for (const f of findings) if (f.severity === 'error') errors++
      keep = { parsed, errors, warnings: findings.length - errors }
      return { total: t1 - t0, phases: {} }
    })
    const retainedHeapMB = heapMB() - heapBefore
    if (keep === undefined) throw new Error('nothing loaded')
    const { errors, warnings } = keep
    // eslint-disable-next-line no-useless-assignment -- drops the store so that the phase timings below start from a collected heap
    keep = undefined
    // Where the time goes: the steps of parseXmlStore, one extra run, each timed alone.
    gc()
    const phases: Record<string, number> = {}
    const time = <T>(name: string, f: () => T): T => {
      const t0 = performance.now()
      const r = f()
      phases[name] = performance.now() - t0
      return r
    }
    const text = time('decodeUtf8', () => decodeUtf8(bytes))
    const doc = time('scanXml', () => scanXml(text))
    const { store } = time('readPolicy', () => readPolicy(doc))
    time('detectLayout', () => detectLayout(doc))
    time('versionOf (sha256)', () => versionOf(bytes))
    time('validateStore', () => validateStore(store))
    progress(
      `load phases: ${Object.entries(phases)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')}`,
    )
    result = { retainedHeapMB, counts: countStore(store, countElements(doc.root)), findings: { errors, warnings } }
    measured = { ...measured, phases }
  } else {
    if (values.out === undefined) throw new Error('--out is required for save')
    const out = values.out
    const { doc, index, layout } = parseXmlStore(bytes)
    let identical = true
    measured = await repeat('unchanged save', warmup, runs, async () => {
      const t0 = performance.now()
      const text = writeEdits(doc, index, layout, [])
      const t1 = performance.now()
      const written = Buffer.from(text, 'utf8')
      const t2 = performance.now()
      await writeAtomic(out, written)
      const t3 = performance.now()
      if (!written.equals(bytes)) identical = false
      return { total: t3 - t0, phases: { writeEdits: t1 - t0, 'Buffer.from': t2 - t1, writeAtomic: t3 - t2 } }
    })
    if (!readFileSync(out).equals(bytes)) identical = false
    result = { identical }
  }

  const { times, phases, peakRssFirstMB } = measured
  const measurement: Measurement = {
    kind,
    bytes: bytes.length,
    warmup,
    timesMs: times,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    phasesMs: phases,
    rssBeforeMB,
    peakRssFirstMB,
    peakRssAllMB: maxRssMB(),
    ...result,
  }
  process.stdout.write(`${JSON.stringify(measurement)}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exitCode = 1
})
