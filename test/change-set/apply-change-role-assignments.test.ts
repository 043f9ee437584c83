import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import {
  ADMINS,
  APP,
  applyOnFile,
  applyOne,
  assertChangedOnlyInside,
  closeTagOf,
  groupNamed,
  groupNames,
  hasRa,
  insertAt,
  parsedSample,
  raNamed,
  scopeNamed,
  spanOf,
  taskNamed,
  taskNames,
  user,
} from './change-set-helpers.js'

t.test('create-role-assignment in a scope: a role definition and a task, no members yet', async (t) => {
  const change: Change = {
    type: 'create-role-assignment',
    app: APP,
    scope: 'Production VMs',
    name: 'Prod Operators',
    roleDefinitions: ['it monitor'],
    tasks: ['Operate Virtual Machine Power'],
    description: 'Operate production',
  }
  const { policy } = parsedSample()
  const step = applyOne(policy, change)
  t.equal(step.outcome.summary, 'create role assignment "Prod Operators" in application "Hyper-V services" scope "Production VMs"')
  const ra = raNamed(step.policy, 'Prod Operators', 'Production VMs')
  t.same(taskNames(step.policy, ra.taskLinks, 'Production VMs'), ['IT Monitor', 'Operate Virtual Machine Power'])
  t.same([ra.members, ra.appMemberLinks, ra.operationLinks], [[], [], []], 'nobody holds it yet, no direct operation')
  t.notOk(hasRa(step.policy, 'Prod Operators'), 'not at application level')

  const e = await applyOnFile(t, [change])
  const guid = e.applied.plan.guids[0] ?? ''
  const scope = scopeNamed(e.parsed.policy, 'Production VMs')
  const element = `<AzRole Guid="${guid}" Name="Prod Operators" Description="Operate production"><TaskLink>${taskNamed(e.parsed.policy, 'IT Monitor').guid}</TaskLink><TaskLink>${taskNamed(e.parsed.policy, 'Operate Virtual Machine Power').guid}</TaskLink></AzRole>`
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, scope.guid, 'AzScope'), element))
})

t.test('update-role-assignment: rename and description, only inside the element', async (t) => {
  const change: Change = { type: 'update-role-assignment', app: APP, name: 'auditors', newName: 'Hyper-V Auditing', description: 'Read-only' }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'update role assignment "Auditors" in application "Hyper-V services"')
  const before = raNamed(e.parsed.policy, 'Auditors')
  const after = raNamed(e.reread, 'Hyper-V Auditing')
  t.equal(after.guid, before.guid)
  t.equal(after.description, 'Read-only')
  t.same([after.taskLinks, after.appMemberLinks, after.members], [before.taskLinks, before.appMemberLinks, before.members], 'what it grants and to whom is unchanged')
  assertChangedOnlyInside(t, e, before.guid, 'the role assignment')
  t.match(e.after, `<AzRole Guid="${before.guid}" Name="Hyper-V Auditing" Description="Read-only"><TaskLink>`)
})

t.test('delete-role-assignment: the only child of a scope goes and the scope collapses to an empty-element tag', async (t) => {
  const e = await applyOnFile(t, [{ type: 'delete-role-assignment', app: APP, scope: 'Production VMs', name: 'Production Monitors' }])
  t.equal(e.applied.plan.results[0]?.summary, 'delete role assignment "Production Monitors" from application "Hyper-V services" scope "Production VMs"')
  const scope = scopeNamed(e.parsed.policy, 'Production VMs')
  const span = spanOf(e.parsed, scope.guid)
  t.equal(e.after, e.before.slice(0, span.start) + `<AzScope Guid="${scope.guid}" Name="Production VMs"/>` + e.before.slice(span.end))
  t.ok(hasRa(e.reread, 'Auditors'), 'the application-level Auditors stays')
})

t.test('add-role-assignment-tasks: a role definition and a task, by name in any case', async (t) => {
  const change: Change = { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['hyper-v manager connect'], tasks: ['Connect to Hyper-V Manager'] }
  const e = await applyOnFile(t, [change])
  // (The summary repeats the names as the change gives them; matched without regard to case.)
  t.match(e.applied.plan.results[0]?.summary, /^add "Hyper-V Manager Connect", "Connect to Hyper-V Manager" to role assignment "Auditors" in application "Hyper-V services"$/i)
  const ra = raNamed(e.reread, 'Auditors')
  t.same(taskNames(e.reread, ra.taskLinks), ['Connect to Hyper-V Manager', 'Hyper-V Manager Connect', 'IT Monitor'])
  assertChangedOnlyInside(t, e, ra.guid, 'the role assignment')
})

