/**
 * The benchmarks: `load` (load/save of XML stores), `access` (access checks
 * against node-casbin, test/bench/access-bench.ts), `rest` (the REST service
 * against a bare fastify, test/bench/rest/rest-bench.ts) and `ldap` (loading a
 * 10,000-object AD store from the Samba test DC against ldapsearch,
 * test/bench/ldap-load.ts; options --objects N, --runs N, --fresh). Without a
 * sub-command all four run; `ldap` is skipped, with a message, outside CI when
 * Samba is not installed (under CI, or when asked for by name, it needs the DC).
 *
 * `plan` (planning time of 1,000 to MAX_CHANGES creates, test/bench/plan-bench.ts;
 * only when asked for by name). `fleet` (azman host check on 1,000 synthetic
 * hosts and on 100, test/bench/fleet-bench.ts; only when asked for by name; --unprepared: hosts as Windows
 * installs them, with a finding for every delegated principal). `names` (what --names with a 10,000-SID CSV costs
 * show, who-can and audit against the same commands without it,
 * test/bench/names-bench.ts; only when asked for by name). `why-not` (denied checks with and
 * without their nearest misses, test/bench/why-not-bench.ts; only when asked for by name).
 *
 *   npm run bench [-- [load|access|rest|plan|names|fleet|migrate|why-not]] [--json] [--sizes 1,10,100] [--scopes 10,1000,10000]
 *                 [--checks 1000000] [--casbin-seconds 2] [--seed 24301] [--timeout 300] [--duration 10] [--unprepared]
 *
 * With --json and several benchmarks, stdout holds `{"load": ..., "access": ..., "rest": ...}`.
 *
 * Load/save benchmark on synthetic Hyper-V stores of about 1, 10 and 100 MB.
 *
 * For each size it generates a store in AzMan's exact layout into a temporary
 * folder, then measures, each in a FRESH child process (test/bench/measure.ts):
 *   bare: Buffer -> string + fast-xml-parser `new XMLParser({ ignoreAttributes: false }).parse` (the baseline)
 *   load: parseXmlStore(bytes) + validateStore(policy)
 *   save: writeEdits(doc, index, layout, []) + Buffer.from(text) + writeAtomic(file), bytes checked
 * and reports medians, ratios against the baseline of the same run, MB/s,
 * ms per MB (linearity) and peak RSS. The goal under test: load <= 1.25x bare,
 * growing linearly. No assertion on timings; it fails only if a generated
 * store is invalid or a save does not give back the same bytes.
 *
 * Human-readable report on stdout; with --json the report goes to stderr and
 * stdout holds only the JSON results. Progress always goes to stderr.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { validateStore } from '../../src/model/integrity/validate.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { runAccessBench } from './access-bench.js'
import { generateStore } from './generate-store.js'
import { measureInChild } from './measure-in-child.js'
import { ldapReport, runLdapBench, type LdapBenchResult } from './ldap-load.js'
import { restBench, restReport } from './rest/rest-bench.js'
import { runPlanBench } from './plan-bench.js'
import { runNamesBench } from './names-bench.js'
import { runFleetBench } from './fleet-bench.js'
import { runMigrateBench } from './migrate-bench.js'
import { runWhyNotBench } from './why-not-bench.js'
import { sambaInstalled } from '../support/samba-dc.js'
import type { Kind, Measurement } from './measure.js'

const GOAL = 1.25
const LINEAR_TOLERANCE = 0.25
const HEAP_MB = 8192
const MB = 1e6 // sizes, MB/s and ms/MB use decimal megabytes; memory figures are MiB
const KINDS: readonly Kind[] = ['baseline', 'load', 'save']
const LABEL: Readonly<Record<Kind, string>> = { baseline: 'bare', load: 'load', save: 'save' }

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const measureScript = fileURLToPath(new URL('./measure.ts', import.meta.url))

interface Outcome {
  readonly measurement?: Measurement
  /** Why there is no measurement. */
  readonly failure?: string
}

