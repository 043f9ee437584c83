import t from 'tap'
import { canonicalSid, makeToken, SidNumbers } from '../../src/access/token.js'

t.test('a token is exactly the SIDs given, canonical and distinct', async (t) => {
  const token = makeToken(['s-1-5-32-544', ' S-1-5-32-544 ', 'S-1-5-21-1-2-3-1105'])
  t.same(token.sids, ['S-1-5-32-544', 'S-1-5-21-1-2-3-1105'])
  t.ok(token.set.has('S-1-5-32-544'))
  t.notOk(token.set.has('S-1-1-0'), 'Everyone is not added')
  t.same(makeToken([]).sids, [])
  t.equal(canonicalSid('not a sid'), 'not a sid')
  t.equal(canonicalSid('s'), 's')
})

t.test('numbering follows the table as it grows', async (t) => {
  const table = new SidNumbers()
  const token = makeToken(['S-1-1-0', 'S-1-5-11'])
  table.intern('S-1-5-11')
  t.same([...token.numbered(table)], [-1, 0])
  table.intern('S-1-1-0')
  t.same([...token.numbered(table)], [1, 0], 'a SID numbered later is seen')
  t.equal(token.numbered(table), token.numbered(table), 'cached while the table does not change')
  const other = new SidNumbers()
  t.same([...token.numbered(other)], [-1, -1])
})
