import t from 'tap'
import { ApplicationContext } from '../../../src/access/index/application-context.js'
import { opIndices } from '../../../src/access/operations/op-set.js'
import { TaskClosures } from '../../../src/access/operations/task-closure.js'
import type { Task } from '../../../src/model/policy.js'
import { application, g, operation, roleAssignment, roleDefinition, scope, store, task } from '../../model/factories.js'

const ops = [1, 2, 3, 4, 5].map((n) => operation(`Op ${n}`, String(n), { guid: g(n) }))

function closures(tasks: Task[], scopeTasks: Task[] = []) {
  const app = application('App', { operations: ops, tasks, scopes: [scope('S', { tasks: scopeTasks })] })
  const context = new ApplicationContext(store({ applications: [app] }), app)
  const closures = new TaskClosures(context)
  const of = (t: Task) => {
    const r = closures.task(t)
    return { certain: opIndices(r.certain).map((i) => i + 1), conditional: opIndices(r.conditional).map((i) => i + 1) }
  }
  return { of, closures, context }
}

t.test('nested tasks, business rules, empty rules and cycles', async (t) => {
  const leaf = task('Leaf', { guid: g(10), operationLinks: [g(1)] })
  const biz = task('Biz', { guid: g(11), operationLinks: [g(2)], taskLinks: [g(10)], language: 'JScript', script: 'true' })
  const empty = task('Empty rule', { guid: g(12), operationLinks: [g(3)], language: 'VBScript', script: '' })
  const blank = task('Blank rule', { guid: g(13), operationLinks: [g(4)], language: 'VBScript', script: ' \n ' })
  const top = roleDefinition('Top', { guid: g(14), taskLinks: [g(11), g(12), g(13)] })
  const cycleA = task('Cycle A', { guid: g(15), taskLinks: [g(16)], operationLinks: [g(5)] })
  const cycleB = task('Cycle B', { guid: g(16), taskLinks: [g(15), g(11)] })
  const { of } = closures([leaf, biz, empty, blank, top, cycleA, cycleB])
  t.same(of(leaf), { certain: [1], conditional: [] })
  t.same(of(biz), { certain: [], conditional: [1, 2] }, 'everything under a BizRule is conditional')
  t.same(of(empty), { certain: [3], conditional: [] }, 'an empty BizRule is no rule')
  t.same(of(blank), { certain: [4], conditional: [] }, 'a blank BizRule is no rule')
  t.same(of(top), { certain: [3, 4], conditional: [1, 2] })
  t.same(of(cycleA), { certain: [5], conditional: [1, 2] }, 'a cycle terminates and reaches all')
  t.same(of(cycleB), { certain: [5], conditional: [1, 2] })
})

t.test('a certain path wins over a BizRule path to the same operation', async (t) => {
  const leaf = task('Leaf', { guid: g(10), operationLinks: [g(1)] })
  const biz = task('Biz', { guid: g(11), taskLinks: [g(10)], script: 'x' })
  const both = roleDefinition('Both', { guid: g(12), taskLinks: [g(11), g(10)] })
  const bizFirst = roleDefinition('Biz first', { guid: g(13), taskLinks: [g(11)], operationLinks: [g(1)] })
  const { of } = closures([leaf, biz, both, bizFirst])
  t.same(of(both), { certain: [1], conditional: [] })
  t.same(of(bizFirst), { certain: [1], conditional: [] })
})

t.test('role assignments: direct operations, scope tasks, links that cannot be followed', async (t) => {
  const appTask = task('App task', { guid: g(10), operationLinks: [g(1)] })
  const scopeTask = task('Scope task', { guid: g(20), operationLinks: [g(2)], taskLinks: [g(10)] })
  const { closures: c, context } = closures([appTask], [scopeTask])
  const s = context.scope('s')
  if (!s) throw new Error('scope')
  const ra = roleAssignment('R', { taskLinks: [g(20), g(77)], operationLinks: [g(3), g(88)] })
  const { reach, broken } = c.roleAssignment(ra, s)
  t.same(
    opIndices(reach.certain).map((i) => i + 1),
    [1, 2, 3],
  )
  t.same(
    broken.map((b) => [b.list, b.reason]),
    [
      ['operationLinks', 'missing'],
      ['taskLinks', 'missing'],
    ],
  )
  const fromApp = c.roleAssignment(roleAssignment('App R', { taskLinks: [g(20)] }), context.appLevel)
  t.same(opIndices(fromApp.reach.certain), [], 'a scope task is not visible from the application level')
  t.same(
    fromApp.broken.map((b) => b.reason),
    ['not-visible'],
  )
})