interface SizeResult {
  readonly targetMB: number
  readonly bytes: number
  readonly runs: number
  readonly warmup: number
  readonly baseline: Outcome
  readonly load: Outcome
  readonly save: Outcome
  readonly loadRatio?: number
  readonly saveRatio?: number
  readonly goalMet?: boolean
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

function fail(message: string): never {
  throw new Error(`bench: ${message}`)
}

/** Runs measure.ts in a fresh Node process; resolves with its JSON line, or a failure after the timeout. */
function measure(kind: Kind, file: string, runs: number, warmup: number, out: string, timeoutMs: number): Promise<Outcome> {
  const args = [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', '--import', 'tsx', measureScript, '--kind', kind, '--file', file, '--runs', String(runs), '--warmup', String(warmup), '--out', out]
  return measureInChild(args, timeoutMs).then((o) => ('failure' in o ? o : { measurement: o.result as Measurement }))
}

/** AzMan's layout: declaration CRLF root CRLF TAB body, every other element on one line; 3 CRLF, 1 TAB in all. */
function checkLayout(bytes: Buffer): void {
  const text = bytes.toString('latin1')
  const count = (s: string): number => text.split(s).length - 1
  if (!text.startsWith('<?xml version="1.0" encoding="utf-8"?>\r\n<AzAdminManager MajorVersion="1" MinorVersion="0">\r\n\t<')) fail('generated store does not start like an AzMan file')
  if (count('\r\n') !== 3 || count('\n') !== 3 || count('\t') !== 1) fail('generated store does not have exactly 3 CRLF and 1 TAB')
  if (!text.endsWith('</AzAdminManager>\r\n')) fail('generated store does not end with </AzAdminManager> CRLF')
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits))
const pct = (n: number): string => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows
    .map((r, j) => {
      const line = r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')
      return j === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line
    })
    .join('\n')
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? '?'
  } catch {
    return '?'
  }
}

/** The commit measured, and whether src/ differs from it, so runs can be compared. */
function sourceRevision(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const dirty = git('status', '--porcelain', '--', 'src') !== ''
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/' : ''}`
  } catch {
    return 'unknown (not a git checkout)'
  }
}

function sizeLabel(r: SizeResult): string {
  return `${r.targetMB} MB`
}

/** ms per MB of the median, per kind. */
function msPerMB(o: Outcome, bytes: number): number | undefined {
  return o.measurement === undefined ? undefined : o.measurement.medianMs / (bytes / MB)
}

interface Linearity {
  readonly from: string
  readonly to: string
  readonly kinds: Partial<Record<Kind, { readonly fromMsPerMB: number; readonly toMsPerMB: number; readonly change: number; readonly withinTolerance: boolean }>>
}

function linearity(results: readonly SizeResult[]): Linearity | undefined {
  const ordered = [...results].sort((a, b) => a.targetMB - b.targetMB)
  const to = ordered[ordered.length - 1]
  const from = results.find((r) => r.targetMB === 10 && to?.targetMB === 100) ?? ordered[ordered.length - 2]
  if (from === undefined || to === undefined) return undefined
  const kinds: Linearity['kinds'] = {}
  for (const kind of KINDS) {
    const a = msPerMB(from[kind], from.bytes)
    const b = msPerMB(to[kind], to.bytes)
    if (a === undefined || b === undefined) continue
    const change = b / a - 1
    kinds[kind] = { fromMsPerMB: a, toMsPerMB: b, change, withinTolerance: Math.abs(change) <= LINEAR_TOLERANCE }
  }
  return { from: sizeLabel(from), to: sizeLabel(to), kinds }
}

