import { readFileSync, writeFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { applyChangeSet, applySavedPlan } from '../../src/change-set/apply-changes.js'
import type { Change } from '../../src/change-set/change.js'
import { parseChangeInput, type SavedPlan } from '../../src/change-set/plan-file.js'
import { planChanges } from '../../src/change-set/plan.js'
import { ConflictError, InvalidChangeError } from '../../src/errors/change-errors.js'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { validateStore } from '../../src/model/integrity/validate.js'
import type { PolicyStore } from '../../src/model/policy.js'
import type { JournalEntry, StorePort, StoreSnapshot, UpdateOptions, UpdateResult } from '../../src/store/port.js'
import { parseXmlStore, versionOf } from '../../src/xml/policy/parse-xml-store.js'
import { writeEdits } from '../../src/store/xml/write-edits.js'
import {
  ADMINS,
  APP,
  assertUntouched,
  copyOf,
  groupNamed,
  hasGroup,
  hasRa,
  hasScope,
  hasTask,
  opById,
  raNamed,
  refused,
  snapshotOf,
  stateOf,
  taskNamed,
  user,
  type StoreCopy,
} from './change-set-helpers.js'

const ACTOR = { actor: 'alice', reason: 'CHG-1234' }

// --- What applyChangeSet and applySavedPlan ask of the store port ------------------------------

/** A store port in memory that records how it is called. */
class RecordingPort implements StorePort {
  readonly displayName = 'memory.xml'
  readonly calls: UpdateOptions[] = []
  constructor(public snapshot: StoreSnapshot) {}
  async load(): Promise<StoreSnapshot> {
    return this.snapshot
  }
  async update(change: (current: StoreSnapshot) => PolicyStore | Promise<PolicyStore>, options: UpdateOptions = {}): Promise<UpdateResult> {
    this.calls.push(options)
    if (options.expectedVersion !== undefined && options.expectedVersion !== this.snapshot.version) throw new ConflictError('AZMAN_ERR_CONFLICT_STALE', 'stale')
    const next = await change(this.snapshot)
    const edits = diffPolicies(this.snapshot.policy, next)
    const before = this.snapshot.version
    if (edits.length > 0) this.snapshot = { policy: next, version: `${before}+` }
    return { before, after: this.snapshot.version, edits }
  }
  async rehearse(): Promise<void> {}
  async create(): Promise<StoreSnapshot> {
    throw new Error('not used')
  }
  async history(): Promise<readonly JournalEntry[]> {
    return []
  }
  async rollback(): Promise<UpdateResult> {
    throw new Error('not used')
  }
  async archived(): Promise<PolicyStore> {
    throw new Error('not used')
  }
}

const ADD: Change[] = [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: user(1150) }] }]

t.test("applyChangeSet plans under the store's update, against the store as it is then, and journals who, why and what", async (t) => {
  const port = new RecordingPort(snapshotOf())
  const { plan, result } = await applyChangeSet(port, { changes: ADD }, { ...ACTOR, lockTimeoutMs: 1234 })
  t.same(port.calls, [{ lockTimeoutMs: 1234, record: { actor: 'alice', reason: 'CHG-1234', changes: { changes: ADD } } }], 'no version precondition: the plan is made inside the update')
  t.equal(plan.store, 'memory.xml')
  t.equal(plan.baseVersion, result.before)
  t.same(result.edits, plan.edits)
  t.same(raNamed(port.snapshot.policy, 'Auditors').members, [user(1150)])
  // Without reason or timeout, the keys are absent rather than undefined.
  const bare = new RecordingPort(snapshotOf())
  await applyChangeSet(bare, { changes: ADD }, { actor: 'bob' })
  t.strictSame(bare.calls, [{ record: { actor: 'bob', changes: { changes: ADD } } }])
})

t.test('applySavedPlan asks for the version the plan was made on', async (t) => {
  const snapshot = snapshotOf()
  const { plan } = planChanges(snapshot, { changes: ADD }, { store: 'memory.xml' })
  const port = new RecordingPort(snapshot)
  const saved: SavedPlan = { baseVersion: plan.baseVersion, changeSet: { changes: ADD }, guids: plan.guids, edits: JSON.parse(JSON.stringify(plan.edits)) as unknown }
  await applySavedPlan(port, saved, { actor: 'alice' })
  t.same(port.calls, [{ expectedVersion: snapshot.version, record: { actor: 'alice', changes: { changes: ADD } } }])
})

