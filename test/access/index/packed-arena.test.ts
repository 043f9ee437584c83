import t from 'tap'
import { PackedArena } from '../../../src/access/index/packed-arena.js'

t.test('slices are zeroed, disjoint, and larger than a chunk when asked', async (t) => {
  const arena = new PackedArena(8)
  const a = arena.alloc(5)
  a.data.fill(7, a.base, a.base + 5)
  const b = arena.alloc(5)
  t.not(b.data, a.data, 'a new chunk when the first is full')
  t.same([...b.data.subarray(b.base, b.base + 5)], [0, 0, 0, 0, 0])
  const c = arena.alloc(100)
  t.ok(c.data.length >= 100)
  const d = arena.alloc(2)
  t.ok(d.data !== c.data || d.base >= c.base + 100, 'no overlap')
  t.same([...a.data.subarray(a.base, a.base + 5)], [7, 7, 7, 7, 7], 'earlier slices are kept')
})
