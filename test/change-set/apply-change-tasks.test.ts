import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import {
  APP,
  applyOnFile,
  applyOne,
  assertChangedOnlyInside,
  closeTagOf,
  expandedOpIds,
  guidAt,
  hasTask,
  hyperV,
  insertAt,
  opById,
  opIds,
  parsedSample,
  raNamed,
  scopeNamed,
  spanOf,
  taskNamed,
  taskNames,
} from './change-set-helpers.js'

t.test('create-task: operations by OperationID and by name, a nested task, a description; appended to the application', async (t) => {
  const change: Change = {
    type: 'create-task',
    app: 'hyper-v SERVICES',
    name: 'Snapshot Virtual Machine',
    operations: [355, 'view virtual machine configuration'],
    tasks: ['use virtual machine console'],
    description: 'Take snapshots & look',
  }
  const { policy } = parsedSample()
  const step = applyOne(policy, change)
  t.equal(step.outcome.status, 'applied')
  t.equal(step.outcome.summary, 'create task "Snapshot Virtual Machine" in application "Hyper-V services"')
  const task = taskNamed(step.policy, 'Snapshot Virtual Machine')
  t.equal(task.guid, guidAt(0))
  t.equal(task.roleDefinition, false)
  t.equal(task.description, 'Take snapshots & look')
  t.same(opIds(step.policy, task.operationLinks), [335, 355], 'the operation links point at 335 and 355')
  t.same(taskNames(step.policy, task.taskLinks), ['Use Virtual Machine Console'], 'the task link points at the console task')
  t.same(expandedOpIds(step.policy, task), [335, 340, 345, 355], 'what the task grants, nested task included: nothing more')
  t.notOk('language' in task || 'script' in task, 'no business rule')

  const e = await applyOnFile(t, [change])
  const guid = e.applied.plan.guids[0] ?? ''
  const console = taskNamed(e.parsed.policy, 'Use Virtual Machine Console').guid
  const element =
    `<AzTask Guid="${guid}" Name="Snapshot Virtual Machine" Description="Take snapshots &amp; look">` +
    `<OperationLink>${opById(e.parsed.policy, 335).guid}</OperationLink><OperationLink>${opById(e.parsed.policy, 355).guid}</OperationLink>` +
    `<TaskLink>${console}</TaskLink></AzTask>`
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, hyperV(e.parsed.policy).guid, 'AzApplication'), element), 'one element at the end of the application, links ascending, nothing else changed')
})

t.test('create-task in a scope: it may nest an application-level task; appended to the scope', async (t) => {
  const change: Change = { type: 'create-task', app: APP, scope: 'production vms', name: 'Prod Console', operations: [335], tasks: ['Use Virtual Machine Console'] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'create task "Prod Console" in application "Hyper-V services" scope "Production VMs"')
  const task = taskNamed(e.reread, 'Prod Console', 'Production VMs')
  t.same(taskNames(e.reread, task.taskLinks, 'Production VMs'), ['Use Virtual Machine Console'])
  t.same(expandedOpIds(e.reread, task, 'Production VMs'), [335, 340, 345])
  t.notOk(hasTask(e.reread, 'Prod Console'), 'not at application level')
  const scope = scopeNamed(e.parsed.policy, 'Production VMs')
  const element = `<AzTask Guid="${task.guid}" Name="Prod Console"><OperationLink>${opById(e.parsed.policy, 335).guid}</OperationLink><TaskLink>${taskNamed(e.parsed.policy, 'Use Virtual Machine Console').guid}</TaskLink></AzTask>`
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, scope.guid, 'AzScope'), element), 'inside the scope, last child')
})

