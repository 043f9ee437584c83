/**
 * The planning benchmark (`npm run bench -- plan`): how long `planChanges`
 * takes for change sets of 1,000, 4,000 and MAX_CHANGES creates of a scope,
 * a group (with one member) and a task, on the Hyper-V sample store and on
 * the sample grown to about 15,000 objects (test/change-set/big-store.ts).
 * Median of `runs` runs (default 3) after one warm-up, in one process.
 * Timings are not asserted.
 */
import { MAX_CHANGES } from '../../src/change-set/limits.js'
import { planChanges } from '../../src/change-set/plan.js'
import type { StoreSnapshot } from '../../src/store/port.js'
import { bigStore, changesOf } from '../change-set/big-store.js'
import { SAMPLE, snapshotOf } from '../change-set/change-set-helpers.js'
import { median } from './median.js'

/** Change set sizes measured. */
export const PLAN_SIZES: readonly number[] = [1000, 4000, MAX_CHANGES]
const KINDS = ['create-scope', 'create-group', 'create-task'] as const

/** One measurement: the median plan time of `count` changes of `kind` on `store`, in ms. */
export interface PlanFigure {
  readonly store: string
  readonly kind: string
  readonly count: number
  readonly medianMs: number
}

function measure(snapshot: StoreSnapshot, kind: string, count: number, runs: number): number {
  const changeSet = { changes: changesOf(kind, count) }
  planChanges(snapshot, changeSet, { store: 'bench.xml' })
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    planChanges(snapshot, changeSet, { store: 'bench.xml' })
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Runs the benchmark; `runs` is the number of timed runs per figure (default 3). */
export function runPlanBench(runs = 3): { figures: PlanFigure[]; text: string } {
  const stores: [string, StoreSnapshot][] = [
    ['sample (hyperv-2008r2.xml)', snapshotOf(SAMPLE.r2)],
    ['grown (~15,000 objects)', bigStore(2500)],
  ]
  const figures: PlanFigure[] = []
  for (const [store, snapshot] of stores) {
    for (const kind of KINDS) {
      for (const count of PLAN_SIZES) {
        figures.push({ store, kind, count, medianMs: measure(snapshot, kind, count, runs) })
        process.stderr.write(`plan: ${store} ${count} ${kind}\n`)
      }
    }
  }
  const lines = ['Planning (median ms per change set)', '', `| Store | Change | ${PLAN_SIZES.join(' | ')} |`, `| --- | --- | ${PLAN_SIZES.map(() => '---').join(' | ')} |`]
  for (const [store] of stores) {
    for (const kind of KINDS) {
      const row = PLAN_SIZES.map((count) => Math.round(figures.find((f) => f.store === store && f.kind === kind && f.count === count)?.medianMs ?? Number.NaN))
      lines.push(`| ${store} | ${kind} | ${row.join(' | ')} |`)
    }
  }
  return { figures, text: `${lines.join('\n')}\n` }
}