t.test('remove-role-assignment-tasks: the scope role assignment no longer grants the Administrator definition', async (t) => {
  const change: Change = { type: 'remove-role-assignment-tasks', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', roleDefinitions: ['Administrator'] }
  const e = await applyOnFile(t, [change])
  t.same(e.applied.plan.warnings, [], "a scope-level grant is not the administrators' application-level access")
  const ra = raNamed(e.reread, 'Lab Administrators', 'Lab VMs')
  t.same(ra.taskLinks, [])
  t.same(groupNames(e.reread, ra.appMemberLinks, { scope: 'Lab VMs' }), ['Hyper-V Lab Admins', 'Lab Owners'], 'members untouched')
  const link = `<TaskLink>${taskNamed(e.parsed.policy, 'Administrator').guid}</TaskLink>`
  const span = spanOf(e.parsed, ra.guid)
  const at = e.before.indexOf(link, span.start)
  t.ok(at > span.start && at < span.end)
  t.equal(e.after, e.before.slice(0, at) + e.before.slice(at + link.length), 'exactly the one TaskLink removed')
})

t.test('add-role-assignment-members: a SID (canonical case), a well-known account, an application group visible from the scope', async (t) => {
  const change: Change = {
    type: 'add-role-assignment-members',
    app: APP,
    scope: 'Production VMs',
    roleAssignment: 'production monitors',
    members: [{ sid: 's-1-5-32-545' }, { account: 'everyone' }, { group: 'vm operators' }],
  }
  const { policy } = parsedSample()
  const step = applyOne(policy, change)
  t.match(step.outcome.summary, /^add S-1-5-32-545, S-1-1-0, group "VM Operators" to role assignment "Production Monitors" in application "Hyper-V services" scope "Production VMs"$/i)
  const e = await applyOnFile(t, [change])
  const ra = raNamed(e.reread, 'Production Monitors', 'Production VMs')
  t.same([...ra.members].sort(), ['S-1-1-0', user(1120), 'S-1-5-32-545'].sort(), 'the SID is written as S-1-..., the account as its SID')
  t.same(groupNames(e.reread, ra.appMemberLinks, { scope: 'Production VMs' }), ['VM Operators'], 'the link points at the application group')
  t.equal(ra.appMemberLinks[0], groupNamed(e.parsed.policy, 'VM Operators').guid)
  const span = spanOf(e.parsed, ra.guid)
  const expected =
    `<AzRole Guid="${ra.guid}" Name="Production Monitors"><TaskLink>${taskNamed(e.parsed.policy, 'IT Monitor').guid}</TaskLink>` +
    `<AppMemberLink>${ra.appMemberLinks[0] ?? ''}</AppMemberLink><Member>S-1-1-0</Member><Member>${user(1120)}</Member><Member>S-1-5-32-545</Member></AzRole>`
  t.equal(e.after, e.before.slice(0, span.start) + expected + e.before.slice(span.end), 'AzMan order, members ascending, nothing else changed')
})

t.test("add-role-assignment-members: the scope's own group and a store-level group resolve from the scope", async (t) => {
  const change: Change = {
    type: 'add-role-assignment-members',
    app: APP,
    scope: 'Lab VMs',
    roleAssignment: 'VM Operators (Lab VMs)',
    members: [{ group: 'Lab Owners' }, { group: 'Hyper-V Auditors' }],
  }
  const e = await applyOnFile(t, [change])
  const ra = raNamed(e.reread, 'VM Operators (Lab VMs)', 'Lab VMs')
  t.same(groupNames(e.reread, ra.appMemberLinks, { scope: 'Lab VMs' }), ['Hyper-V Auditors', 'Lab Owners', 'VM Operators'])
  t.ok(ra.appMemberLinks.includes(groupNamed(e.parsed.policy, 'Lab Owners', { scope: 'Lab VMs' }).guid))
  t.ok(ra.appMemberLinks.includes(groupNamed(e.parsed.policy, 'Hyper-V Auditors', 'store').guid))
  assertChangedOnlyInside(t, e, ra.guid, 'the role assignment')
})

t.test('remove-role-assignment-members: a group and a SID; the role assignment keeps its grant and nobody holds it', async (t) => {
  const change: Change = { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ group: 'VM Operators' }, { sid: user(1108) }] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, `remove ${user(1108)}, group "VM Operators" from role assignment "Hyper-V Manager Connect" in application "Hyper-V services"`)
  const ra = raNamed(e.reread, 'Hyper-V Manager Connect')
  t.same([ra.members, ra.appMemberLinks], [[], []])
  t.same(taskNames(e.reread, ra.taskLinks), ['Hyper-V Manager Connect'])
  const span = spanOf(e.parsed, ra.guid)
  t.equal(
    e.after,
    e.before.slice(0, span.start) +
      `<AzRole Guid="${ra.guid}" Name="Hyper-V Manager Connect"><TaskLink>${taskNamed(e.parsed.policy, 'Hyper-V Manager Connect').guid}</TaskLink></AzRole>` +
      e.before.slice(span.end),
  )
})

t.test('members and tasks already there (or already absent) are in place, however they are named', async (t) => {
  const { policy } = parsedSample()
  for (const change of [
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: 's-1-5-32-0544' }] },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'administrator', members: [{ account: 'BUILTIN\\Administrators' }, { account: 'administrators' }] },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Hyper-V Manager Connect', members: [{ group: 'VM OPERATORS' }] },
    { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: 'S-1-1-0' }, { group: 'VM Operators' }] },
    { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['IT Monitor'] },
    { type: 'remove-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', tasks: ['Monitor Virtual Machine'] },
    { type: 'create-role-assignment', app: APP, name: 'AUDITORS', roleDefinitions: ['IT Monitor'] },
    { type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'Auditors', description: null },
    { type: 'delete-role-assignment', app: APP, name: 'Nobody' },
    { type: 'delete-role-assignment', app: APP, scope: 'No Such Scope', name: 'Nobody' },
  ] satisfies Change[]) {
    const r = applyOne(policy, change)
    t.equal(r.outcome.status, 'in-place', `${change.type}: ${r.outcome.summary}`)
    t.equal(r.policy, policy, 'the same policy object')
  }
})

t.test('create-role-assignment: a role definition named twice is granted once', async (t) => {
  const e = await applyOnFile(t, [{ type: 'create-role-assignment', app: APP, name: 'Monitors', roleDefinitions: ['IT Monitor', 'it monitor'] }])
  t.same(raNamed(e.reread, 'Monitors').taskLinks, [taskNamed(e.parsed.policy, 'IT Monitor').guid])
})
