/**
 * The why-not benchmark (`npm run bench -- why-not`): on the access benchmark's Hyper-V store
 * (test/bench/access-store.ts) at 10, 100 and 1,000 scopes, `checkAccess` of denied requests (a
 * user of no role assignment of the scope, an operation of the scope's definitions) with the proof,
 * without nearest misses (`whyNot: 0`, the baseline, measured in the same run) and with the default
 * five; medians of the per-request times, the two interleaved. Timings are not asserted.
 */
import { cpus, loadavg } from 'node:os'
import { AccessIndex, checkAccess } from '../../src/access/index.js'
import { WHY_NOT_DEFAULT } from '../../src/access/explain/why-not.js'
import { benchPolicy } from './access-store.js'
import { median } from './median.js'
import { prng } from '../support/prng.js'

/** One size: the median time of one denied check without and with why-not, in microseconds. */
export interface WhyNotFigure {
  readonly scopes: number
  readonly requests: number
  readonly withoutUs: number
  readonly withUs: number
  /** Nearest misses listed per request, on average. */
  readonly misses: number
}

const OPERATIONS = [315, 320, 325, 330, 335, 340, 345, 355]

function timeUs(f: () => void): number {
  const started = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - started) / 1000
}

export function runWhyNotBench(sizes: readonly number[] = [10, 100, 1000], requests = 300): { text: string; figures: WhyNotFigure[] } {
  const figures: WhyNotFigure[] = []
  for (const scopes of sizes) {
    const policy = benchPolicy(scopes, 24301)
    const index = AccessIndex.build(policy.store, 'Hyper-V services')
    const random = prng(scopes)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
    const without: number[] = []
    const withMisses: number[] = []
    let misses = 0
    let asked = 0
    while (asked < requests) {
      const s = Math.floor(random() * policy.scopeNames.length)
      const sid = pick(policy.users)
      if ((policy.scopeMembers[s] ?? []).includes(sid)) continue
      const request = { scope: policy.scopeNames[s], sids: [sid], operations: [pick(OPERATIONS)], explain: true }
      if (checkAccess(index, request)[0]?.decision === 'granted') continue
      without.push(timeUs(() => checkAccess(index, { ...request, whyNot: 0 })))
      withMisses.push(
        timeUs(() => {
          misses += checkAccess(index, { ...request, whyNot: WHY_NOT_DEFAULT })[0]?.whyNot?.misses.length ?? 0
        }),
      )
      asked++
    }
    figures.push({ scopes, requests: asked, withoutUs: median(without), withUs: median(withMisses), misses: misses / asked })
  }
  const rows = figures.map(
    (f) => `| ${f.scopes.toLocaleString('en-US')} | ${f.requests} | ${f.withoutUs.toFixed(0)} | ${f.withUs.toFixed(0)} | ${(f.withUs / f.withoutUs).toFixed(1)}x | ${f.misses.toFixed(1)} |`,
  )
  const text = [
    `why-not: denied checks with the proof, medians in microseconds (${cpus().length} cores, Node ${process.versions.node}, load average ${loadavg()[0]?.toFixed(1) ?? '?'})`,
    '',
    '| scopes | requests | without why-not | with 5 nearest misses | ratio | misses listed |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n')
  return { text, figures }
}
