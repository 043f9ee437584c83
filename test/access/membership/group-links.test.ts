import t from 'tap'
import { ApplicationContext } from '../../../src/access/index/application-context.js'
import { GroupGraph } from '../../../src/access/membership/group-links.js'
import { application, g, group, scope, store } from '../../model/factories.js'

t.test('loops: every link inside a strongly connected component is dropped and reported', async (t) => {
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
  t.same(graph.broken.filter((x) => x.reason === 'loop').map((x) => x.from.name).sort(), ['A', 'B', 'C', 'D'])
  t.ok(graph.isLoopLink(c, g(1)))
  t.notOk(graph.isLoopLink(e, g(1)))
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