t.test('create-task with a business rule: language, script (CRLF in a CRLF file) and imported path (an attribute, as AzMan writes it)', async (t) => {
  const change: Change = {
    type: 'create-task',
    app: APP,
    name: 'Start Out Of Hours',
    operations: [315],
    bizRule: { language: 'VBScript', script: 'Dim h\nh = Hour(Now)\nAzBizRuleContext.BusinessRuleResult = (h < 8 Or h >= 18)', importedPath: 'C:\\rules\\hours.vbs' },
  }
  const e = await applyOnFile(t, [change])
  const task = taskNamed(e.reread, 'Start Out Of Hours')
  t.equal(task.language, 'VBScript')
  t.equal(task.script, 'Dim h\nh = Hour(Now)\nAzBizRuleContext.BusinessRuleResult = (h < 8 Or h >= 18)', 'the script reads back with LF')
  t.equal(task.importedPath, 'C:\\rules\\hours.vbs')
  const region = e.after.slice(e.after.indexOf(`<AzTask Guid="${task.guid}"`), e.after.indexOf('</AzApplication>'))
  t.equal(
    region,
    `<AzTask Guid="${task.guid}" Name="Start Out Of Hours" BizRuleImportedPath="C:\\rules\\hours.vbs"><BizRuleLanguage>VBScript</BizRuleLanguage><BizRule>Dim h\r\nh = Hour(Now)\r\nAzBizRuleContext.BusinessRuleResult = (h &lt; 8 Or h &gt;= 18)</BizRule><OperationLink>${opById(e.parsed.policy, 315).guid}</OperationLink></AzTask>`,
  )
})

t.test('create-role-definition in a scope: nests the scope role definition and an application task', async (t) => {
  const change: Change = { type: 'create-role-definition', app: APP, scope: 'Lab VMs', name: 'Lab Snapshotter', operations: [355], tasks: ['VM Operator (Lab VMs)', 'Monitor Virtual Machine'] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'create role definition "Lab Snapshotter" in application "Hyper-V services" scope "Lab VMs"')
  const rd = taskNamed(e.reread, 'Lab Snapshotter', 'Lab VMs')
  t.equal(rd.roleDefinition, true)
  t.same(taskNames(e.reread, rd.taskLinks, 'Lab VMs'), ['Monitor Virtual Machine', 'VM Operator (Lab VMs)'])
  t.same(expandedOpIds(e.reread, rd, 'Lab VMs'), [100, 265, 270, 275, 280, 285, 290, 295, 315, 320, 325, 335, 340, 345, 355])
  const lab = scopeNamed(e.parsed.policy, 'Lab VMs')
  const element =
    `<AzTask Guid="${rd.guid}" Name="Lab Snapshotter" RoleDefinition="True"><OperationLink>${opById(e.parsed.policy, 355).guid}</OperationLink>` +
    `<TaskLink>${taskNamed(e.parsed.policy, 'Monitor Virtual Machine').guid}</TaskLink><TaskLink>${taskNamed(e.parsed.policy, 'VM Operator (Lab VMs)', 'Lab VMs').guid}</TaskLink></AzTask>`
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, lab.guid, 'AzScope'), element))
})

t.test('update-task: rename, description, operations and nested tasks added and removed; only the task element changes', async (t) => {
  const change: Change = {
    type: 'update-task',
    app: APP,
    name: 'operate virtual machine',
    newName: 'Operate VM',
    description: 'Power and connect',
    addOperations: ['Reconfigure Virtual Machine'],
    removeOperations: [335],
    addTasks: ['Connect to Hyper-V Manager'],
    removeTasks: ['Use Virtual Machine Console'],
  }
  const { policy } = parsedSample()
  const original = taskNamed(policy, 'Operate Virtual Machine')
  const step = applyOne(policy, change)
  t.equal(step.outcome.summary, 'update task "Operate Virtual Machine" in application "Hyper-V services"')
  const task = taskNamed(step.policy, 'Operate VM')
  t.equal(task.guid, original.guid)
  t.same(opIds(step.policy, task.operationLinks), [330])
  t.same(taskNames(step.policy, task.taskLinks), ['Connect to Hyper-V Manager', 'Operate Virtual Machine Power'])
  // The scope role definition that nests it now grants exactly the new content.
  const lab = taskNamed(step.policy, 'VM Operator (Lab VMs)', 'Lab VMs')
  t.same(expandedOpIds(step.policy, lab, 'Lab VMs'), [100, 295, 315, 320, 325, 330])

  const e = await applyOnFile(t, [change])
  assertChangedOnlyInside(t, e, original.guid, 'the task')
  t.match(e.after, `<AzTask Guid="${original.guid}" Name="Operate VM" Description="Power and connect"><OperationLink>${opById(e.parsed.policy, 330).guid}</OperationLink><TaskLink>`)
})

