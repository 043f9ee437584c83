import t from 'tap'
import { dependenciesFirst } from '../../src/model/post-order.js'

const graph = (edges: Record<string, string[]>) => (n: string) => edges[n] ?? []

t.test('each node after its dependencies, each once, diamonds included', async (t) => {
  const deps = graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] })
  const order = dependenciesFirst('a', deps, () => false)
  t.same([...order].sort(), ['a', 'b', 'c', 'd'], 'every reachable node once')
  let checked = 0
  for (const [node, needs] of Object.entries({ a: ['b', 'c'], b: ['d'], c: ['d'] })) {
    for (const need of needs) {
      t.ok(order.indexOf(need) < order.indexOf(node), `${need} before ${node}`)
      checked++
    }
  }
  t.equal(checked, 4)
})

t.test('nodes already done are left out, and not walked through', async (t) => {
  t.same(
    dependenciesFirst('a', graph({ a: ['b'], b: ['c'], c: [] }), (n) => n === 'b'),
    ['a'],
  )
  t.same(
    dependenciesFirst('a', graph({ a: [] }), (n) => n === 'a'),
    [],
  )
})

t.test('a chain of 1,000,000 costs no call-stack depth', async (t) => {
  const order = dependenciesFirst(
    0,
    (n) => (n < 999_999 ? [n + 1] : []),
    () => false,
  )
  t.equal(order.length, 1_000_000)
  t.equal(order[0], 999_999, 'the deepest first')
  t.equal(order.at(-1), 0, 'the root last')
})
