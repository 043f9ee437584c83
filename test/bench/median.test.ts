import t from 'tap'
import { median } from './median.js'

t.test('median: the middle value, the mean of the middle pair, NaN for none; the input unchanged', async (t) => {
  const values = [9, 1, 5]
  t.equal(median(values), 5)
  t.same(values, [9, 1, 5], 'not sorted in place')
  t.equal(median([4, 1, 3, 2]), 2.5, 'an even count: the mean of the two middle values')
  t.equal(median([10, 2]), 6, 'numerically, not as text')
  t.equal(median([7]), 7)
  t.ok(Number.isNaN(median([])))
})
