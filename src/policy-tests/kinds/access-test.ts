import { explainedResult } from '../../access/explain/explain-access.js'
import { renderCheck } from '../../access/explain/check-text.js'
import { decisionOf, type Decision } from '../../access/decision.js'
import { makeToken } from '../../access/token.js'
import type { TestContext } from '../context.js'
import { fail, pass, type TestOutcome } from '../outcome.js'
import type { AccessTest } from '../schema/test-file.js'
import { atPlace, listText, opText, placeText } from './place.js'

const MEETS: Readonly<Record<AccessTest['expect'], (d: Decision) => boolean>> = {
  granted: (d) => d === 'granted',
  denied: (d) => d === 'denied',
  'not-conditional': (d) => d !== 'conditional',
}

/**
 * An `access` test, resolved (application, scope, operations; errors at their
 * JSON paths), ready to run: every operation's decision for the token meets
 * `expect`; a failure shows `check`'s proof of each operation that does not.
 */
export function prepareAccess(test: AccessTest, at: string, context: TestContext): () => TestOutcome {
  const index = context.index(test.app, at)
  const where = context.where(index, test.scope, at)
  const ops = context.operations(index, test.operations, `${at}.operations`)
  const token = makeToken(context.sids(test.sids))
  const place = placeText(where.scopeName)
  const inPlace = atPlace(where.scopeName)
  return () => {
    const wrong = ops.filter((op) => !MEETS[test.expect](decisionOf(index.decideTri(token, where, op))))
    if (wrong.length === 0) return pass(test.name, at, 'access')
    const proofs = wrong.map((op) => explainedResult(index, token, where, op))
    const message = `expected ${test.expect} ${inPlace}, but ${listText(proofs.map((r, i) => `${opText(index, wrong[i] ?? 0)} is ${r.decision}`))}`
    return fail(test.name, at, 'access', message, renderCheck(proofs.slice(0, 10), place).trimEnd().split('\n'))
  }
}