t.test('update-task: a business rule is replaced, then removed with null', async (t) => {
  const name = 'Operate Virtual Machine In Hours'
  const { policy } = parsedSample()
  const original = taskNamed(policy, name)
  const replaced = applyOne(policy, { type: 'update-task', app: APP, name, bizRule: { language: 'VBScript', script: 'AzBizRuleContext.BusinessRuleResult = False' } })
  t.equal(taskNamed(replaced.policy, name).language, 'VBScript')
  t.equal(taskNamed(replaced.policy, name).script, 'AzBizRuleContext.BusinessRuleResult = False')

  const e = await applyOnFile(t, [{ type: 'update-task', app: APP, name, bizRule: null }])
  const task = taskNamed(e.reread, name)
  t.notOk('language' in task || 'script' in task || 'importedPath' in task, 'no business rule left')
  t.same(opIds(e.reread, task.operationLinks), [315], 'links kept')
  const span = spanOf(e.parsed, original.guid)
  t.equal(
    e.after,
    e.before.slice(0, span.start) + `<AzTask Guid="${original.guid}" Name="${name}"><OperationLink>${opById(e.parsed.policy, 315).guid}</OperationLink></AzTask>` + e.before.slice(span.end),
  )
})

t.test('update-role-definition: rename and nest a task; role assignments keep granting it by GUID', async (t) => {
  const change: Change = { type: 'update-role-definition', app: APP, name: 'IT Monitor', newName: 'Hyper-V Monitor', addTasks: ['Connect to Hyper-V Manager'] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'update role definition "IT Monitor" in application "Hyper-V services"')
  const rd = taskNamed(e.reread, 'Hyper-V Monitor')
  t.equal(rd.roleDefinition, true)
  t.same(taskNames(e.reread, rd.taskLinks), ['Connect to Hyper-V Manager', 'Monitor Virtual Machine'])
  t.same(taskNames(e.reread, raNamed(e.reread, 'Auditors').taskLinks), ['Hyper-V Monitor'], 'Auditors still holds it')
  t.same(taskNames(e.reread, raNamed(e.reread, 'Production Monitors', 'Production VMs').taskLinks, 'Production VMs'), ['Hyper-V Monitor'])
  assertChangedOnlyInside(t, e, rd.guid, 'the role definition')
})

t.test('delete-task: an unlinked task is removed, exactly its element', async (t) => {
  const name = 'Operate Virtual Machine In Hours'
  const e = await applyOnFile(t, [{ type: 'delete-task', app: APP, name: name.toUpperCase() }])
  t.equal(e.applied.plan.results[0]?.summary, `delete task "${name}" from application "Hyper-V services"`)
  t.notOk(hasTask(e.reread, name))
  const span = spanOf(e.parsed, taskNamed(e.parsed.policy, name).guid)
  t.equal(e.after, e.before.slice(0, span.start) + e.before.slice(span.end))
})

t.test('delete-role-definition: once its role assignment is gone, the scope role definition goes too', async (t) => {
  const changes: Change[] = [
    { type: 'delete-role-assignment', app: APP, scope: 'Lab VMs', name: 'VM Operators (Lab VMs)' },
    { type: 'delete-role-definition', app: APP, scope: 'Lab VMs', name: 'VM Operator (Lab VMs)' },
  ]
  const e = await applyOnFile(t, changes)
  t.same(
    e.applied.plan.results.map((r) => r.summary),
    [
      'delete role assignment "VM Operators (Lab VMs)" from application "Hyper-V services" scope "Lab VMs"',
      'delete role definition "VM Operator (Lab VMs)" from application "Hyper-V services" scope "Lab VMs"',
    ],
  )
  const rd = spanOf(e.parsed, taskNamed(e.parsed.policy, 'VM Operator (Lab VMs)', 'Lab VMs').guid)
  const ra = spanOf(e.parsed, raNamed(e.parsed.policy, 'VM Operators (Lab VMs)', 'Lab VMs').guid)
  t.equal(rd.end, ra.start, 'the two elements are adjacent in the sample')
  t.equal(e.after, e.before.slice(0, rd.start) + e.before.slice(ra.end), 'exactly the two elements removed')
  t.same(
    scopeNamed(e.reread, 'Lab VMs').tasks.map((x) => x.name),
    [],
  )
  t.ok(hasTask(e.reread, 'Operate Virtual Machine'), 'the application task it nested stays')
})

