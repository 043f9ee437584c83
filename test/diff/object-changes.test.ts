import t from 'tap'
import { ObjectDiff } from '../../src/diff/object-changes.js'
import { sample } from '../cli/run-cli.js'
import { loadStoreFile } from '../access/fixture.js'
import { application, g, group, operation, roleAssignment, roleDefinition, scope, store, task } from '../model/factories.js'

t.test('identical stores, and absent equals empty', async (t) => {
  const a = loadStoreFile(sample('hyperv-2008r2-delegated.xml'))
  t.same(new ObjectDiff(a, loadStoreFile(sample('hyperv-2008r2-delegated.xml'))).changes, [])
  const x = store({ applications: [application('App', { guid: g(1), operations: [operation('Op', '1', { guid: g(2) })] })] })
  const y = store({ description: '', applications: [application('App', { guid: g(1), description: '', operations: [operation('Op', '1', { guid: g(2), description: '' })] })] })
  t.same(new ObjectDiff(x, y).changes, [], 'a description written empty equals none')
})

t.test('fields, lists and links compared by target', async (t) => {
  const before = store({
    applications: [
      application('App', {
        guid: g(1),
        operations: [operation('Start', '315', { guid: g(2) }), operation('Stop', '320', { guid: g(3) })],
        tasks: [task('Power', { guid: g(4), operationLinks: [g(2)] }), roleDefinition('Operator', { guid: g(5), taskLinks: [g(4)] })],
        groups: [group('Ops', { guid: g(6), members: ['S-1-5-21-1-2-3-1105'] })],
        roleAssignments: [roleAssignment('Operators', { guid: g(7), taskLinks: [g(5)], appMemberLinks: [g(6)], members: ['S-1-5-32-544'] })],
        scopes: [scope('Lab', { guid: g(8) })],
      }),
    ],
  })
  const after = store({
    applications: [
      application('App', {
        guid: g(1),
        operations: [operation('Start', '315', { guid: g(2) }), operation('Stop', '320', { guid: g(3) })],
        // Power recreated with a new GUID (paired by name); the role definition's link to it is the same link.
        tasks: [task('Power', { guid: g(40), operationLinks: [g(2), g(3)] }), roleDefinition('Operator', { guid: g(5), taskLinks: [g(40)], description: 'VM power' })],
        groups: [group('Ops', { guid: g(6), members: ['s-1-5-21-1-2-3-1105', 'S-1-1-0'] })],
        roleAssignments: [roleAssignment('Operators', { guid: g(7), taskLinks: [g(5)], appMemberLinks: [g(6)], members: [] })],
        scopes: [scope('Test', { guid: g(9) })],
      }),
    ],
  })
  const changes = new ObjectDiff(before, after).changes
  const summary = changes.map((c) => `${c.change} ${c.path}`)
  t.same(summary.sort(), [
    'added application "App" > scope "Test"',
    'changed application "App" > group "Ops"',
    'changed application "App" > role assignment "Operators"',
    'changed application "App" > role definition "Operator"',
    'changed application "App" > task "Power"',
    'removed application "App" > scope "Lab"',
  ])
  const power = changes.find((c) => c.path.endsWith('task "Power"'))
  t.match(power, { matchedBy: 'name', beforeGuid: g(4), guid: g(40), lists: [{ field: 'operationLinks', removed: [], added: [{ value: g(3), name: 'Stop' }] }] })
  const operator = changes.find((c) => c.path.endsWith('role definition "Operator"'))
  t.same(operator?.fields, [{ field: 'description', before: '', after: 'VM power' }])
  t.same(operator?.lists, [], 'the link to the recreated task is unchanged')
  t.same(changes.find((c) => c.path.endsWith('group "Ops"'))?.lists, [{ field: 'members', removed: [], added: [{ value: 'S-1-1-0', name: 'Everyone' }] }], 'SIDs compare in canonical form')
  t.same(changes.find((c) => c.path.endsWith('role assignment "Operators"'))?.lists, [{ field: 'members', removed: [{ value: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }], added: [] }])
})

t.test('store fields and a task turned into a role definition', async (t) => {
  const a = store({ majorVersion: '1', applications: [application('App', { guid: g(1), tasks: [task('T', { guid: g(2), language: 'VBScript' })] })] })
  const b = store({ majorVersion: '2', applications: [application('App', { guid: g(1), tasks: [roleDefinition('T', { guid: g(2), language: 'VBScript', script: 'x' })] })] })
  const changes = new ObjectDiff(a, b).changes
  t.same(changes[0], { change: 'changed', kind: 'store', path: 'store', guid: '', fields: [{ field: 'majorVersion', before: '1', after: '2' }], lists: [] })
  t.match(changes[1], {
    kind: 'role-definition',
    fields: [
      { field: 'roleDefinition', before: '', after: 'True' },
      { field: 'script', before: '', after: 'x' },
    ],
  })
})
