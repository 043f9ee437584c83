import { readFileSync } from 'node:fs'
import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import { PLAN_FORMAT, planChanges } from '../../src/change-set/plan.js'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { ADMINS, APP, deepFreeze, GUID, groupNamed, planOn, raNamed, SAMPLE, scopeNamed, snapshotOf, user } from './change-set-helpers.js'

const CREATES: readonly Change[] = [
  { type: 'create-scope', app: APP, name: 'Test VMs' },
  { type: 'create-group', app: APP, scope: 'Test VMs', name: 'Testers', groupType: 'Basic', members: [{ sid: user(1150) }] },
  { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: user(1151) }] },
  { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Test Monitors', roleDefinitions: ['IT Monitor'] },
]

t.test('a plan says what it was made on, what each change does, the edits, and the GUIDs it gave', async (t) => {
  const snapshot = snapshotOf()
  const { plan, policy } = planChanges(snapshot, { changes: CREATES }, { store: 'msxml:///var/lib/hyperv/InitialStore.xml', guids: GUID })
  t.equal(plan.format, PLAN_FORMAT)
  t.equal(PLAN_FORMAT, 'azman-plan/1')
  t.equal(plan.store, 'msxml:///var/lib/hyperv/InitialStore.xml')
  t.equal(plan.baseVersion, snapshot.version)
  t.same(plan.changes, CREATES)
  t.same(plan.guids, GUID.slice(0, 3), 'three objects created, three GUIDs taken in order')
  t.same(plan.results, [
    { index: 0, type: 'create-scope', status: 'applied', summary: 'create scope "Test VMs" in application "Hyper-V services"' },
    { index: 1, type: 'create-group', status: 'applied', summary: 'create Basic group "Testers" in application "Hyper-V services" scope "Test VMs"' },
    { index: 2, type: 'add-role-assignment-members', status: 'applied', summary: `add ${user(1151)} to role assignment "Auditors" in application "Hyper-V services"` },
    { index: 3, type: 'create-role-assignment', status: 'applied', summary: 'create role assignment "Test Monitors" in application "Hyper-V services" scope "Test VMs"' },
  ])
  t.same(plan.edits, diffPolicies(snapshot.policy, policy), 'the edits are the difference between the store and the planned policy')
  t.same(
    plan.edits.map((e) => e.type),
    ['add', 'create'],
    'one member added, one scope created with what is in it',
  )
  t.equal(scopeNamed(policy, 'Test VMs').guid, GUID[0])
  t.equal(groupNamed(policy, 'Testers', { scope: 'Test VMs' }).guid, GUID[1])
  t.equal(raNamed(policy, 'Test Monitors', 'Test VMs').guid, GUID[2])
  t.same(plan.warnings, [])
})

t.test('without GUIDs given, fresh random ones are drawn and recorded; replaying with them gives identical edits', async (t) => {
  const snapshot = snapshotOf()
  const first = planChanges(snapshot, { changes: CREATES }, { store: 's' })
  t.equal(first.plan.guids.length, 3)
  for (const g of first.plan.guids) t.match(g, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'lowercase, no braces, version 4')
  t.equal(new Set(first.plan.guids).size, 3)
  const replay = planChanges(snapshot, { changes: CREATES }, { store: 's', guids: first.plan.guids })
  t.same(replay.plan.guids, first.plan.guids)
  t.equal(JSON.stringify(replay.plan.edits), JSON.stringify(first.plan.edits), 'byte-identical edits')
  t.same(diffPolicies(first.policy, replay.policy), [])
  const other = planChanges(snapshot, { changes: CREATES }, { store: 's' })
  t.not(JSON.stringify(other.plan.edits), JSON.stringify(first.plan.edits), 'a plan made again without them differs: the GUIDs are what make a replay exact')
})

t.test('when the given GUIDs run out, random ones follow and are recorded too', async (t) => {
  const { plan } = planChanges(snapshotOf(), { changes: CREATES }, { store: 's', guids: ['bbbbbbbb-0000-4000-8000-000000000001'] })
  t.equal(plan.guids[0], 'bbbbbbbb-0000-4000-8000-000000000001')
  t.equal(plan.guids.length, 3)
  t.not(plan.guids[1], plan.guids[2])
})