function report(results: readonly SizeResult[], seed: number, elapsedS: number, load: { start: number; end: number }): string {
  const lines: string[] = []
  const say = (s = ''): void => {
    lines.push(s)
  }
  say(
    `azman load/save benchmark: node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), fast-xml-parser ${packageVersion('fast-xml-parser')}`,
  )
  say(`source: ${sourceRevision()}`)
  say(`1-min load average: ${load.start.toFixed(2)} at start, ${load.end.toFixed(2)} at end (above ~0.5, other processes were competing for the CPUs; expect noise)`)
  say(`stores: synthetic Hyper-V, AzMan compact layout (3 CRLF, 1 TAB), seed ${seed}; MB = 10^6 bytes, memory in MiB`)
  say(`each figure: fresh child process, node --max-old-space-size=${HEAP_MB} --expose-gc --import tsx; median of the timed runs; full GC (untimed) before each run`)
  say('  bare = bytes.toString("utf8") + new XMLParser({ ignoreAttributes: false }).parse(text)  [attributes ON, fxp validation off]')
  say('  load = parseXmlStore(bytes) + validateStore(policy)  [decode + strict scan + model + sha256 + layout + validation]')
  say('  save = writeEdits(doc, index, layout, []) + Buffer.from(text, "utf8") + writeAtomic(temp file)  [fsync + rename; bytes checked]')
  say()

  const rows: string[][] = [['size', 'bytes', 'runs', 'elements', 'scopes', 'SIDs', 'bare ms (min-max)', 'load ms (min-max)', 'save ms (min-max)']]
  for (const r of results) {
    const cell = (o: Outcome): string => (o.measurement ? `${fmt(o.measurement.medianMs, 1)} (${fmt(o.measurement.minMs)}-${fmt(o.measurement.maxMs)})` : `n/a: ${o.failure ?? '?'}`)
    const counts = r.load.measurement?.counts
    rows.push([sizeLabel(r), String(r.bytes), `${r.runs}${r.warmup ? '+1w' : ''}`, fmt(counts?.elements), fmt(counts?.scopes), fmt(counts?.members), cell(r.baseline), cell(r.load), cell(r.save)])
  }
  say(table(rows))
  say()

  say('where the time goes (medians for bare and save; one extra untimed load run for load):')
  for (const r of results) {
    for (const kind of KINDS) {
      const m = r[kind].measurement
      if (!m) continue
      const total = Object.values(m.phasesMs).reduce((a, b) => a + b, 0)
      const parts = Object.entries(m.phasesMs).map(([name, ms]) => `${name} ${fmt(ms, 1)} ms (${fmt((ms / total) * 100)}%)`)
      say(`  ${sizeLabel(r).padEnd(6)} ${LABEL[kind]}: ${parts.join(', ')}`)
    }
  }
  say()

  say('memory (MiB): peak RSS = max RSS of the child when its first operation ends (one operation in a fresh process,')
  say('  file bytes and the tsx loader included); "before" = RSS after reading the file; retained = heap kept by the result after GC')
  const memRows: string[][] = [['size', 'before', 'bare peak', 'load peak', '(load peak-before)/size', 'load all runs', 'save peak', 'bare retained', 'load retained']]
  for (const r of results) {
    const b = r.baseline.measurement
    const l = r.load.measurement
    const s = r.save.measurement
    memRows.push([
      sizeLabel(r),
      fmt(l?.rssBeforeMB),
      fmt(b?.peakRssFirstMB),
      fmt(l?.peakRssFirstMB),
      l ? `${fmt(((l.peakRssFirstMB - l.rssBeforeMB) * 1024 * 1024) / r.bytes, 1)}x` : '-',
      fmt(l?.peakRssAllMB),
      fmt(s?.peakRssFirstMB),
      fmt(b?.retainedHeapMB),
      fmt(l?.retainedHeapMB),
    ])
  }
  say(table(memRows))
  say()

  const lin = linearity(results)
  if (lin) {
    say(`linearity, ms per MB from ${lin.from} to ${lin.to} (tolerance +/-${LINEAR_TOLERANCE * 100}%):`)
    for (const kind of KINDS) {
      const k = lin.kinds[kind]
      if (!k) continue
      say(`  ${LABEL[kind]}: ${fmt(k.fromMsPerMB, 1)} -> ${fmt(k.toMsPerMB, 1)} ms/MB (${pct(k.change)}): ${k.withinTolerance ? 'linear (within tolerance)' : 'NOT within tolerance'}`)
    }
    say()
  }

  say(`SUMMARY (goal: load <= ${GOAL}x bare fast-xml-parser, growing linearly)`)
  const sumRows: string[][] = [['size', 'bare ms', 'load ms', 'LOAD/BARE', `goal <=${GOAL}x`, 'save ms', 'save/bare', 'load MB/s', 'load ms/MB', 'bare MB/s', 'peak RSS load', 'peak RSS bare']]
  for (const r of results) {
    const b = r.baseline.measurement
    const l = r.load.measurement
    const s = r.save.measurement
    sumRows.push([
      sizeLabel(r),
      fmt(b?.medianMs, 1),
      fmt(l?.medianMs, 1),
      r.loadRatio === undefined ? 'n/a' : `${r.loadRatio.toFixed(2)}x`,
      r.goalMet === undefined ? 'n/a' : r.goalMet ? 'met' : 'NOT met',
      fmt(s?.medianMs, 1),
      r.saveRatio === undefined ? 'n/a' : `${r.saveRatio.toFixed(2)}x`,
      l ? fmt(r.bytes / MB / (l.medianMs / 1000), 1) : '-',
      fmt(msPerMB(r.load, r.bytes), 1),
      b ? fmt(r.bytes / MB / (b.medianMs / 1000), 1) : '-',
      l ? `${fmt(l.peakRssFirstMB)} MiB` : '-',
      b ? `${fmt(b.peakRssFirstMB)} MiB` : '-',
    ])
  }
  say(table(sumRows))
  const loadLin = lin?.kinds.load
  say(
    `load ratios: ${results.map((r) => `${sizeLabel(r)} ${r.loadRatio === undefined ? 'n/a' : `${r.loadRatio.toFixed(2)}x`}`).join(', ')}; ` +
      `goal met at ${results.filter((r) => r.goalMet === true).length} of ${results.length} sizes` +
      (loadLin && lin ? `; load ms/MB ${lin.from} -> ${lin.to}: ${pct(loadLin.change)} (${loadLin.withinTolerance ? 'linear' : 'NOT linear'})` : ''),
  )
  const saved = results.filter((r) => r.save.measurement !== undefined)
  const failed = results.flatMap((r) => KINDS.filter((k) => r[k].failure !== undefined).map((k) => `${sizeLabel(r)} ${LABEL[k]}`))
  say(
    `saves byte-identical: ${saved.length === 0 ? 'n/a' : saved.every((r) => r.save.measurement?.identical === true) ? 'yes' : 'NO'} (${saved.length} of ${results.length} sizes saved)` +
      `${failed.length > 0 ? `; NOT MEASURED: ${failed.join(', ')}` : ''}; bench took ${elapsedS.toFixed(0)} s`,
  )
  return `${lines.join('\n')}\n`
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '1,10,100' },
      scopes: { type: 'string', default: '10,1000,10000' },
      checks: { type: 'string', default: '1000000' },
      'casbin-seconds': { type: 'string', default: '2' },
      seed: { type: 'string', default: '24301' },
      timeout: { type: 'string', default: '300' },
      duration: { type: 'string', default: '10' },
      objects: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '3' },
      fresh: { type: 'boolean', default: false },
      unprepared: { type: 'boolean', default: false },
    },
  })
  const [suite] = positionals
  if (
    positionals.length > 1 ||
    (suite !== undefined &&
      suite !== 'load' &&
      suite !== 'access' &&
      suite !== 'rest' &&
      suite !== 'ldap' &&
      suite !== 'plan' &&
      suite !== 'names' &&
      suite !== 'fleet' &&
      suite !== 'migrate' &&
      suite !== 'why-not')
  ) {
    fail('the sub-command is load, access, rest, ldap, plan, names, fleet, migrate or why-not (none: all but plan, names, fleet, migrate and why-not)')
  }
  const objects = Number(values.objects)
  const runs = Number(values.runs)
  if (!(objects > 0) || !(runs > 0)) fail('--objects and --runs take positive numbers')
  if (suite === 'plan') {
    const plan = runPlanBench(runs)
    if (values.json) {
      process.stderr.write(`\n${plan.text}`)
      process.stdout.write(`${JSON.stringify({ source: sourceRevision(), figures: plan.figures }, null, 2)}\n`)
    } else process.stdout.write(`\n${plan.text}`)
    return
  }
  if (suite === 'fleet') {
    const fleet = await runFleetBench(runs, Number(values.timeout) * 1000, !values.unprepared)
    if (values.json) {
      process.stderr.write(`\n${fleet.text}`)
      process.stdout.write(`${JSON.stringify({ source: sourceRevision(), figures: fleet.figures }, null, 2)}\n`)
    } else process.stdout.write(`\n${fleet.text}`)
    return
  }
  if (suite === 'why-not') {
    const whyNot = runWhyNotBench()
    if (values.json) {
      process.stderr.write(`\n${whyNot.text}`)
      process.stdout.write(`${JSON.stringify({ source: sourceRevision(), figures: whyNot.figures }, null, 2)}\n`)
    } else process.stdout.write(`\n${whyNot.text}`)
    return
  }
  if (suite === 'migrate') {
    const migrate = await runMigrateBench()
    if (values.json) {
      process.stderr.write(`\n${migrate.text}`)
      process.stdout.write(`${JSON.stringify({ source: sourceRevision(), figures: migrate.figures }, null, 2)}\n`)
    } else process.stdout.write(`\n${migrate.text}`)
    return
  }
  if (suite === 'names') {
    const names = await runNamesBench(runs)
    if (values.json) {
      process.stderr.write(`\n${names.text}`)
      process.stdout.write(`${JSON.stringify({ source: sourceRevision(), figures: names.figures }, null, 2)}\n`)
    } else process.stdout.write(`\n${names.text}`)
    return
  }
  if (suite === 'ldap') {
    const ldap = await runLdapBench({ objects, runs, fresh: values.fresh })
    if (values.json) {
      process.stderr.write(`\n${ldapReport(ldap)}`)
      process.stdout.write(`${JSON.stringify({ source: sourceRevision(), ...ldap }, null, 2)}\n`)
    } else process.stdout.write(`\n${ldapReport(ldap)}`)
    return
  }
  const rest = suite === undefined || suite === 'rest' ? await restBench({ durationS: Number(values.duration) }) : undefined
  const restFailed = rest !== undefined && [rest.bare, rest.check, rest.checkWithProof, rest.read, rest.write].some((m) => m.errors + m.non2xx > 0)
  if (suite === 'rest' && rest !== undefined) {
    if (values.json) {
      process.stderr.write(`\n${restReport(rest)}`)
      process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`)
    } else process.stdout.write(`\n${restReport(rest)}`)
    if (restFailed) process.exitCode = 1
    return
  }
  const load = suite === undefined || suite === 'load' ? await loadBench(values) : undefined
  let access: Awaited<ReturnType<typeof runAccessBench>> | undefined
  if (suite === undefined || suite === 'access') {
    const scopes = values.scopes.split(',').map(Number)
    if (scopes.some((s) => !(s > 0))) fail('--scopes takes scope counts such as 10,1000,10000')
    access = await runAccessBench({ scopes, seed: Number(values.seed), checks: Number(values.checks), casbinSeconds: Number(values['casbin-seconds']), timeoutMs: Number(values.timeout) * 1000 })
  }
  let ldap: LdapBenchResult | undefined
  if (suite === undefined) {
    // The AD benchmark needs the Samba test DC (started, or provisioned, by test/support/samba-dc.ts).
    if (process.env.CI !== undefined || (await sambaInstalled())) ldap = await runLdapBench({ objects, runs, fresh: values.fresh })
    else process.stderr.write('\nbench: ldap skipped: Samba is not installed (apt-get install samba samba-ad-dc samba-ad-provision ldap-utils, or run with CI=1 as root to install it)\n')
  }
  if (values.json) {
    if (load) process.stderr.write(`\n${load.text}`)
    if (access) process.stderr.write(`\n${access.text}`)
    const accessJson = access ? { ...access.meta, sizes: access.results } : undefined
    if (rest) process.stderr.write(`\n${restReport(rest)}`)
    if (ldap) process.stderr.write(`\n${ldapReport(ldap)}`)
    const json = suite === undefined ? { load: load?.json, access: accessJson, rest, ldap: ldap ?? null } : (load?.json ?? accessJson)
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  } else {
    if (load) process.stdout.write(`\n${load.text}`)
    if (access) process.stdout.write(`\n${access.text}`)
    if (rest) process.stdout.write(`\n${restReport(rest)}`)
    if (ldap) process.stdout.write(`\n${ldapReport(ldap)}`)
  }
  // Timings are never asserted; a measurement that could not be taken is a failure.
  if (load?.failed === true || access?.failed === true || restFailed) process.exitCode = 1
}

/** The load/save benchmark; returns its report and JSON instead of printing them. */
async function loadBench(values: { sizes: string; seed: string; timeout: string }): Promise<{ text: string; json: unknown; failed: boolean }> {
  const started = performance.now()
  const loadStart = loadavg()[0] ?? Number.NaN
  const sizes = values.sizes.split(',').map(Number)
  if (sizes.some((s) => !(s > 0))) fail('--sizes takes MB values such as 1,10,100')
  const seed = Number(values.seed)
  const timeoutMs = Number(values.timeout) * 1000

  const dir = mkdtempSync(join(tmpdir(), 'azman-bench-'))
  const results: SizeResult[] = []
  try {
    for (const targetMB of sizes) {
      const runs = targetMB >= 100 ? 3 : 5
      const warmup = targetMB <= 1 ? 1 : 0
      const file = join(dir, `store-${targetMB}mb.xml`)
      progress(`[${targetMB} MB] generating...`)
      let bytes: Buffer | undefined = generateStore(targetMB * MB, seed)
      checkLayout(bytes)
      const size = bytes.length
      if (targetMB === Math.min(...sizes)) {
        // Sanity: the generated store is a valid AzMan store.
        const errors = validateStore(parseXmlStore(bytes).policy).filter((f) => f.severity === 'error')
        if (errors.length > 0) fail(`the generated ${targetMB} MB store has ${errors.length} validation error(s), first: ${JSON.stringify(errors[0])}`)
        progress(`[${targetMB} MB] generated store validates with no errors`)
      }
      writeFileSync(file, bytes)
      bytes = undefined
      progress(`[${targetMB} MB] ${size} bytes; ${runs} timed run(s)${warmup ? ' after 1 warm-up' : ''} per measurement`)
      const outcomes: Partial<Record<Kind, Outcome>> = {}
      for (const kind of KINDS) {
        progress(`[${targetMB} MB] ${LABEL[kind]} (fresh process)`)
        outcomes[kind] = await measure(kind, file, runs, warmup, join(dir, `written-${targetMB}mb.xml`), timeoutMs)
        const failure = outcomes[kind]?.failure
        if (failure !== undefined) progress(`[${targetMB} MB] ${LABEL[kind]}: ${failure}`)
      }
      const baseline = outcomes.baseline ?? { failure: 'not run' }
      const load = outcomes.load ?? { failure: 'not run' }
      const save = outcomes.save ?? { failure: 'not run' }
      const findings = load.measurement?.findings
      if (findings && findings.errors > 0) fail(`the generated ${targetMB} MB store has ${findings.errors} validation error(s)`)
      if (save.measurement && save.measurement.identical !== true) fail(`the unchanged save of the ${targetMB} MB store did not give back the same bytes`)
      const bare = baseline.measurement?.medianMs
      const loadRatio = bare === undefined || load.measurement === undefined ? undefined : load.measurement.medianMs / bare
      const saveRatio = bare === undefined || save.measurement === undefined ? undefined : save.measurement.medianMs / bare
      results.push({
        targetMB,
        bytes: size,
        runs,
        warmup,
        baseline,
        load,
        save,
        ...(loadRatio === undefined ? {} : { loadRatio, goalMet: loadRatio <= GOAL }),
        ...(saveRatio === undefined ? {} : { saveRatio }),
      })
      rmSync(file, { force: true })
      rmSync(join(dir, `written-${targetMB}mb.xml`), { force: true })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  const elapsedS = (performance.now() - started) / 1000
  const loadAverage = { start: loadStart, end: loadavg()[0] ?? Number.NaN }
  const text = report(results, seed, elapsedS, loadAverage)
  const lin = linearity(results)
  const json = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    fastXmlParser: packageVersion('fast-xml-parser'),
    source: sourceRevision(),
    seed,
    loadAverage,
    goal: { maxLoadRatio: GOAL, linearTolerance: LINEAR_TOLERANCE },
    baseline: 'bytes.toString("utf8") + new XMLParser({ ignoreAttributes: false }).parse(text)',
    elapsedS,
    sizes: results,
    linearity: lin ?? null,
  }
  return { text, json, failed: results.some((r) => KINDS.some((k) => r[k].failure !== undefined)) }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
})
