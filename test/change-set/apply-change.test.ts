/**
 * What holds for every change type: applyChange is pure (the input policy is
 * never modified, untouched objects are shared), asks for a GUID only when it
 * creates, and a change applied twice is in place the second time.
 */
import t from 'tap'
import { applyChange } from '../../src/change-set/apply-change.js'
import { CHANGE_TYPES, type Change } from '../../src/change-set/change.js'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { ADMINS, APP, applyOne, deepFreeze, hyperV, parsedSample, raNamed, user } from './change-set-helpers.js'

/** One valid change of every type for the delegated sample, each meaningful on its own. */
const ONE_OF_EACH: readonly Change[] = [
  { type: 'create-operation', app: APP, name: 'Export Virtual Machine', operationId: 360 },
  { type: 'update-operation', app: APP, name: 'Allow Virtual Machine Snapshot', newName: 'Take Virtual Machine Snapshot' },
  { type: 'delete-operation', app: APP, name: 'No Such Operation' },
  { type: 'create-task', app: APP, name: 'Snapshot', operations: [355] },
  { type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'Console', addOperations: [335] },
  { type: 'delete-task', app: APP, name: 'Operate Virtual Machine In Hours' },
  { type: 'create-role-definition', app: APP, scope: 'Lab VMs', name: 'Lab Monitor', tasks: ['Monitor Virtual Machine'] },
  { type: 'update-role-definition', app: APP, name: 'IT Monitor', description: 'Read only' },
  { type: 'delete-role-definition', app: APP, name: 'Lab Nothing' },
  { type: 'create-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab Operators', tasks: ['Operate Virtual Machine Power'] },
  { type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'Hyper-V Auditing' },
  { type: 'delete-role-assignment', app: APP, scope: 'Production VMs', name: 'Production Monitors' },
  { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Hyper-V Manager Connect', tasks: ['Connect to Hyper-V Manager'] },
  { type: 'remove-role-assignment-tasks', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', roleDefinitions: ['Administrator'] },
  { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ sid: user(1150) }, { group: 'Hyper-V Auditors' }] },
  { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ sid: user(1108) }] },
  { type: 'create-scope', app: APP, name: 'Test VMs' },
  { type: 'rename-scope', app: APP, name: 'Production VMs', newName: 'Prod VMs' },
  { type: 'delete-scope', app: APP, name: 'Lab VMs' },
  { type: 'create-group', name: 'Hyper-V Readers', groupType: 'Basic', members: [{ account: 'Everyone' }] },
  { type: 'update-group', app: APP, name: 'Hyper-V Lab Admins', newName: 'Lab Admins' },
  { type: 'delete-group', app: APP, name: 'No Such Group' },
  { type: 'add-group-members', app: APP, group: 'VM Operators', members: [{ sid: user(1109) }] },
  { type: 'remove-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: user(1110) }] },
]

t.test('the list has one change of every type', async (t) => {
  t.same(
    ONE_OF_EACH.map((c) => c.type),
    CHANGE_TYPES,
  )
})

for (const change of ONE_OF_EACH) {
  t.test(`${change.type}: pure, GUIDs only for new objects, in place the second time`, async (t) => {
    const { policy } = parsedSample()
    const frozen = deepFreeze(parsedSample().policy)
    const snapshot = JSON.stringify(frozen)
    let asked = 0
    const first = applyChange(frozen, change, { newGuid: () => `aaaaaaaa-0000-4000-8000-00000000000${++asked}` })
    t.equal(JSON.stringify(frozen), snapshot, 'the input policy is not modified')
    t.equal(asked, change.type.startsWith('create-') ? 1 : 0, 'a fresh GUID for a created object, none otherwise')
    const absent = change.type.startsWith('delete-') && first.outcome.status === 'in-place'
    t.equal(first.outcome.status, absent ? 'in-place' : 'applied', first.outcome.summary)
    if (!absent) t.not(first.policy, frozen, 'a new policy')

    const second = applyChange(first.policy, change, { newGuid: () => t.fail('no GUID on the second run') as never })
    t.equal(second.outcome.status, 'in-place', `second time: ${second.outcome.summary}`)
    t.equal(second.policy, first.policy, 'in place returns the very same policy')
    t.same(diffPolicies(first.policy, second.policy), [])

    // Untouched objects are shared, not copied, so the diff sees only what changed.
    const untouched = hyperV(policy).operations.findIndex((o) => o.operationId === '100')
    t.equal(hyperV(first.policy).operations[untouched], hyperV(frozen).operations[untouched], 'operation 100 is the same object')
    t.equal(first.policy.applications.length, 1)
  })
}

t.test('names are matched without regard to case everywhere a change names something', async (t) => {
  const { policy } = parsedSample()
  const r = applyOne(policy, {
    type: 'add-role-assignment-members',
    app: 'HYPER-V SERVICES',
    scope: 'lab vms',
    roleAssignment: 'lab ADMINISTRATORS',
    members: [{ group: 'LAB OWNERS' }, { account: 'builtin\\ADMINISTRATORS' }],
  })
  const ra = raNamed(r.policy, 'Lab Administrators', 'Lab VMs')
  t.same(ra.members, [ADMINS])
  t.equal(ra.appMemberLinks.length, 2, 'the group was already there')
})

t.test('a change set of every type but delete-scope applied in order, then again: all in place', async (t) => {
  // Changes that name a scope come before the scope is renamed; deleting a scope that later
  // changes name would make those changes fail the second time (covered in apply-changes.int.test.ts).
  const rename = ONE_OF_EACH.filter((c) => c.type === 'rename-scope')
  const set = [...ONE_OF_EACH.filter((c) => c.type !== 'delete-scope' && c.type !== 'rename-scope'), ...rename]
  const { policy } = parsedSample()
  let p = policy
  for (const c of set) p = applyOne(p, c).policy
  for (const c of set) {
    const again = applyOne(p, c)
    t.equal(again.outcome.status, 'in-place', `${c.type}: ${again.outcome.summary}`)
    t.equal(again.policy, p)
  }
})