t.test('a store that does not run the plan is a bug, not a success', async (t) => {
  const port = new RecordingPort(snapshotOf())
  port.update = async () => ({ before: 'v', after: 'v', edits: [] })
  await t.rejects(applyChangeSet(port, { changes: ADD }, { actor: 'a' }), /did not run the plan/)
})

// --- On files -----------------------------------------------------------------------------------

t.test('applyChangeSet on a file: versions before and after, the plan, the bytes', async (t) => {
  const copy = copyOf(t)
  const { plan, result } = await applyChangeSet(copy.store, { changes: ADD }, ACTOR)
  const written = readFileSync(copy.path)
  t.equal(result.before, versionOf(copy.bytes))
  t.equal(result.after, versionOf(written))
  t.equal(plan.baseVersion, result.before)
  t.equal(plan.store, copy.path)
  const auditors =
    '<AzRole Guid="5de2cf4e-d177-43f0-a821-348fbbcb7a11" Name="Auditors"><TaskLink>05da745a-20e9-450d-8f07-d49681cf7a75</TaskLink><AppMemberLink>49f0d6b8-cd48-4d6a-860f-3c979d652c7b</AppMemberLink>'
  t.equal(copy.bytes.toString('utf8').split(auditors).length, 2)
  t.equal(written.toString('utf8'), copy.bytes.toString('utf8').replace(auditors, `${auditors}<Member>${user(1150)}</Member>`), 'one Member element in the Auditors role assignment, nothing else')
  const journal = await copy.store.history()
  t.equal(journal.length, 1, 'the write is journaled once')
  t.match(journal.at(-1), { actor: 'alice', reason: 'CHG-1234', action: 'apply', changes: { changes: ADD }, before: result.before, after: result.after }, 'who, why, what, and the versions')
})

// --- Idempotency ----------------------------------------------------------------------------------

async function twice(t: Test, changes: readonly Change[], copy: StoreCopy = copyOf(t)): Promise<void> {
  const first = await applyChangeSet(copy.store, { changes }, ACTOR)
  t.ok(first.result.edits.length > 0, 'the first run writes')
  t.same(
    validateStore(parseXmlStore(readFileSync(copy.path)).policy).filter((f) => f.severity === 'error'),
    [],
    'the store validates',
  )
  const state = await stateOf(copy)
  const second = await applyChangeSet(copy.store, { changes }, ACTOR)
  t.same(
    second.plan.results.filter((r) => r.status !== 'in-place').map((r) => `${r.index} ${r.type}: ${r.summary}`),
    [],
    'the second time every change is in place',
  )
  t.same(second.result.edits, [], 'no edit')
  t.same(second.plan.edits, [])
  t.equal(second.result.after, second.result.before)
  t.equal(second.result.before, first.result.after)
  await assertUntouched(t, copy, 'after the second run', state)
}

/**
 * Every change type, in an order where each names what the store has by then. Nothing names a
 * scope by a name it loses later in the set, and nothing created here is extended by a later
 * change (see the test of that case below).
 */
