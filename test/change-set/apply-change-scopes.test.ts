import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import { APP, applyOnFile, applyOne, closeTagOf, guidAt, hasScope, hyperV, insertAt, parsedSample, raNamed, scopeNamed, spanOf, taskNamed, taskNames } from './change-set-helpers.js'

t.test('create-scope: an empty scope with a description, appended to the application as an empty-element tag', async (t) => {
  const change: Change = { type: 'create-scope', app: APP, name: 'Test VMs', description: 'QA <lab>' }
  const { policy } = parsedSample()
  const step = applyOne(policy, change)
  t.equal(step.outcome.summary, 'create scope "Test VMs" in application "Hyper-V services"')
  t.strictSame(scopeNamed(step.policy, 'Test VMs'), {
    guid: guidAt(0),
    name: 'Test VMs',
    description: 'QA <lab>',
    groups: [],
    tasks: [],
    roleAssignments: [],
    extras: { attributes: [], elements: [] },
  })

  const e = await applyOnFile(t, [change])
  const guid = e.applied.plan.guids[0] ?? ''
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, hyperV(e.parsed.policy).guid, 'AzApplication'), `<AzScope Guid="${guid}" Name="Test VMs" Description="QA &lt;lab&gt;"/>`))
})

t.test('create-scope: scope names may hold characters other names may not (paths, URLs)', async (t) => {
  const e = await applyOnFile(t, [{ type: 'create-scope', app: APP, name: 'C:\\VMs\\Lab|*?' }])
  t.ok(hasScope(e.reread, 'C:\\VMs\\Lab|*?'))
})

t.test('create-scope then fill it: role assignment granting an application role definition to a new group', async (t) => {
  const changes: Change[] = [
    { type: 'create-scope', app: APP, name: 'Test VMs' },
    { type: 'create-group', app: APP, scope: 'Test VMs', name: 'Testers', groupType: 'Basic', members: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1150' }] },
    { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Test Monitors', roleDefinitions: ['IT Monitor'] },
    { type: 'add-role-assignment-members', app: APP, scope: 'Test VMs', roleAssignment: 'Test Monitors', members: [{ group: 'Testers' }] },
  ]
  const e = await applyOnFile(t, changes)
  const [scopeGuid, groupGuid, raGuid] = e.applied.plan.guids
  const monitor = taskNamed(e.parsed.policy, 'IT Monitor').guid
  const expected = `<AzScope Guid="${scopeGuid ?? ''}" Name="Test VMs"><AzApplicationGroup Guid="${groupGuid ?? ''}" Name="Testers" GroupType="Basic"><Member>S-1-5-21-1004336348-1177238915-682003330-1150</Member></AzApplicationGroup><AzRole Guid="${raGuid ?? ''}" Name="Test Monitors"><TaskLink>${monitor}</TaskLink><AppMemberLink>${groupGuid ?? ''}</AppMemberLink></AzRole></AzScope>`
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, hyperV(e.parsed.policy).guid, 'AzApplication'), expected), 'one new scope element holding everything, in AzMan order')
  t.same(taskNames(e.reread, raNamed(e.reread, 'Test Monitors', 'Test VMs').taskLinks, 'Test VMs'), ['IT Monitor'])
})

t.test('rename-scope: only the name attribute changes; what is inside stays', async (t) => {
  const e = await applyOnFile(t, [{ type: 'rename-scope', app: APP, name: 'lab vms', newName: 'Lab VMs (2024)' }])
  t.equal(e.applied.plan.results[0]?.summary, 'rename scope "Lab VMs" to "Lab VMs (2024)"')
  const lab = scopeNamed(e.parsed.policy, 'Lab VMs')
  const at = e.before.indexOf(`<AzScope Guid="${lab.guid}" Name="Lab VMs"`) + `<AzScope Guid="${lab.guid}" Name="`.length
  t.equal(e.after, insertAt(e.before, at + 'Lab VMs'.length, ' (2024)'))
  const renamed = scopeNamed(e.reread, 'Lab VMs (2024)')
  t.equal(renamed.guid, lab.guid)
  t.equal(renamed.roleAssignments.length, 2)
})

t.test('rename-scope: a rename already done is in place', async (t) => {
  const { policy } = parsedSample()
  const once = applyOne(policy, { type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'Lab' }).policy
  const twice = applyOne(once, { type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'Lab' })
  t.equal(twice.outcome.status, 'in-place')
  t.equal(twice.outcome.summary, 'scope "Lab" already has that name')
  t.equal(twice.policy, once)
})

t.test('delete-scope: the scope goes with everything in it, exactly its element', async (t) => {
  const e = await applyOnFile(t, [{ type: 'delete-scope', app: APP, name: 'Lab VMs' }])
  t.equal(e.applied.plan.results[0]?.summary, 'delete scope "Lab VMs" and everything in it')
  const span = spanOf(e.parsed, scopeNamed(e.parsed.policy, 'Lab VMs').guid)
  t.equal(e.after, e.before.slice(0, span.start) + e.before.slice(span.end))
  t.notOk(hasScope(e.reread, 'Lab VMs'))
  t.same(
    hyperV(e.reread).scopes.map((s) => s.name),
    ['Production VMs'],
  )
})

t.test('create-scope again (same description or none) and delete-scope of an absent scope are in place', async (t) => {
  const { policy } = parsedSample()
  for (const change of [
    { type: 'create-scope', app: APP, name: 'LAB VMS' },
    { type: 'delete-scope', app: APP, name: 'Test VMs' },
  ] satisfies Change[]) {
    const r = applyOne(policy, change)
    t.equal(r.outcome.status, 'in-place', r.outcome.summary)
    t.equal(r.policy, policy)
  }
})