t.test('a change set already in place plans no edit, draws no GUID and warns of nothing', async (t) => {
  const { plan, policy } = planOn([
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] },
    { type: 'delete-scope', app: APP, name: 'Test VMs' },
    { type: 'rename-scope', app: APP, name: 'Old Lab', newName: 'Lab VMs' },
    { type: 'create-scope', app: APP, name: 'lab vms' },
    { type: 'create-task', app: APP, name: 'Use Virtual Machine Console', operations: [340, 345] },
  ])
  t.same(plan.edits, [])
  t.same(plan.guids, [])
  t.same(plan.warnings, [])
  t.same(
    plan.results.map((r) => r.status),
    ['in-place', 'in-place', 'in-place', 'in-place', 'in-place'],
  )
  t.same(diffPolicies(snapshotOf().policy, policy), [], 'the planned policy is the store as it is')
})

t.test('a change undone later in the same set plans no edit', async (t) => {
  const { plan } = planOn([
    { type: 'create-scope', app: APP, name: 'Test VMs' },
    { type: 'delete-scope', app: APP, name: 'Test VMs' },
  ])
  t.same(plan.edits, [])
  t.same(
    plan.results.map((r) => r.status),
    ['applied', 'applied'],
  )
})

t.test('planning is pure: the snapshot is not modified', async (t) => {
  const snapshot = deepFreeze(snapshotOf())
  const text = JSON.stringify(snapshot)
  planChanges(snapshot, { changes: CREATES }, { store: 's', guids: GUID })
  t.equal(JSON.stringify(snapshot), text)
})

t.test('an integrity error introduced by the changes refuses the plan; one the store already had does not', async (t) => {
  t.throws(() => planOn([{ type: 'update-task', app: APP, name: 'Operate Virtual Machine Power', addTasks: ['Operate Virtual Machine'] }]), {
    code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY',
    message: /AZ_TASK_CYCLE/,
  })
  // A store that already breaks a rule (a forbidden character in a name) can still be changed elsewhere.
  const broken = readFileSync(SAMPLE.delegated, 'utf8').replace('Name="Auditors"', 'Name="Audit: all"')
  const parsed = parseXmlStore(Buffer.from(broken, 'utf8'))
  const { plan } = planChanges(
    { policy: parsed.policy, version: parsed.version },
    { changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ sid: user(1150) }] }] },
    { store: 's' },
  )
  t.equal(plan.edits.length, 1)
  // ...including the broken object itself, when the change does not make it worse.
  const again = planChanges(
    { policy: parsed.policy, version: parsed.version },
    { changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Audit: all', members: [{ sid: user(1150) }] }] },
    { store: 's' },
  )
  t.equal(again.plan.edits.length, 1)
})

