/**
 * Property test: on random stores and tokens (seeded), the index's decision
 * (AccessIndex.decideTri, packed bit sets and flattened membership terms) equals
 * the decision of the direct walk over the model that explains it
 * (explainAccess), for every operation, at application level and in every
 * scope; and a decision's proof is consistent with it.
 */
import t from 'tap'
import { AccessIndex, explainAccess, makeToken } from '../../src/access/index.js'
import { decisionOf } from '../../src/access/decision.js'
import { prng } from '../support/prng.js'
import { randomPolicy, randomToken } from './random-policy.js'

const STORES = 300
const TOKENS = 12

t.test(`index and explanation agree on ${STORES} random stores`, async (t) => {
  let checks = 0
  let disagreements = 0
  const seen = { granted: 0, conditional: 0, denied: 0, excluded: 0 }
  for (let seed = 1; seed <= STORES; seed++) {
    const { store } = randomPolicy(seed)
    const index = AccessIndex.build(store, 'App')
    const random = prng(seed * 7919)
    for (let k = 0; k < TOKENS; k++) {
      const token = makeToken(randomToken(random))
      for (const where of index.containers()) {
        for (let op = 0; op < index.context.operations.size; op++) {
          const fast = index.decideTri(token, where, op)
          const slow = explainAccess(index, token, where, op)
          checks++
          const decision = decisionOf(fast)
          seen[decision]++
          if (slow.because.some((b) => b.type === 'excluded')) seen.excluded++
          if (fast !== slow.tri) {
            disagreements++
            if (disagreements <= 5) t.fail(`seed ${seed}, token ${token.sids.join(' ')}, scope ${where.scopeName ?? '(app)'}, op ${op}: index ${decision}, walk ${decisionOf(slow.tri)}`)
          }
          const grants = slow.because.filter((b) => b.type === 'grant')
          if (decision === 'granted' && !grants.some((b) => b.certainty === 'certain')) t.fail(`seed ${seed}: granted without a certain grant in the proof`)
          if (decision === 'conditional' && (grants.length === 0 || grants.some((b) => b.certainty === 'certain'))) t.fail(`seed ${seed}: conditional proof inconsistent`)
          if (decision === 'denied' && grants.length > 0) t.fail(`seed ${seed}: denied with grants in the proof`)
        }
      }
    }
  }
  t.equal(disagreements, 0, `${checks} checks`)
  t.ok(seen.granted > 100 && seen.conditional > 100 && seen.denied > 100 && seen.excluded > 10, `the stores exercise every outcome: ${JSON.stringify(seen)}`)
})