const EVERYTHING: readonly Change[] = [
  { type: 'create-operation', app: APP, name: 'Export Virtual Machine', operationId: 360, description: 'Exports' },
  { type: 'update-role-definition', app: APP, name: 'Administrator', addOperations: [360] },
  { type: 'update-operation', app: APP, name: 'Allow Virtual Machine Snapshot', newName: 'Take Virtual Machine Snapshot', description: 'Checkpoints' },
  { type: 'delete-operation', app: APP, name: 'Teleport Virtual Machine' },
  { type: 'create-task', app: APP, name: 'Snapshot VMs', operations: ['Take Virtual Machine Snapshot', 335] },
  { type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'Console', description: 'Keyboard, video, mouse' },
  { type: 'create-role-definition', app: APP, name: 'Snapshotter', tasks: ['Snapshot VMs', 'Console'] },
  { type: 'create-scope', app: APP, name: 'Test VMs', description: 'QA' },
  { type: 'create-group', app: APP, name: 'Test Owners', groupType: 'Basic', members: [{ sid: user(1150) }], nonMembers: [{ sid: user(1151) }] },
  { type: 'create-group', name: 'Hyper-V Readers', groupType: 'LdapQuery', ldapQuery: '(department=IT)' },
  { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Test Snapshotters', roleDefinitions: ['Snapshotter'] },
  { type: 'add-role-assignment-members', app: APP, scope: 'Test VMs', roleAssignment: 'Test Snapshotters', members: [{ group: 'Test Owners' }, { account: 'BUILTIN\\Hyper-V Administrators' }] },
  { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Hyper-V Manager Connect', tasks: ['Monitor Virtual Machine'] },
  { type: 'remove-role-assignment-tasks', app: APP, roleAssignment: 'Hyper-V Manager Connect', roleDefinitions: ['Hyper-V Manager Connect'] },
  { type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'Hyper-V Auditing', description: 'Read-only' },
  { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ sid: user(1108) }] },
  { type: 'rename-scope', app: APP, name: 'Production VMs', newName: 'Prod VMs' },
  { type: 'update-group', app: APP, name: 'Hyper-V Lab Admins', newName: 'Lab Admins', ldapQuery: '(department=Lab2)' },
  { type: 'add-group-members', app: APP, group: 'VM Operators', members: [{ sid: user(1109) }] },
  { type: 'remove-group-members', app: APP, group: 'VM Operators', nonMembers: [{ sid: user(1107) }] },
  { type: 'delete-task', app: APP, name: 'Operate Virtual Machine In Hours' },
  { type: 'delete-role-assignment', app: APP, scope: 'Lab VMs', name: 'VM Operators (Lab VMs)' },
  { type: 'delete-role-definition', app: APP, scope: 'Lab VMs', name: 'VM Operator (Lab VMs)' },
  { type: 'delete-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab Administrators' },
  { type: 'delete-group', app: APP, scope: 'Lab VMs', name: 'Lab Owners' },
  { type: 'delete-scope', app: APP, name: 'Lab VMs' },
]

t.test('a change set of every type applied twice: the second time everything is in place and nothing is written', async (t) => {
  t.equal(new Set(EVERYTHING.map((c) => c.type)).size, 24, 'all 24 types')
  const copy = copyOf(t)
  const first = await applyChangeSet(copy.store, { changes: EVERYTHING }, ACTOR)
  t.same(
    first.plan.results.filter((r) => r.status === 'in-place').map((r) => r.type),
    ['delete-operation'],
    'the first time only the absent operation is in place',
  )
  const p = parseXmlStore(readFileSync(copy.path)).policy
  t.equal(opById(p, 355).name, 'Take Virtual Machine Snapshot')
  t.ok(hasTask(p, 'Snapshotter') && hasTask(p, 'Console') && !hasTask(p, 'Operate Virtual Machine In Hours'))
  t.ok(hasScope(p, 'Test VMs') && hasScope(p, 'Prod VMs') && !hasScope(p, 'Lab VMs'))
  t.ok(hasRa(p, 'Hyper-V Auditing') && hasGroup(p, 'Lab Admins') && hasGroup(p, 'Hyper-V Readers', 'store'))
  t.same(groupNamed(p, 'VM Operators').nonMembers, [])
  t.same(raNamed(p, 'Administrator').members, [ADMINS])
  t.ok(taskNamed(p, 'Administrator').operationLinks.includes(opById(p, 360).guid))
  t.same(
    validateStore(p).filter((f) => f.severity === 'error'),
    [],
  )

  const state = await stateOf(copy)
  const second = await applyChangeSet(copy.store, { changes: EVERYTHING }, ACTOR)
  t.same(
    second.plan.results.filter((r) => r.status !== 'in-place').map((r) => `${r.index} ${r.type}: ${r.summary}`),
    [],
    'every change in place',
  )
  t.same(second.plan.guids, [], 'no GUID drawn')
  t.same(second.result.edits, [])
  await assertUntouched(t, copy, 'after the second run', state)
})

t.test('idempotent: a task renamed twice', async (t) => {
  await twice(t, [{ type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'Console' }])
})

t.test('idempotent: a role definition, a role assignment, an operation and a group renamed twice', async (t) => {
  await twice(t, [
    { type: 'update-role-definition', app: APP, name: 'IT Monitor', newName: 'Monitor' },
    { type: 'update-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab Administrators', newName: 'Lab Admins' },
    { type: 'update-operation', app: APP, name: 'Start Virtual Machine', newName: 'Boot Virtual Machine' },
    { type: 'update-group', name: 'Hyper-V Auditors', newName: 'Auditors' },
  ])
})

t.test('idempotent: a rename that only changes case', async (t) => {
  await twice(t, [{ type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'use virtual machine console' }])
})