t.test('forced: the lockout becomes a warning in the plan', async (t) => {
  const change: Change = { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] }
  t.throws(() => planOn([change]), { code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT' })
  const { plan } = planOn([change], { force: true })
  t.equal(plan.warnings.length, 1)
  t.match(plan.warnings[0], /S-1-5-32-544.*"Hyper-V services".*\(forced\)$/)
  t.equal(plan.edits.length, 1)
})

t.test('the first failing change stops the plan; its error names it', async (t) => {
  t.throws(
    () =>
      planOn([
        { type: 'create-scope', app: APP, name: 'Test VMs' },
        { type: 'create-task', app: APP, name: 'Bad', operations: [999] },
        { type: 'create-task', app: APP, name: 'Worse', tasks: ['Nope'] },
      ]),
    { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: /OperationID 999/ },
  )
})

/** A snapshot whose policy is the plan's result: the store as the first apply left it. */
function after(changes: readonly Change[]): ReturnType<typeof snapshotOf> {
  const first = planOn(changes)
  return { ...snapshotOf(), policy: first.policy }
}

t.test('create then extend, planned again on the result: every change in place, no edits, no GUIDs', async (t) => {
  const changes: Change[] = [
    { type: 'create-role-definition', app: APP, name: 'Lab Operator', operations: [315] },
    { type: 'update-role-definition', app: APP, name: 'Lab Operator', addOperations: [320], description: 'start and stop' },
    { type: 'create-scope', app: APP, name: 'Test VMs' },
    { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Lab Operators', roleDefinitions: ['Lab Operator'] },
    { type: 'add-role-assignment-members', app: APP, scope: 'Test VMs', roleAssignment: 'Lab Operators', members: [{ sid: user(1160) }] },
  ]
  const second = planChanges(after(changes), { changes }, { store: 's' })
  t.same(
    second.plan.results.map((r) => r.status),
    ['in-place', 'in-place', 'in-place', 'in-place', 'in-place'],
  )
  t.same(second.plan.edits, [])
  t.same(second.plan.guids, [])
  t.match(second.plan.results[0]?.summary, /already exists as this change set leaves it/)
})

t.test('create then extend does not hide content the store has beyond what the change set leaves', async (t) => {
  const changes: Change[] = [
    { type: 'create-role-definition', app: APP, name: 'Lab Operator', operations: [315] },
    { type: 'update-role-definition', app: APP, name: 'Lab Operator', addOperations: [320] },
  ]
  // Someone granted one operation more on the role definition after the first apply.
  const extended = planChanges(after(changes), { changes: [{ type: 'update-role-definition', app: APP, name: 'Lab Operator', addOperations: [325] }] }, { store: 's' })
  const snapshot = { ...snapshotOf(), policy: extended.policy }
  t.throws(() => planChanges(snapshot, { changes }, { store: 's' }), {
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: '$.changes[0] (create-role-definition): role definition "Lab Operator" already exists in application "Hyper-V services" with other content; pick another name or update it',
  })
  // A change set that removes the extra operation again leaves the object as it asks: then it is in place.
  const removing: Change[] = [...changes, { type: 'update-role-definition', app: APP, name: 'Lab Operator', removeOperations: [325] }]
  const fixed = planChanges(snapshot, { changes: removing }, { store: 's' })
  t.same(
    fixed.plan.results.map((r) => r.status),
    ['in-place', 'in-place', 'applied'],
    'only the removal writes',
  )
  t.equal(fixed.plan.edits.length, 1)
})

t.test('a create whose object a later change renames or deletes: in place when the result is what the change set describes', async (t) => {
  const base: Change[] = [{ type: 'create-task', app: APP, name: 'Snap', operations: [315] }]
  const snapshot = after([...base, { type: 'update-task', app: APP, name: 'Snap', addOperations: [320] }])
  const renamed = planChanges(snapshot, { changes: [...base, { type: 'update-task', app: APP, name: 'Snap', newName: 'Snap 2', addOperations: [320] }] }, { store: 's' })
  t.same(
    renamed.plan.results.map((r) => r.status),
    ['in-place', 'applied'],
  )
  t.same(
    renamed.plan.edits.map((e) => e.type),
    ['set'],
    'only the rename is written',
  )
  const deleted = planChanges(snapshot, { changes: [...base, { type: 'delete-task', app: APP, name: 'Snap' }] }, { store: 's' })
  t.same(
    deleted.plan.results.map((r) => r.status),
    ['in-place', 'applied'],
  )
  t.same(
    deleted.plan.edits.map((e) => e.type),
    ['delete'],
  )
  // But not when the store's task grants more than the change set would leave it.
  const more = { ...snapshot, policy: planChanges(snapshot, { changes: [{ type: 'update-task', app: APP, name: 'Snap', addOperations: [325] }] }, { store: 's' }).policy }
  t.throws(() => planChanges(more, { changes: [...base, { type: 'update-task', app: APP, name: 'Snap', newName: 'Snap 2', addOperations: [320] }] }, { store: 's' }), {
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: /^\$\.changes\[0\] \(create-task\): task "Snap" already exists/,
  })
})

t.test('refusals name the change they come from', async (t) => {
  t.throws(
    () =>
      planOn([
        { type: 'create-scope', app: APP, name: 'Fine' },
        { type: 'create-task', app: APP, name: 'T', operations: [99999] },
      ]),
    { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: /^\$\.changes\[1\] \(create-task\): no operation with OperationID 99999 / },
  )
})
