import t from 'tap'
import { ApplicationContext } from '../../../src/access/index/application-context.js'
import { GroupGraph } from '../../../src/access/membership/group-links.js'
import { application, g, group, scope, store } from '../../model/factories.js'

t.test('loops: every link inside a strongly connected component is set apart as a loop link and reported', async (t) => {
  const a = group('A', { guid: g(1), appMemberLinks: [g(2)] })
  const b = group('B', { guid: g(2), appMemberLinks: [g(3)] })
  const c = group('C', { guid: g(3), appMemberLinks: [g(1)], appNonMemberLinks: [g(4)] })
  const d = group('D', { guid: g(4), appMemberLinks: [g(4)] })
  const e = group('E', { guid: g(5), appMemberLinks: [g(1)] })
  const app = application('App', { groups: [a, b, c, d, e] })
  const graph = new GroupGraph(new ApplicationContext(store({ applications: [app] }), app))
  t.same(graph.of(a).members, [])
  t.same(graph.of(b).members, [])
  t.same(graph.of(c).members, [])
  t.same(graph.of(c).nonMembers, [d], 'a link out of the loop stays')
  t.same(graph.of(d).members, [], 'a self-link is a loop')
  t.same(graph.of(e).members, [a], 'a link into the loop stays')
  t.same(
    graph.broken
      .filter((x) => x.reason === 'loop')
      .map((x) => x.from.name)
      .sort(),
    ['A', 'B', 'C', 'D'],
  )
  t.ok(graph.isLoopLink(c, g(1)))
  t.notOk(graph.isLoopLink(e, g(1)))
  // Not followed, but kept: membership through a loop link is unknown, never dropped.
  t.same(
    graph.of(a).loopMembers.map((l) => [l.from.name, l.to.name, l.list]),
    [['A', 'B', 'appMemberLinks']],
  )
  t.same(
    graph.of(c).loopMembers.map((l) => l.to.name),
    ['A'],
  )
  t.same(graph.of(c).loopNonMembers, [], 'C -> D leaves the loop')
  t.same(
    graph.of(d).loopMembers.map((l) => l.to.name),
    ['D'],
  )
  t.same(graph.of(e).loopMembers, [])
})

t.test('a non-member link inside a loop is a loop link too; a link named twice is one unknown', async (t) => {
  const staff = group('Staff', { guid: g(1), appNonMemberLinks: [g(2), g(2)] })
  const banned = group('Banned', { guid: g(2), appMemberLinks: [g(1)] })
  const app = application('App', { groups: [staff, banned] })
  const graph = new GroupGraph(new ApplicationContext(store({ applications: [app] }), app))
  t.same(graph.of(staff).nonMembers, [])
  t.same(
    graph.of(staff).loopNonMembers.map((l) => [l.from.name, l.to.name, l.list]),
    [['Staff', 'Banned', 'appNonMemberLinks']],
  )
  t.same(
    graph.of(banned).loopMembers.map((l) => l.to.name),
    ['Staff'],
  )
  t.equal(graph.broken.filter((x) => x.reason === 'loop').length, 3, 'each written link is reported')
})

t.test('visibility: store groups see store groups; scope groups are not visible from another scope', async (t) => {
  const storeGroup = group('Store', { guid: g(10), appMemberLinks: [g(11)] })
  const appGroup = group('App group', { guid: g(11), appMemberLinks: [g(10), g(12), g(99)] })
  const scopeGroup = group('Scope group', { guid: g(12) })
  const other = group('Other scope group', { guid: g(13), appMemberLinks: [g(12), g(11), g(10)] })
  const app = application('App', { groups: [appGroup], scopes: [scope('S1', { groups: [scopeGroup] }), scope('S2', { groups: [other] })] })
  const graph = new GroupGraph(new ApplicationContext(store({ applications: [app], groups: [storeGroup] }), app))
  t.same(graph.of(storeGroup).members, [], 'a store group cannot reach an application group')
  t.same(graph.of(appGroup).members, [storeGroup])
  t.same(graph.of(other).members, [appGroup, storeGroup])
  const reasons = graph.broken.map((x) => `${x.from.name}:${x.reason}`).sort()
  t.same(reasons, ['App group:missing', 'App group:not-visible', 'Other scope group:not-visible', 'Store:not-visible'])
})