t.test('idempotent: deletes, the second time of absent objects (and of objects in an absent scope)', async (t) => {
  await twice(t, [
    { type: 'delete-task', app: APP, name: 'Operate Virtual Machine In Hours' },
    { type: 'delete-role-assignment', app: APP, scope: 'Production VMs', name: 'Production Monitors' },
    { type: 'delete-scope', app: APP, name: 'Production VMs' },
    { type: 'delete-role-assignment', app: APP, scope: 'Production VMs', name: 'Production Monitors' },
    { type: 'delete-group', app: APP, scope: 'Production VMs', name: 'Prod Owners' },
    { type: 'delete-task', app: APP, scope: 'Production VMs', name: 'Prod Task' },
  ])
})

t.test('idempotent: an operation deleted after its links are removed', async (t) => {
  const copy = copyOf(t)
  await applyChangeSet(copy.store, { changes: [{ type: 'update-role-definition', app: APP, name: 'Administrator', removeOperations: [350] }] }, { actor: 'a', force: true })
  await twice(t, [{ type: 'delete-operation', app: APP, name: 'Modify Internal Ethernet Port' }], copy)
})

t.test('a change set that unlinks an operation and deletes it, applied again: refused (the removal names what no longer exists), nothing written', async (t) => {
  // Removing a link to an unknown operation is refused rather than taken as "already lacks":
  // a mistyped operation would otherwise report success while the grant stays.
  const copy = copyOf(t)
  await applyChangeSet(
    copy.store,
    {
      changes: [
        { type: 'create-operation', app: APP, name: 'Export Virtual Machine', operationId: 360 },
        { type: 'update-role-definition', app: APP, name: 'Administrator', addOperations: [360] },
      ],
    },
    ACTOR,
  )
  const changes: Change[] = [
    { type: 'update-role-definition', app: APP, name: 'Administrator', removeOperations: [360] },
    { type: 'delete-operation', app: APP, name: 'Export Virtual Machine' },
  ]
  await applyChangeSet(copy.store, { changes }, ACTOR)
  const state = await stateOf(copy)
  await refused(t, applyChangeSet(copy.store, { changes }, ACTOR), { type: InvalidChangeError, code: 'AZMAN_ERR_CHANGE_NOT_FOUND', exitCode: 4, message: ['OperationID 360'] })
  await assertUntouched(t, copy, 'the store', state)
})

t.test('idempotent: objects created and then extended in the same change set', async (t) => {
  // "Applying the same change set twice changes nothing the second time" (azman apply --help).
  await twice(t, [
    { type: 'create-task', app: APP, name: 'Snapshot VMs', operations: [355] },
    { type: 'update-task', app: APP, name: 'Snapshot VMs', addOperations: [335] },
    { type: 'create-role-assignment', app: APP, name: 'Snapshotters', tasks: ['Snapshot VMs'] },
    { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Snapshotters', tasks: ['Monitor Virtual Machine'] },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Snapshotters', members: [{ sid: user(1150) }] },
    { type: 'create-group', app: APP, name: 'Testers', groupType: 'Basic', members: [{ sid: user(1151) }] },
    { type: 'add-group-members', app: APP, group: 'Testers', members: [{ sid: user(1152) }] },
  ])
})

t.test('idempotent: members added that are already there, by SID, account or group', async (t) => {
  const copy = copyOf(t)
  const state = await stateOf(copy)
  const { plan, result } = await applyChangeSet(
    copy.store,
    {
      changes: [
        { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }, { account: 'BUILTIN\\Administrators' }] },
        { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ group: 'VM Operators' }, { sid: user(1108) }] },
        { type: 'add-group-members', app: APP, group: 'VM Operators', members: [{ sid: user(1105) }], nonMembers: [{ sid: user(1107) }] },
        { type: 'add-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: 's-1-5-21-1004336348-1177238915-682003330-1110' }] },
      ],
    },
    ACTOR,
  )
  t.same(
    plan.results.map((r) => r.status),
    ['in-place', 'in-place', 'in-place', 'in-place'],
  )
  t.same(result.edits, [])
  await assertUntouched(t, copy, 'the store', state)
})

t.test('a change set is planned against the store as it is when applied: a change someone else made meanwhile is in place', async (t) => {
  const copy = copyOf(t)
  await applyChangeSet(copy.store, { changes: ADD }, { actor: 'bob' })
  const state = await stateOf(copy)
  const mine = await applyChangeSet(copy.store, { changes: ADD }, { actor: 'alice' })
  t.equal(mine.plan.results[0]?.status, 'in-place')
  await assertUntouched(t, copy, 'the store', state)
})

