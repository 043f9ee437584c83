import { explainedResult } from '../../access/explain/explain-access.js'
import { becauseLines } from '../../access/explain/proof-text.js'
import { renderCheck } from '../../access/explain/check-text.js'
import { whoCan } from '../../access/queries/who-can.js'
import { makeToken } from '../../access/token.js'
import { describeSid } from '../../model/sid.js'
import type { TestContext } from '../context.js'
import { fail, pass, shownLines, type TestOutcome } from '../outcome.js'
import type { WhoCanTest } from '../schema/test-file.js'
import { compareSets } from './compare.js'
import { atPlace, listText, opText, placeText } from './place.js'

/**
 * A `who-can` test, resolved, ready to run: the SIDs `who-can` lists for the
 * operation in the scope (granted or conditionally granted, each as a token
 * of its own) equal / include / exclude the ones given. A failure shows the
 * proof for each SID that can and should not, and `check`'s answer for each
 * that should and cannot.
 */
export function prepareWhoCan(test: WhoCanTest, at: string, context: TestContext): () => TestOutcome {
  const index = context.index(test.app, at)
  const where = context.where(index, test.scope, at)
  const op = context.at(`${at}.operation`, () => index.operation(test.operation))
  const expected = { equals: test.equals && context.sids(test.equals), includes: test.includes && context.sids(test.includes), excludes: test.excludes && context.sids(test.excludes) }
  const place = placeText(where.scopeName)
  const inPlace = atPlace(where.scopeName)
  return () => {
    const answer = whoCan(index, where, op, { explain: false })
    const { missing, unexpected } = compareSets(new Set(answer.principals.map((p) => p.sid)), expected)
    if (missing.length === 0 && unexpected.length === 0) return pass(test.name, at, 'who-can')
    const problems = [
      ...(unexpected.length > 0 ? [`${listText(unexpected.map(describeSid))} can and should not`] : []),
      ...(missing.length > 0 ? [`${listText(missing.map(describeSid))} cannot and should`] : []),
    ]
    const proofs = whoCan(index, where, op, { explain: true })
    const details = [
      ...shownLines(unexpected, (sid) => [`${describeSid(sid)} can:`, ...(proofs.principals.find((p) => p.sid === sid)?.because ?? []).flatMap((b) => becauseLines(b, '  '))]),
      ...shownLines(missing, (sid) => [
        `${describeSid(sid)} cannot:`,
        ...renderCheck([explainedResult(index, makeToken([sid]), where, op)], place)
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      ]),
    ]
    return fail(test.name, at, 'who-can', `who can ${opText(index, op)} ${inPlace}: ${problems.join('; ')}`, details)
  }
}
