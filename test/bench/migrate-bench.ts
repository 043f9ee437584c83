/**
 * The migration benchmark (`npm run bench -- migrate`): on the access benchmark's Hyper-V store
 * (test/bench/access-store.ts) at 10, 100 and 1,000 scopes, the time to build the migration model
 * and write each target's files, to load them into the engine (Cedar: parse, validate against the
 * schema, pre-parse; Casbin: the enforcer), and each engine's decisions per second against azman's
 * index, on the same random sample of the store's decision-table cases (token x place x operation),
 * measured in the same run. The full comparison's time is the table's case count over the slower
 * rate: projected, not run, where it would take minutes. Timings are not asserted.
 */
import { cpus, loadavg } from 'node:os'
import { decisionOf } from '../../src/access/decision.js'
import { makeToken } from '../../src/access/token.js'
import { exportMigration } from '../../src/migrate/migrate.js'
import { operationActionId } from '../../src/migrate/model/build-model.js'
import { TARGETS } from '../../src/migrate/targets.js'
import { decisionTable, tableIndex } from '../../src/verify/decision-table.js'
import { prng } from '../support/prng.js'
import { benchPolicy } from './access-store.js'

/** One size: the table, the export and load times, the rates. */
export interface MigrateFigure {
  readonly scopes: number
  readonly cases: number
  readonly tokens: number
  readonly modelMs: number
  readonly exportMs: Readonly<Record<string, number>>
  readonly loadMs: Readonly<Record<string, number>>
  /** Decisions per second on the sample. */
  readonly perSecond: Readonly<Record<string, number>>
  /** The full comparison's projected seconds per engine (cases / the engine's rate + cases / azman's). */
  readonly projectedSeconds: Readonly<Record<string, number>>
  readonly sampled: number
}

function timed<T>(f: () => T): [T, number] {
  const started = performance.now()
  const value = f()
  return [value, performance.now() - started]
}

export async function runMigrateBench(sizes: readonly number[] = [10, 100, 1000], sample = 1000): Promise<{ text: string; figures: MigrateFigure[] }> {
  const figures: MigrateFigure[] = []
  for (const scopes of sizes) {
    const { store } = benchPolicy(scopes, 24301)
    const ref = { reference: `bench-${scopes}`, version: `bench:${scopes}` }
    const [hashed] = timed(() => decisionTable(store, ref, 'Hyper-V services', [], Number.POSITIVE_INFINITY))
    const { table } = hashed
    const index = tableIndex(store, table)
    const random = prng(scopes)
    const cases = Array.from({ length: sample }, () => ({
      token: makeToken(table.tokens[Math.floor(random() * table.tokens.length)] ?? []),
      scope: table.scopes[Math.floor(random() * table.scopes.length)] ?? '',
      op: table.operations[Math.floor(random() * table.operations.length)] ?? 0,
    }))
    const ops = new Map(table.operations.map((id) => [id, index.operation(id)]))
    const names = new Map(table.operations.map((id) => [id, operationActionId(index.context.operations.operations[ops.get(id) ?? 0]?.name ?? '')]))
    const [, azmanMs] = timed(() => {
      for (const c of cases) decisionOf(index.decideTri(c.token, index.where(c.scope), ops.get(c.op) ?? 0))
    })
    const exportMs: Record<string, number> = {}
    const loadMs: Record<string, number> = {}
    const perSecond: Record<string, number> = { azman: Math.round(sample / (azmanMs / 1000)) }
    const projectedSeconds: Record<string, number> = {}
    let modelMs = 0
    for (const target of ['cedar', 'casbin'] as const) {
      const [exported, ms] = timed(() => exportMigration(store, ref, target, 'Hyper-V services'))
      exportMs[target] = Math.round(ms)
      const started = performance.now()
      const engine = await TARGETS[target].engine(exported.files)
      loadMs[target] = Math.round(performance.now() - started)
      if (engine === undefined) continue
      const [, engineMs] = timed(() => {
        for (const c of cases) engine.decide(c.token.sids, c.scope === '' ? null : c.scope, names.get(c.op) ?? '')
      })
      perSecond[target] = Math.round(sample / (engineMs / 1000))
      const total = table.tokens.length * table.scopes.length * table.operations.length
      projectedSeconds[target] = Math.round(total / (perSecond[target] ?? 1) + total / (perSecond.azman ?? 1))
      modelMs = Math.round(ms)
    }
    figures.push({
      scopes,
      cases: table.tokens.length * table.scopes.length * table.operations.length,
      tokens: table.tokens.length,
      modelMs,
      exportMs,
      loadMs,
      perSecond,
      projectedSeconds,
      sampled: sample,
    })
  }
  const lines = [
    `migrate benchmark: Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1) ?? '?'}; ${sample} sampled cases a size`,
    '| scopes | table cases | export ms (cedar / casbin) | load ms (cedar / casbin) | decisions/s: azman | cedar | casbin | full comparison, projected s (cedar / casbin) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...figures.map(
      (f) =>
        `| ${f.scopes.toLocaleString('en')} | ${f.cases.toLocaleString('en')} | ${f.exportMs.cedar} / ${f.exportMs.casbin} | ${f.loadMs.cedar} / ${f.loadMs.casbin} | ${f.perSecond.azman?.toLocaleString('en')} | ${f.perSecond.cedar?.toLocaleString('en')} | ${f.perSecond.casbin?.toLocaleString('en')} | ${f.projectedSeconds.cedar?.toLocaleString('en')} / ${f.projectedSeconds.casbin?.toLocaleString('en')} |`,
    ),
  ]
  return { text: `${lines.join('\n')}\n`, figures }
}
