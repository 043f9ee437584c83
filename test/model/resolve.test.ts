import t from 'tap'
import { containersOf, type Container } from '../../src/model/paths.js'
import { LinkResolver } from '../../src/model/resolve.js'
import { application, g, group, operation, roleAssignment, roleDefinition, scope, store, task } from './factories.js'

const storeGroup = group('Store Group', { guid: g(1) })
const opA = operation('Read', '1', { guid: g(10) })
const taskA = task('App Task', { guid: g(11) })
const groupA = group('App Group', { guid: g(12) })
const raA = roleAssignment('App RA', { guid: g(13) })
const taskS1 = roleDefinition('S1 Role', { guid: g(20) })
const groupS1 = group('S1 Group', { guid: g(21) })
const raS1 = roleAssignment('S1 RA', { guid: g(22) })
const s1 = scope('S1', { guid: g(2), tasks: [taskS1], groups: [groupS1], roleAssignments: [raS1] })
const taskS2 = task('S2 Task', { guid: g(30) })
const s2 = scope('S2', { guid: g(3), tasks: [taskS2] })
const appA = application('A', { guid: g(4), operations: [opA], tasks: [taskA], groups: [groupA], roleAssignments: [raA], scopes: [s1, s2] })
const opB = operation('Write', '2', { guid: g(40) })
const taskB = task('B Task', { guid: g(41) })
const groupB = group('B Group', { guid: g(42) })
const appB = application('B', { guid: g(5), operations: [opB], tasks: [taskB], groups: [groupB] })
const policy = store({ groups: [storeGroup], applications: [appA, appB] })
const resolver = new LinkResolver(policy)

function container(app: typeof appA, scopeName?: string): Container {
  const found = [...containersOf(app)].find((c) => c.scope?.name === scopeName)
  if (!found) throw new Error(`no container ${scopeName ?? '(application)'}`)
  return found
}
const A = container(appA)
const AS1 = container(appA, 'S1')
const AS2 = container(appA, 'S2')
const B = container(appB)
const MISSING = g(999)

t.test('operations come from the same application', async (t) => {
  t.same(resolver.operation(A, opA.guid), { status: 'found', target: opA, application: appA, scope: undefined })
  t.same(resolver.operation(AS1, opA.guid), { status: 'found', target: opA, application: appA, scope: undefined }, 'from a scope too')
  t.same(resolver.operation(A, opB.guid), { status: 'not-visible', where: 'application "B"' })
  t.same(resolver.operation(B, opA.guid), { status: 'not-visible', where: 'application "A"' })
  t.same(resolver.operation(A, MISSING), { status: 'missing' })
  t.same(resolver.operation(A, taskA.guid), { status: 'wrong-kind', actualKind: 'task' })
  t.same(resolver.operation(A, groupA.guid), { status: 'wrong-kind', actualKind: 'group' })
  t.same(resolver.operation(A, storeGroup.guid), { status: 'wrong-kind', actualKind: 'group' })
  t.same(resolver.operation(A, appA.guid), { status: 'wrong-kind', actualKind: 'application' })
  t.same(resolver.operation(A, s1.guid), { status: 'wrong-kind', actualKind: 'scope' })
  t.same(resolver.operation(A, raA.guid), { status: 'wrong-kind', actualKind: 'role assignment' })
  t.same(resolver.operation(A, raS1.guid), { status: 'wrong-kind', actualKind: 'role assignment' })
})

t.test('tasks come from the application level or the same scope', async (t) => {
  t.same(resolver.task(A, taskA.guid), { status: 'found', target: taskA, application: appA, scope: undefined })
  t.same(resolver.task(AS1, taskA.guid), { status: 'found', target: taskA, application: appA, scope: undefined }, 'a scope sees application-level tasks')
  t.same(resolver.task(AS1, taskS1.guid), { status: 'found', target: taskS1, application: appA, scope: 'S1' }, 'and its own role definitions')
  t.same(resolver.task(AS2, taskS1.guid), { status: 'not-visible', where: 'application "A" scope "S1"' }, "not another scope's")
  t.same(resolver.task(A, taskS1.guid), { status: 'not-visible', where: 'application "A" scope "S1"' }, 'the application level does not see scope tasks')
  t.same(resolver.task(A, taskB.guid), { status: 'not-visible', where: 'application "B"' })
  t.same(resolver.task(AS1, taskB.guid), { status: 'not-visible', where: 'application "B"' })
  t.same(resolver.task(A, MISSING), { status: 'missing' })
  t.same(resolver.task(A, opA.guid), { status: 'wrong-kind', actualKind: 'operation' })
  t.same(resolver.task(A, groupS1.guid), { status: 'wrong-kind', actualKind: 'group' })
})

