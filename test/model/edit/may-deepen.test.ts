/**
 * The nesting-depth check is skipped for edits that cannot lengthen a chain
 * (a set of 5,000 scopes need not measure every chain in the store); every
 * edit that can must still be checked.
 */
import t from 'tap'
import { mayDeepen } from '../../../src/model/edit/check-edit.js'
import type { PolicyEdit } from '../../../src/model/edit/policy-edit.js'
import type { Scope } from '../../../src/model/policy.js'

const parent = { application: 'a' }
const scope = (groups: number, tasks: number): Scope =>
  ({ guid: 's', name: 'S', groups: Array.from({ length: groups }, () => ({})), tasks: Array.from({ length: tasks }, () => ({})), roleAssignments: [] }) as unknown as Scope
const add = (list: string): PolicyEdit => ({ type: 'add', parent, kind: 'group', guid: 'g', list, value: 'v' }) as PolicyEdit
const create = (kind: string, object: unknown): PolicyEdit => ({ type: 'create', parent, kind, object }) as PolicyEdit

const cases: [string, PolicyEdit, boolean][] = [
  ['a member link added', add('appMemberLinks'), true],
  ['a non-member link added', add('appNonMemberLinks'), true],
  ['a task link added', add('taskLinks'), true],
  ['a SID added', add('members'), false],
  ['an operation link added', add('operationLinks'), false],
  ['a group created', create('group', {}), true],
  ['a task created', create('task', {}), true],
  ['an application created', create('application', {}), true],
  ['an empty scope created', create('scope', scope(0, 0)), false],
  ['a scope with a group created', create('scope', scope(1, 0)), true],
  ['a scope with a task created', create('scope', scope(0, 1)), true],
  ['a role assignment created', create('role-assignment', {}), false],
  ['an operation created', create('operation', {}), false],
  ['a link removed', { type: 'remove', parent, kind: 'group', guid: 'g', list: 'appMemberLinks', value: 'v' }, false],
  ['a group deleted', { type: 'delete', parent, kind: 'group', guid: 'g', name: 'G' }, false],
  ['a name set', { type: 'set', parent, kind: 'group', guid: 'g', field: 'name', from: 'a', value: 'b' }, false],
]

t.test('which edits can lengthen a chain', async (t) => {
  for (const [what, edit, expected] of cases) t.equal(mayDeepen([edit]), expected, what)
  t.equal(mayDeepen(cases.map(([, e]) => e)), true, 'any one of them in a set is enough')
  t.equal(cases.length, 16, 'every case checked')
})
