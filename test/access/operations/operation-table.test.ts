import t from 'tap'
import { OperationTable } from '../../../src/access/operations/operation-table.js'
import { addOp, emptyOpSet, hasOp, isEmptyOpSet, opIndices, subtractInto, unionInto } from '../../../src/access/operations/op-set.js'
import { application, g, operation } from '../../model/factories.js'

t.test('operations by OperationID, name and GUID', async (t) => {
  const table = new OperationTable(
    application('App', {
      operations: [operation('Start', '315', { guid: g(1) }), operation('Stop', '320', { guid: g(2) }), operation('Again', '315', { guid: g(3) }), operation('42', 'x', { guid: g(4) })],
    }),
  )
  t.equal(table.size, 4)
  t.equal(table.find(315), 0, 'the first of duplicate OperationIDs')
  t.equal(table.find('320'), 1)
  t.equal(table.find('stop'), 1, 'names without regard to case')
  t.equal(table.find('42'), 3, 'decimal text that is no OperationID falls back to the name')
  t.equal(table.find(999), undefined)
  t.equal(table.indexOfGuid(`{${g(2).toUpperCase()}}`), 1)
  t.same(table.ref(3), { id: null, name: '42', guid: g(4) })
  t.throws(() => table.operation(9), RangeError)
})

t.test('operation sets', async (t) => {
  const a = emptyOpSet(70)
  t.equal(a.length, 3)
  t.ok(isEmptyOpSet(a))
  for (const i of [0, 31, 32, 69]) addOp(a, i)
  t.same(opIndices(a), [0, 31, 32, 69])
  t.ok(hasOp(a, 31) && !hasOp(a, 30))
  const b = emptyOpSet(70)
  addOp(b, 5)
  unionInto(b, a)
  t.same(opIndices(b), [0, 5, 31, 32, 69])
  subtractInto(b, a)
  t.same(opIndices(b), [5])
})
