import t from 'tap'
import { allContainers, containersOf, formatPath, kindLabel, taskKind } from '../../src/model/paths.js'
import { application, roleAssignment, roleDefinition, scope, store, task } from './factories.js'

t.test('formatPath', async (t) => {
  t.equal(formatPath([]), 'store')
  t.equal(
    formatPath([
      { kind: 'application', name: 'Hyper-V services' },
      { kind: 'scope', name: 'Lab VMs' },
      { kind: 'role-assignment', name: 'Operators' },
    ]),
    'application "Hyper-V services" > scope "Lab VMs" > role assignment "Operators"',
  )
  t.equal(formatPath([{ kind: 'group', name: 'Auditors' }]), 'group "Auditors"')
  t.equal(formatPath([{ kind: 'role-definition', name: 'say "hi"' }]), 'role definition "say \\"hi\\""', 'a double quote inside a name is escaped')
  t.equal(formatPath([{ kind: 'scope', name: '\\\\fileserver\\vms' }]), 'scope "\\\\fileserver\\vms"', 'backslashes stay single, as people type them')
  t.equal(formatPath([{ kind: 'scope', name: 'two\nlines' }]), 'scope "two\\nlines"', 'control characters are escaped, so a message stays on one line')
})

t.test('kindLabel and taskKind', async (t) => {
  t.equal(kindLabel('role-definition'), 'role definition')
  t.equal(kindLabel('role-assignment'), 'role assignment')
  t.equal(kindLabel('operation'), 'operation')
  t.equal(taskKind(task('T')), 'task')
  t.equal(taskKind(roleDefinition('R')), 'role-definition')
})

t.test('containersOf yields the application level, then each scope', async (t) => {
  const appTask = task('T')
  const ra = roleAssignment('RA')
  const s1 = scope('S1', { tasks: [task('ST')] })
  const s2 = scope('S2')
  const app = application('A', { tasks: [appTask], roleAssignments: [ra], scopes: [s1, s2] })
  const list = [...containersOf(app)]
  t.equal(list.length, 3)
  const [top, c1, c2] = list
  t.equal(top?.application, app)
  t.equal(top?.scope, undefined)
  t.same(top?.path, [{ kind: 'application', name: 'A' }])
  t.equal(top?.tasks, app.tasks)
  t.equal(top?.roleAssignments, app.roleAssignments)
  t.equal(c1?.scope, s1)
  t.equal(c1?.application, app)
  t.same(c1?.path, [
    { kind: 'application', name: 'A' },
    { kind: 'scope', name: 'S1' },
  ])
  t.equal(c1?.tasks, s1.tasks)
  t.equal(c2?.scope, s2)
  const two = store({ applications: [app, application('B')] })
  t.same(
    [...allContainers(two)].map((c) => formatPath(c.path)),
    ['application "A"', 'application "A" > scope "S1"', 'application "A" > scope "S2"', 'application "B"'],
  )
})
