/**
 * The cooperative serializer of large REST answers writes exactly what
 * JSON.stringify writes, for every kind of value it may meet.
 */
import t from 'tap'
import { stringifySteps } from '../../src/json/stringify-steps.js'
import { finish } from '../../src/model/steps.js'

const plan = {
  format: 'azman-plan/1',
  changes: Array.from({ length: 1200 }, (_, i) => ({ type: 'create-scope', app: 'A', name: `Scope ${i}`, description: i % 2 ? undefined : 'd' })),
  results: Array.from({ length: 1200 }, (_, i) => ({ index: i, nested: { list: [1, 'two', null, undefined, { deep: { deeper: [i] } }] } })),
  warnings: [],
}
const cases: [string, unknown][] = [
  ['a plan-shaped answer', plan],
  ['a scalar', 42],
  ['a string with quotes and controls', 'a"b\\c\u0000\u2028'],
  ['null', null],
  ['undefined', undefined],
  ['an array with holes of no JSON form', [undefined, () => 1, Symbol('s'), 1]],
  ['an object with properties of no JSON form', { a: undefined, b: () => 1, c: 1 }],
  ['a Date (toJSON)', { when: new Date(0), list: [new Date(1)] }],
  ['an object with a toJSON', { v: { toJSON: () => 'custom' } }],
  ['an empty object and array', { o: {}, a: [] }],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { x: 1 })],
  ['unicode keys', { 'ключ "q"': [1, 2] }],
]

t.test('the same text as JSON.stringify', async (t) => {
  for (const [what, value] of cases) t.equal(finish(stringifySteps(value)), JSON.stringify(value), what)
  t.equal(cases.length, 12, 'every case checked')
})

t.test('a large array is done in several steps', async (t) => {
  const steps = stringifySteps(plan)
  let count = 0
  while (!steps.next().done) count++
  t.ok(count >= 8, `${count} steps for 2,400 items`)
})
