import { explainedResult } from '../../access/explain/explain-access.js'
import { renderCheck } from '../../access/explain/check-text.js'
import { makeToken } from '../../access/token.js'
import { NO } from '../../access/tri.js'
import { describeSid } from '../../model/sid.js'
import type { TestContext } from '../context.js'
import { fail, pass, shownLines, type TestOutcome } from '../outcome.js'
import type { WhatCanTest } from '../schema/test-file.js'
import { compareSets } from './compare.js'
import { atPlace, listText, opText, placeText } from './place.js'

/**
 * A `what-can` test, resolved, ready to run: the operations the SID (a token
 * of its own) gets in the scope, granted or conditionally, equal / include /
 * exclude the ones given. A failure shows `check`'s proof of each operation
 * that is wrong.
 */
export function prepareWhatCan(test: WhatCanTest, at: string, context: TestContext): () => TestOutcome {
  const index = context.index(test.app, at)
  const where = context.where(index, test.scope, at)
  const ops = (field: 'equals' | 'includes' | 'excludes') => {
    const refs = test[field]
    return refs && context.operations(index, refs, `${at}.${field}`)
  }
  const expected = { equals: ops('equals'), includes: ops('includes'), excludes: ops('excludes') }
  const [sid = ''] = context.sids([test.sid])
  const token = makeToken([sid])
  const place = placeText(where.scopeName)
  const inPlace = atPlace(where.scopeName)
  return () => {
    const can = new Set<number>()
    for (let op = 0; op < index.context.operations.size; op++) if (index.decideTri(token, where, op) !== NO) can.add(op)
    const { missing, unexpected } = compareSets(can, expected)
    if (missing.length === 0 && unexpected.length === 0) return pass(test.name, at, 'what-can')
    const problems = [
      ...(unexpected.length > 0 ? [`can ${listText(unexpected.map((op) => opText(index, op)))} and should not`] : []),
      ...(missing.length > 0 ? [`cannot ${listText(missing.map((op) => opText(index, op)))} and should`] : []),
    ]
    const details = shownLines([...unexpected, ...missing], (op) =>
      renderCheck([explainedResult(index, token, where, op)], place)
        .trimEnd()
        .split('\n'),
    )
    return fail(test.name, at, 'what-can', `what ${describeSid(sid)} can do ${inPlace}: ${problems.join('; ')}`, details)
  }
}
