import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import {
  ADMINS,
  APP,
  applyOnFile,
  applyOne,
  assertChangedOnlyInside,
  closeTagOf,
  insertAt,
  guidAt,
  hyperV,
  opById,
  opIds,
  parsedSample,
  SAMPLE,
  spanOf,
  taskNamed,
  raNamed,
} from './change-set-helpers.js'

const ALL_2008 = [100, 105, 200, 205, 210, 215, 220, 225, 230, 235, 240, 245, 250, 255, 260, 265, 270, 275, 280, 285, 290, 295, 300, 305, 310, 315, 320, 325, 330, 335, 340, 345, 350]

t.test('create-operation: the 2008 store gets 355 "Allow Virtual Machine Snapshot", granted to the Administrator role definition', async (t) => {
  const changes: Change[] = [
    { type: 'create-operation', app: APP, name: 'Allow Virtual Machine Snapshot', operationId: 355, description: 'Snapshots (2008 R2)' },
    { type: 'update-role-definition', app: APP, name: 'Administrator', addOperations: [355] },
  ]
  const { policy: before } = parsedSample(SAMPLE.v2008)
  const step = applyOne(before, changes[0] as Change)
  t.equal(step.outcome.status, 'applied')
  t.equal(step.outcome.summary, 'create operation "Allow Virtual Machine Snapshot" (355)')
  const op = opById(step.policy, 355)
  t.strictSame(op, { guid: guidAt(0), name: 'Allow Virtual Machine Snapshot', description: 'Snapshots (2008 R2)', operationId: '355', extras: { attributes: [], elements: [] } })
  t.equal(hyperV(step.policy).operations.length, 34, 'one operation more')
  t.equal(hyperV(step.policy).operations.at(-1), op, 'appended after the others')
  t.same(opIds(step.policy, taskNamed(step.policy, 'Administrator').operationLinks), ALL_2008, 'the role definition is not changed by the create alone')

  const e = await applyOnFile(t, changes, { file: SAMPLE.v2008 })
  t.same(
    e.applied.plan.results.map((r) => [r.status, r.summary]),
    [
      ['applied', 'create operation "Allow Virtual Machine Snapshot" (355)'],
      ['applied', 'update role definition "Administrator" in application "Hyper-V services"'],
    ],
  )
  const guid = e.applied.plan.guids[0] ?? ''
  t.match(guid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a fresh lowercase GUID')
  t.same(
    opIds(e.reread, taskNamed(e.reread, 'Administrator').operationLinks),
    [...ALL_2008, 355].sort((a, b) => a - b),
    'the Administrator role definition links the new operation by its GUID',
  )
  t.same(raNamed(e.reread, 'Administrator').members, [ADMINS])
  // Bytes: the new operation element as the last child of the application (AzMan appends new
  // objects), one OperationLink inside the role definition, nothing else.
  const element = `<AzOperation Guid="${guid}" Name="Allow Virtual Machine Snapshot" Description="Snapshots (2008 R2)"><OperationID>355</OperationID></AzOperation>`
  const link = `<OperationLink>${guid}</OperationLink>`
  const withElement = insertAt(e.before, closeTagOf(e.parsed, hyperV(e.parsed.policy).guid, 'AzApplication'), element)
  const linkAt = e.after.indexOf(link)
  t.equal(e.after, insertAt(withElement, linkAt, link), 'the element at the end of the application and one link: nothing else changed')
  const rd = spanOf(e.parsed, taskNamed(e.parsed.policy, 'Administrator').guid)
  t.ok(linkAt > rd.start && linkAt < rd.end, 'the link is inside the Administrator role definition')
})

t.test('update-operation: rename, description and OperationID, written inside the operation only; links keep pointing at it', async (t) => {
  const change: Change = { type: 'update-operation', app: APP, name: 'allow virtual machine snapshot', newName: 'Take Virtual Machine Snapshot', description: 'Checkpoints', operationId: 356 }
  const { policy: before } = parsedSample()
  const original = opById(before, 355)
  const step = applyOne(before, change)
  t.equal(step.outcome.summary, 'update operation "Allow Virtual Machine Snapshot"', 'found without regard to case, named as stored')
  const op = opById(step.policy, 356)
  t.equal(op.guid, original.guid, 'same object')
  t.equal(op.name, 'Take Virtual Machine Snapshot')
  t.equal(op.description, 'Checkpoints')
  t.same(opIds(step.policy, taskNamed(step.policy, 'Administrator').operationLinks).includes(356), true, 'the Administrator role definition still grants it')

  const e = await applyOnFile(t, [change])
  assertChangedOnlyInside(t, e, original.guid, 'the operation')
  const at = e.before.indexOf(`<AzOperation Guid="${original.guid}"`)
  t.equal(e.after.slice(at, at + 200).split('</AzOperation>')[0], `<AzOperation Guid="${original.guid}" Name="Take Virtual Machine Snapshot" Description="Checkpoints"><OperationID>356</OperationID>`)
})

t.test('update-operation: description null removes it; an empty update is in place', async (t) => {
  const { policy } = parsedSample()
  const withDescription = applyOne(policy, { type: 'update-operation', app: APP, name: 'Start Virtual Machine', description: 'Boots' }).policy
  t.equal(opById(withDescription, 315).description, 'Boots')
  const removed = applyOne(withDescription, { type: 'update-operation', app: APP, name: 'Start Virtual Machine', description: null })
  t.equal(removed.outcome.status, 'applied')
  t.notOk('description' in opById(removed.policy, 315), 'the attribute is gone, not empty')
  const again = applyOne(removed.policy, { type: 'update-operation', app: APP, name: 'Start Virtual Machine', description: null })
  t.equal(again.outcome.status, 'in-place')
  t.equal(again.policy, removed.policy, 'in place returns the very same policy')
  const nothing = applyOne(policy, { type: 'update-operation', app: APP, name: 'Start Virtual Machine', operationId: 315, newName: 'Start Virtual Machine' })
  t.equal(nothing.outcome.status, 'in-place')
  t.equal(nothing.outcome.summary, 'operation "Start Virtual Machine" already as asked')
})

t.test('delete-operation: once no task links it, it goes with its link, and the administrators still hold every operation', async (t) => {
  const changes: Change[] = [
    { type: 'update-role-definition', app: APP, name: 'Administrator', removeOperations: [350] },
    { type: 'delete-operation', app: APP, name: 'Modify Internal Ethernet Port' },
  ]
  const e = await applyOnFile(t, changes)
  t.same(
    e.applied.plan.results.map((r) => r.summary),
    ['update role definition "Administrator" in application "Hyper-V services"', 'delete operation "Modify Internal Ethernet Port"'],
  )
  t.same(e.applied.plan.warnings, [], 'no lockout: every remaining operation is still granted')
  const op = opById(e.parsed.policy, 350)
  t.notOk(
    hyperV(e.reread).operations.some((o) => o.guid === op.guid),
    'the operation is gone',
  )
  t.equal(hyperV(e.reread).operations.length, 33)
  t.equal(taskNamed(e.reread, 'Administrator').operationLinks.length, 33)
  const span = spanOf(e.parsed, op.guid)
  const link = `<OperationLink>${op.guid}</OperationLink>`
  const expected = e.before.slice(0, span.start) + e.before.slice(span.end).replace(link, '')
  t.equal(e.after, expected, 'exactly the operation element and its one link removed')
})

t.test('delete-operation of an absent operation is in place', async (t) => {
  const { policy } = parsedSample()
  const r = applyOne(policy, { type: 'delete-operation', app: APP, name: 'Fly Virtual Machine' })
  t.equal(r.outcome.status, 'in-place')
  t.equal(r.outcome.summary, 'operation "Fly Virtual Machine" already absent')
  t.equal(r.policy, policy)
})

t.test('create-operation: the same name (any case) and OperationID is in place; the ID is compared as a number', async (t) => {
  const { policy } = parsedSample()
  const r = applyOne(policy, { type: 'create-operation', app: APP, name: 'START VIRTUAL MACHINE', operationId: 315 })
  t.equal(r.outcome.status, 'in-place')
  t.equal(r.outcome.summary, 'operation "Start Virtual Machine" (315) already exists as asked')
  t.equal(r.policy, policy)
})
