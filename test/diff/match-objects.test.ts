import t from 'tap'
import { pairObjects } from '../../src/diff/match-objects.js'
import { g, operation } from '../model/factories.js'

t.test('by GUID first, then by name, each object once', async (t) => {
  const before = [operation('A', '1', { guid: g(1) }), operation('B', '2', { guid: g(2) }), operation('C', '3', { guid: g(3) }), operation('Gone', '4', { guid: g(4) })]
  const after = [operation('A renamed', '1', { guid: `{${g(1).toUpperCase()}}` }), operation('b', '2', { guid: g(22) }), operation('C', '3', { guid: g(3) }), operation('New', '5', { guid: g(5) })]
  const p = pairObjects(before, after)
  t.same(
    p.pairs.map((x) => [x.before.name, x.after.name, x.by]),
    [
      ['A', 'A renamed', 'guid'],
      ['B', 'b', 'name'],
      ['C', 'C', 'guid'],
    ],
  )
  t.same(
    p.removed.map((x) => x.name),
    ['Gone'],
  )
  t.same(
    p.added.map((x) => x.name),
    ['New'],
  )
  const dup = pairObjects([operation('X', '1', { guid: g(1) })], [operation('X', '1', { guid: g(1) }), operation('X', '1', { guid: g(1) })])
  t.equal(dup.pairs.length, 1)
  t.equal(dup.added.length, 1, 'a duplicate is not paired twice')
})

t.test('objects sharing a GUID pair in order by GUID, not by name', async (t) => {
  // Regression: the second of two objects with one GUID was paired "by name", and azman diff said
  // "matched by name; GUID "" -> ..." for an object whose GUID had not changed.
  const before = [operation('Read', '1', { guid: g(1) }), operation('Write', '2', { guid: g(1) })]
  const after = [operation('Read', '1', { guid: g(1) }), operation('Write', '2', { guid: g(1), description: 'x' })]
  t.same(
    pairObjects(before, after).pairs.map((x) => [x.before.name, x.after.name, x.by]),
    [
      ['Read', 'Read', 'guid'],
      ['Write', 'Write', 'guid'],
    ],
  )
})