// --- Saved plans -------------------------------------------------------------------------------

const PLANNED: readonly Change[] = [
  { type: 'create-scope', app: APP, name: 'Test VMs' },
  { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Test Monitors', roleDefinitions: ['IT Monitor'] },
  { type: 'add-role-assignment-members', app: APP, scope: 'Test VMs', roleAssignment: 'Test Monitors', members: [{ sid: user(1150) }] },
  { type: 'add-group-members', app: APP, group: 'VM Operators', members: [{ sid: user(1109) }] },
]

/** Plans on the copy as it is and saves the plan the way `azman plan --out` does, read back with parseChangeInput. */
async function savePlan(copy: StoreCopy, changes: readonly Change[] = PLANNED, force = false): Promise<{ text: string; saved: SavedPlan }> {
  const { plan } = planChanges(await copy.store.load(), { changes }, { store: copy.store.displayName, force })
  const text = `${JSON.stringify(plan, null, 2)}\n`
  const input = parseChangeInput(JSON.parse(text))
  if (input.kind !== 'plan') throw new Error('not read as a plan')
  return { text, saved: input.plan }
}

function reread(text: string): SavedPlan {
  const input = parseChangeInput(JSON.parse(text))
  if (input.kind !== 'plan') throw new Error('not read as a plan')
  return input.plan
}

t.test('a saved plan writes exactly the edits it was saved with, with its GUIDs', async (t) => {
  const copy = copyOf(t)
  const { saved } = await savePlan(copy)
  const { plan, result } = await applySavedPlan(copy.store, saved, ACTOR)
  t.equal(JSON.stringify(result.edits), JSON.stringify(saved.edits), 'the written edits are the saved edits')
  t.same(plan.guids, saved.guids)
  const parsed = parseXmlStore(copy.bytes)
  const expected = writeEdits(parsed.doc, parsed.index, parsed.layout, plan.edits)
  t.equal(readFileSync(copy.path, 'utf8'), expected, 'the file is the original with exactly those edits')
  const p = parseXmlStore(readFileSync(copy.path)).policy
  t.equal(raNamed(p, 'Test Monitors', 'Test VMs').guid, saved.guids[1], 'the new objects have the planned GUIDs')
  t.same(raNamed(p, 'Test Monitors', 'Test VMs').members, [user(1150)])
  t.same(
    validateStore(p).filter((f) => f.severity === 'error'),
    [],
  )
  t.equal(result.before, saved.baseVersion)
})

t.test('a saved plan on a store that changed since: CONFLICT_STALE, nothing written', async (t) => {
  const copy = copyOf(t)
  const { saved } = await savePlan(copy)
  await applyChangeSet(copy.store, { changes: [{ type: 'update-role-assignment', app: APP, name: 'Auditors', description: 'someone else' }] }, { actor: 'bob' })
  const state = await stateOf(copy)
  await refused(t, applySavedPlan(copy.store, saved, ACTOR), { type: ConflictError, code: 'AZMAN_ERR_CONFLICT_STALE', exitCode: 5, message: [copy.path, saved.baseVersion, /plan again/] })
  await assertUntouched(t, copy, 'the store', state)
})

t.test('a saved plan on a store changed by a byte outside any object (still stale: the plan is tied to the version)', async (t) => {
  const copy = copyOf(t)
  const { saved } = await savePlan(copy)
  writeFileSync(copy.path, Buffer.concat([copy.bytes, Buffer.from('\r\n')]))
  const state = await stateOf(copy)
  await refused(t, applySavedPlan(copy.store, saved, ACTOR), { type: ConflictError, code: 'AZMAN_ERR_CONFLICT_STALE', exitCode: 5, message: [] })
  await assertUntouched(t, copy, 'the store', state)
})

t.test('a saved plan applied twice: the second time the store has changed, so it is stale', async (t) => {
  const copy = copyOf(t)
  const { saved } = await savePlan(copy)
  await applySavedPlan(copy.store, saved, ACTOR)
  const state = await stateOf(copy)
  await refused(t, applySavedPlan(copy.store, saved, ACTOR), { type: ConflictError, code: 'AZMAN_ERR_CONFLICT_STALE', exitCode: 5, message: [] })
  await assertUntouched(t, copy, 'the store', state)
})

/** Ways to tamper with a saved plan file so that what it shows is not what it does. */
const TAMPERED: readonly [string, (plan: Record<string, unknown>) => void][] = [
  ['an edit changed: the member reviewed was user 1150, the file now adds Everyone', (p) => void (p.edits = JSON.parse(JSON.stringify(p.edits).replaceAll(user(1150), 'S-1-1-0')) as unknown)],
  ['an edit removed', (p) => void (p.edits as unknown[]).pop()],
  ['an edit added', (p) => void (p.edits as unknown[]).push({ type: 'add', parent: {}, kind: 'group', guid: '49f0d6b8-cd48-4d6a-860f-3c979d652c7b', list: 'members', value: 'S-1-1-0' })],
  ['no edits at all', (p) => void (p.edits = [])],
  [
    'a change added that the edits do not show',
    (p) => void (p.changes as unknown[]).push({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: user(1177) }] }),
  ],
  ['a change changed: another SID than the edits show', (p) => void (p.changes as { members?: { sid: string }[] }[])[2]?.members?.splice(0, 1, { sid: user(1177) })],
  ['the GUIDs changed', (p) => void (p.guids = ['cccccccc-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000002'])],
]

