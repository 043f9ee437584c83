/**
 * Property test of why-not (src/access/explain/why-not.ts) on random stores
 * (seeded): every SID it says would grant does, once added to the token
 * (granted for a certain suggestion, at least conditional otherwise); on a
 * denied decision every SID whose addition would change it is among the
 * suggestions (or counted); the bound lists a prefix of the full ranking and
 * counts the rest; other scopes it names do grant there; granted decisions
 * carry none.
 */
import t from 'tap'
import { AccessIndex, makeToken, whyNot, type NearMiss } from '../../../src/access/index.js'
import { YES, NO, MAYBE } from '../../../src/access/tri.js'
import { prng } from '../../support/prng.js'
import { RANDOM_SIDS, randomPolicy, randomToken } from '../random-policy.js'

const STORES = 150
const TOKENS = 6

t.test(`why-not suggestions are exact on ${STORES} random stores`, async (t) => {
  const counted = { suggestions: 0, conditionalSuggestions: 0, completeness: 0, otherScopes: 0, prefixes: 0, granted: 0, kinds: new Set<NearMiss['type']>() }
  let failures = 0
  const fail = (message: string): void => {
    failures++
    if (failures <= 5) t.fail(message)
  }
  for (let seed = 1; seed <= STORES; seed++) {
    const index = AccessIndex.build(randomPolicy(seed).store, 'App')
    const random = prng(seed * 104729)
    for (let k = 0; k < TOKENS; k++) {
      const token = makeToken(randomToken(random))
      for (const where of index.containers()) {
        for (let op = 0; op < index.context.operations.size; op++) {
          const at = `seed ${seed}, token [${token.sids.join(' ')}], ${where.scopeName ?? '(app)'}, op ${op}`
          const decision = index.decideTri(token, where, op)
          const all = whyNot(index, token, where, op, 100)
          if (decision === YES) {
            counted.granted++
            if (all.misses.length !== 0 || all.more !== 0) fail(`${at}: a granted decision has misses`)
            continue
          }
          if (all.more !== 0) fail(`${at}: more than 100 misses on a small store`)
          const three = whyNot(index, token, where, op, 3)
          counted.prefixes++
          if (JSON.stringify(three.misses) !== JSON.stringify(all.misses.slice(0, 3)) || three.more !== Math.max(0, all.misses.length - 3)) fail(`${at}: the bound is not a prefix with a count`)
          for (const miss of all.misses) {
            counted.kinds.add(miss.type)
            if (miss.type === 'condition' && decision !== MAYBE) fail(`${at}: a condition miss on a denied decision`)
            if (miss.type === 'other-scope') {
              counted.otherScopes++
              const there = index.decideTri(token, index.where(miss.scope), op)
              if (there !== (miss.decision === 'granted' ? YES : MAYBE)) fail(`${at}: scope ${miss.scope} is not ${miss.decision}`)
            }
            if (miss.type !== 'holds-operation') continue
            for (const s of miss.wouldGrant) {
              const after = index.decideTri(makeToken([...token.sids, s.sid]), where, op)
              counted.suggestions++
              if (s.certainty === 'conditional') counted.conditionalSuggestions++
              if (s.certainty === 'certain' ? after !== YES : after === NO) fail(`${at}: adding ${s.sid} (${s.certainty}) gives ${after}`)
              if (s.member[0]?.type !== 'sid' || s.member[0].sid !== s.sid) fail(`${at}: the chain of ${s.sid} does not start at it`)
            }
          }
          if (decision !== NO) continue
          for (const sid of RANDOM_SIDS) {
            const plus = makeToken([...token.sids, sid])
            if (plus.sids.length === token.sids.length || index.decideTri(plus, where, op) === NO) continue
            counted.completeness++
            const named = all.misses.some((m) => m.type === 'holds-operation' && (m.wouldGrant.some((s) => s.sid === plus.sids.at(-1)) || m.moreWouldGrant > 0))
            if (!named) fail(`${at}: adding ${sid} would grant, but no miss suggests it`)
          }
        }
      }
    }
  }
  t.equal(failures, 0, 'no failures')
  t.ok(counted.suggestions > 500, `suggestions checked: ${counted.suggestions}`)
  t.ok(counted.conditionalSuggestions > 20, `conditional suggestions checked: ${counted.conditionalSuggestions}`)
  t.ok(counted.completeness > 200, `denied decisions a SID would change, checked: ${counted.completeness}`)
  t.ok(counted.otherScopes > 50, `other scopes checked: ${counted.otherScopes}`)
  t.ok(counted.prefixes > 1000 && counted.granted > 100, `bounds checked: ${counted.prefixes}, granted: ${counted.granted}`)
  t.same([...counted.kinds].sort(), ['condition', 'excluded', 'holds-operation', 'holds-token', 'other-scope'], 'every kind of miss occurs')
})