t.test('update-task: adding an operation or task already linked, or removing one not linked, is in place', async (t) => {
  const { policy } = parsedSample()
  for (const change of [
    { type: 'update-task', app: APP, name: 'Operate Virtual Machine Power', addOperations: [315, 'Stop Virtual Machine'] },
    { type: 'update-task', app: APP, name: 'Operate Virtual Machine Power', removeOperations: [100] },
    { type: 'update-task', app: APP, name: 'Operate Virtual Machine', addTasks: ['use virtual machine console'] },
    { type: 'update-task', app: APP, name: 'Operate Virtual Machine', removeTasks: ['Monitor Virtual Machine'] },
    { type: 'update-role-definition', app: APP, name: 'IT Monitor', description: null },
    { type: 'update-task', app: APP, name: 'Use Virtual Machine Console', bizRule: null },
    { type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'Use Virtual Machine Console' },
  ] satisfies Change[]) {
    const r = applyOne(policy, change)
    t.equal(r.outcome.status, 'in-place', JSON.stringify(change))
    t.equal(r.policy, policy, 'the same policy object')
  }
})

t.test('update-task: the same operation added and removed in one change ends where it started, and says so', async (t) => {
  const { policy } = parsedSample()
  const r = applyOne(policy, { type: 'update-task', app: APP, name: 'Use Virtual Machine Console', addOperations: [340], removeOperations: [340] })
  t.same(opIds(r.policy, taskNamed(r.policy, 'Use Virtual Machine Console').operationLinks), [340, 345], 'still linked')
  t.equal(r.outcome.status, 'in-place', 'nothing changes, so the outcome is in place (not "applied" with no edit)')
})

t.test('create-task: the same task again (any case) is in place; with other content it is refused', async (t) => {
  const { policy } = parsedSample()
  const same = applyOne(policy, { type: 'create-task', app: APP, name: 'operate virtual machine power', operations: ['Pause and Restart Virtual Machine', 320, 315] })
  t.equal(same.outcome.status, 'in-place')
  t.equal(same.outcome.summary, 'task "Operate Virtual Machine Power" already exists as asked')
  t.equal(same.policy, policy)
})

t.test('create-task: an existing task with the same script but another business-rule language is not "as asked"', async (t) => {
  const { policy } = parsedSample()
  const existing = taskNamed(policy, 'Operate Virtual Machine In Hours')
  t.equal(existing.language, 'JScript')
  t.throws(
    () => applyOne(policy, { type: 'create-task', app: APP, name: existing.name, operations: [315], bizRule: { language: 'VBScript', script: existing.script ?? '' } }),
    { code: 'AZMAN_ERR_CHANGE_EXISTS' },
    'a VBScript rule is not the JScript rule in the store: reporting it in place would leave the store other than asked',
  )
})

t.test('create-task and create-role-definition: an operation or task named twice (by OperationID and name, in two cases) is linked once', async (t) => {
  const e = await applyOnFile(t, [
    { type: 'create-task', app: APP, name: 'Power Twice', operations: [315, 'Start Virtual Machine', 'start virtual machine'] },
    { type: 'create-role-definition', app: APP, name: 'Monitor Twice', tasks: ['Monitor Virtual Machine', 'MONITOR VIRTUAL MACHINE'] },
  ])
  t.same(taskNamed(e.reread, 'Power Twice').operationLinks, [opById(e.parsed.policy, 315).guid], 'one OperationLink, as AzMan keeps one')
  t.same(taskNamed(e.reread, 'Monitor Twice').taskLinks, [taskNamed(e.parsed.policy, 'Monitor Virtual Machine').guid], 'one TaskLink')
  t.equal(
    e.after.split(`<OperationLink>${opById(e.parsed.policy, 315).guid}</OperationLink>`).length - e.before.split(`<OperationLink>${opById(e.parsed.policy, 315).guid}</OperationLink>`).length,
    1,
    'one element written',
  )
})
