/**
 * The migration benchmark (`npm run bench -- migrate`): on the access benchmark's Hyper-V store
 * (test/bench/access-store.ts) at 10, 100 and 1,000 scopes, for Cedar and Casbin: the time to build
 * the migration model and write the files, to load them into the engine (Cedar: parse, validate
 * against the schema, read each policy; Casbin: the enforcer, one per place), and the full
 * comparison (`compareWithEngine`: every case of the decision table, classes of cases alike asked
 * once); and each engine's decisions per second against azman's index (the baseline, measured in
 * the same run) on the same random sample of the table's cases. Timings are not asserted.
 */
import { cpus, loadavg } from 'node:os'
import { decisionOf } from '../../src/access/decision.js'
import { makeToken } from '../../src/access/token.js'
import { exportMigration } from '../../src/migrate/migrate.js'
import { operationActionId } from '../../src/migrate/model/build-model.js'
import { TARGETS } from '../../src/migrate/targets.js'
import { decisionTable, tableIndex } from '../../src/verify/decision-table.js'
import { compareWithEngine } from '../../src/migrate/verify/compare.js'
import { prng } from '../support/prng.js'
import { benchPolicy } from './access-store.js'

/** One size: the table, and for each engine the export, load and comparison times and the rates. */
export interface MigrateFigure {
  readonly scopes: number
  readonly cases: number
  readonly tokens: number
  readonly exportMs: Readonly<Record<string, number>>
  readonly loadMs: Readonly<Record<string, number>>
  /** The full comparison, per engine. */
  readonly verifyMs: Readonly<Record<string, number>>
  /** Decisions the comparison asked each side, per engine. */
  readonly asked: Readonly<Record<string, number>>
  readonly disagreements: Readonly<Record<string, number>>
  /** Decisions per second on the sample: azman, cedar, casbin. */
  readonly perSecond: Readonly<Record<string, number>>
  readonly sampled: number
}

function timed<T>(f: () => T): [T, number] {
  const started = performance.now()
  const value = f()
  return [value, performance.now() - started]
}

const TARGET_NAMES = ['cedar', 'casbin'] as const

export async function runMigrateBench(sizes: readonly number[] = [10, 100, 1000], sample = 1000): Promise<{ text: string; figures: MigrateFigure[] }> {
  const figures: MigrateFigure[] = []
  for (const scopes of sizes) {
    const { store } = benchPolicy(scopes, 24301)
    const ref = { reference: `bench-${scopes}`, version: `bench:${scopes}` }
    const { table } = decisionTable(store, ref, 'Hyper-V services', [], Number.POSITIVE_INFINITY)
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
    const verifyMs: Record<string, number> = {}
    const asked: Record<string, number> = {}
    const disagreements: Record<string, number> = {}
    const perSecond: Record<string, number> = { azman: Math.round(sample / (azmanMs / 1000)) }
    for (const target of TARGET_NAMES) {
      const [exported, ms] = timed(() => exportMigration(store, ref, target, 'Hyper-V services'))
      exportMs[target] = Math.round(ms)
      const started = performance.now()
      const engine = await TARGETS[target].engine(exported.files, 'Hyper-V services')
      loadMs[target] = Math.round(performance.now() - started)
      if (engine === undefined) continue
      const [comparison, compareMs] = timed(() => compareWithEngine(store, ref, 'Hyper-V services', engine))
      verifyMs[target] = Math.round(compareMs)
      asked[target] = comparison.asked
      disagreements[target] = comparison.disagreements
      // The places are ready now (Cedar pre-parses a place's policies on first use): the sample times decisions only.
      const [, engineMs] = timed(() => {
        for (const c of cases) engine.decide(c.token.sids, c.scope === '' ? null : c.scope, names.get(c.op) ?? '')
      })
      perSecond[target] = Math.round(sample / (engineMs / 1000))
    }
    figures.push({
      scopes,
      cases: table.tokens.length * table.scopes.length * table.operations.length,
      tokens: table.tokens.length,
      exportMs,
      loadMs,
      verifyMs,
      asked,
      disagreements,
      perSecond,
      sampled: sample,
    })
  }
  const seconds = (f: MigrateFigure, t: string) => (((f.exportMs[t] ?? 0) + (f.loadMs[t] ?? 0) + (f.verifyMs[t] ?? 0)) / 1000).toFixed(1)
  const ratio = (f: MigrateFigure, t: string) => `${((f.perSecond.azman ?? 0) / (f.perSecond[t] ?? 1)).toFixed(0)}x`
  const lines = [
    `migrate benchmark: Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1) ?? '?'}; ${sample} sampled cases a size`,
    '| scopes | table cases | asked (cedar / casbin) | export ms (cedar / casbin) | load ms (cedar / casbin) | comparison ms (cedar / casbin) | exported and verified, s (cedar / casbin) | decisions/s: azman | cedar (azman is x faster) | casbin (x) | disagreements |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...figures.map(
      (f) =>
        `| ${f.scopes.toLocaleString('en')} | ${f.cases.toLocaleString('en')} | ${f.asked.cedar?.toLocaleString('en')} / ${f.asked.casbin?.toLocaleString('en')} | ${f.exportMs.cedar} / ${f.exportMs.casbin} | ${f.loadMs.cedar?.toLocaleString('en')} / ${f.loadMs.casbin?.toLocaleString('en')} | ${f.verifyMs.cedar?.toLocaleString('en')} / ${f.verifyMs.casbin?.toLocaleString('en')} | ${seconds(f, 'cedar')} / ${seconds(f, 'casbin')} | ${f.perSecond.azman?.toLocaleString('en')} | ${f.perSecond.cedar?.toLocaleString('en')} (${ratio(f, 'cedar')}) | ${f.perSecond.casbin?.toLocaleString('en')} (${ratio(f, 'casbin')}) | ${(f.disagreements.cedar ?? 0) + (f.disagreements.casbin ?? 0)} |`,
    ),
  ]
  return { text: `${lines.join('\n')}\n`, figures }
}