for (const [what, tamper] of TAMPERED) {
  t.test(`a tampered plan is refused with CONFLICT_PLAN_MISMATCH, nothing written: ${what}`, async (t) => {
    const copy = copyOf(t)
    const { text } = await savePlan(copy)
    const file = JSON.parse(text) as Record<string, unknown>
    tamper(file)
    t.not(JSON.stringify(file), JSON.stringify(JSON.parse(text)), 'the file was changed')
    await refused(t, applySavedPlan(copy.store, reread(JSON.stringify(file)), ACTOR), { type: ConflictError, code: 'AZMAN_ERR_CONFLICT_PLAN_MISMATCH', exitCode: 5, message: [copy.path, /new plan/] })
    await assertUntouched(t, copy)
  })
}

t.test("a plan whose GUIDs were replaced by an existing object's, with edits to match, is refused: no GUID collision is written", async (t) => {
  // Tampering consistently (GUIDs and edits alike) passes the edit comparison; the integrity check must
  // stop it, or links to the Administrator role definition would become ambiguous.
  const copy = copyOf(t)
  const { text, saved } = await savePlan(copy)
  const administrator = taskNamed((await copy.store.load()).policy, 'Administrator').guid
  const forged = reread(text.replaceAll(saved.guids[0] ?? '', administrator))
  t.equal(forged.guids[0], administrator)
  await refused(t, applySavedPlan(copy.store, forged, ACTOR), { type: InvalidChangeError, code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', exitCode: 4, message: ['AZ_DUPLICATE_GUID', administrator] })
  await assertUntouched(t, copy)
})

t.test('a saved plan whose JSON keys were reordered (same content) still applies', async (t) => {
  // Key order carries no meaning in JSON; a reviewer's formatter may sort keys.
  const copy = copyOf(t)
  const { text } = await savePlan(copy)
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sortKeys(x)]),
          )
        : v
  const sorted = JSON.stringify(sortKeys(JSON.parse(text)), null, 2)
  t.not(sorted, text)
  const { result } = await applySavedPlan(copy.store, reread(sorted), ACTOR)
  t.ok(result.edits.length > 0, 'written')
})

t.test('a saved plan whose changes are all in place has no edits and writes nothing', async (t) => {
  const copy = copyOf(t)
  const { saved } = await savePlan(copy, [
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] },
    { type: 'delete-scope', app: APP, name: 'Test VMs' },
  ])
  t.same(saved.edits, [])
  t.same(saved.guids, [])
  const { plan, result } = await applySavedPlan(copy.store, saved, ACTOR)
  t.same(result.edits, [])
  t.same(
    plan.results.map((r) => r.status),
    ['in-place', 'in-place'],
  )
  await assertUntouched(t, copy)
})

t.test('a plan saved with --force needs --force to be applied too', async (t) => {
  const copy = copyOf(t)
  const { saved } = await savePlan(copy, [{ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] }], true)
  await refused(t, applySavedPlan(copy.store, saved, ACTOR), { type: InvalidChangeError, code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT', exitCode: 4, message: ['S-1-5-32-544'] })
  await assertUntouched(t, copy)
  const { plan } = await applySavedPlan(copy.store, saved, { ...ACTOR, force: true })
  t.equal(plan.warnings.length, 1)
  t.same(raNamed(parseXmlStore(readFileSync(copy.path)).policy, 'Administrator').members, [])
})