t.test('groups come from the store level, the application level or the same scope', async (t) => {
  t.same(resolver.group(A, storeGroup.guid), { status: 'found', target: storeGroup, application: undefined, scope: undefined })
  t.same(resolver.group(AS1, storeGroup.guid), { status: 'found', target: storeGroup, application: undefined, scope: undefined })
  t.same(resolver.group(B, storeGroup.guid), { status: 'found', target: storeGroup, application: undefined, scope: undefined })
  t.same(resolver.group(undefined, storeGroup.guid), { status: 'found', target: storeGroup, application: undefined, scope: undefined }, 'from a store-level group')
  t.same(resolver.group(undefined, groupA.guid), { status: 'not-visible', where: 'application "A"' }, 'a store-level group cannot hold an application group')
  t.same(resolver.group(undefined, groupS1.guid), { status: 'not-visible', where: 'application "A" scope "S1"' })
  t.same(resolver.group(A, groupA.guid), { status: 'found', target: groupA, application: appA, scope: undefined })
  t.same(resolver.group(AS1, groupA.guid), { status: 'found', target: groupA, application: appA, scope: undefined })
  t.same(resolver.group(AS1, groupS1.guid), { status: 'found', target: groupS1, application: appA, scope: 'S1' })
  t.same(resolver.group(A, groupS1.guid), { status: 'not-visible', where: 'application "A" scope "S1"' }, 'a scope group is not visible from the application level')
  t.same(resolver.group(AS2, groupS1.guid), { status: 'not-visible', where: 'application "A" scope "S1"' })
  t.same(resolver.group(B, groupA.guid), { status: 'not-visible', where: 'application "A"' })
  t.same(resolver.group(A, MISSING), { status: 'missing' })
  t.same(resolver.group(undefined, MISSING), { status: 'missing' })
  t.same(resolver.group(A, taskA.guid), { status: 'wrong-kind', actualKind: 'task' })
  t.same(resolver.group(A, opB.guid), { status: 'wrong-kind', actualKind: 'operation' })
  t.same(resolver.group(undefined, s2.guid), { status: 'wrong-kind', actualKind: 'scope' })
})

t.test('GUID keys ignore case and braces', async (t) => {
  const upper = (guid: string): string => `{${guid.toUpperCase()}}`
  t.same(resolver.operation(A, upper(opA.guid)), { status: 'found', target: opA, application: appA, scope: undefined })
  t.same(resolver.task(AS1, upper(taskS1.guid)), { status: 'found', target: taskS1, application: appA, scope: 'S1' })
  t.same(resolver.group(undefined, ` ${upper(storeGroup.guid)} `), { status: 'found', target: storeGroup, application: undefined, scope: undefined })
  t.same(resolver.operation(A, upper(taskA.guid)), { status: 'wrong-kind', actualKind: 'task' })
  t.same(resolver.operation(A, upper(appA.guid)), { status: 'wrong-kind', actualKind: 'application' })

  // Objects written with braces and upper case are found by plain lower-case links.
  const op = operation('Op', '1', { guid: '{AB12CD34-0000-4000-8000-00000000ABCD}' })
  const app = application('C', { operations: [op] })
  const r = new LinkResolver(store({ applications: [app] }))
  const [c] = containersOf(app)
  if (!c) throw new Error('container')
  t.same(r.operation(c, 'ab12cd34-0000-4000-8000-00000000abcd'), { status: 'found', target: op, application: app, scope: undefined })
})

t.test('a duplicate GUID resolves to the visible copy', async (t) => {
  const shared = g(500)
  const inS1 = task('In S1', { guid: shared })
  const inS2 = task('In S2', { guid: shared })
  const app = application('D', { scopes: [scope('S1', { tasks: [inS1] }), scope('S2', { tasks: [inS2] })] })
  const r = new LinkResolver(store({ applications: [app] }))
  const [, c1, c2] = [...containersOf(app)]
  if (!c1 || !c2) throw new Error('containers')
  t.same(r.task(c1, shared), { status: 'found', target: inS1, application: app, scope: 'S1' })
  t.same(r.task(c2, shared), { status: 'found', target: inS2, application: app, scope: 'S2' })
})
