import t from 'tap'
import { byName, findApp, findOperation, findPlace, findTask, findVisibleGroup, maybePlace, notFound, placeOf, sameName } from '../../src/change-set/locate.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { application, operation, store, task } from '../model/factories.js'
import { APP, groupNamed, hyperV, parsedSample, scopeNamed, taskNamed } from './change-set-helpers.js'

const { policy } = parsedSample()

t.test('sameName and byName ignore case only', async (t) => {
  t.ok(sameName('Lab VMs', 'lab vms'))
  t.notOk(sameName('Lab VMs', 'Lab VMs '), 'white space counts')
  t.notOk(sameName('Lab VMs', 'LabVMs'))
  const ops = hyperV(policy).operations
  t.equal(byName(ops, 'START VIRTUAL MACHINE')?.operationId, '315')
  t.equal(byName(ops, 'Start Virtual Machines'), undefined)
})

t.test('notFound says what, where, and what is there (at most 8 names)', async (t) => {
  const e = notFound('operation', 'Fly', 'application "A"', hyperV(policy).operations)
  t.type(e, InvalidChangeError)
  t.equal(e.code, 'AZMAN_ERR_CHANGE_NOT_FOUND')
  t.equal(e.exitCode, 4)
  t.match(e.message, /^no operation "Fly" in application "A"; known: "Read Service Configuration", "Reconfigure Service", /)
  t.match(e.message, /, and 26 more$/, '34 operations: 8 shown')
  t.equal((e.message.match(/", "/g) ?? []).length, 7)
  t.equal(notFound('scope', 'X', 'application "A"', []).message, 'no scope "X" in application "A" (there are none)')
  t.equal(notFound('task', 'a"b', 'here', [task('One')]).message, 'no task "a\\"b" in here; known: "One"', 'names are quoted, quotes escaped')
})

t.test('findApp: by name without regard to case, or NOT_FOUND listing the applications', async (t) => {
  t.equal(findApp(policy, 'hyper-v services').name, APP)
  t.throws(() => findApp(policy, 'Hyper-V'), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: 'no application "Hyper-V" in the store; known: "Hyper-V services"' })
})

t.test('findPlace and maybePlace: the application level, or a scope by name', async (t) => {
  const app = findPlace(policy, APP, undefined)
  t.equal(app.scope, undefined)
  t.equal(app.label, 'application "Hyper-V services"')
  t.equal(app.tasks, hyperV(policy).tasks)
  t.equal(app.roleAssignments, hyperV(policy).roleAssignments)
  t.equal(app.groups, hyperV(policy).groups)
  const lab = findPlace(policy, APP, 'LAB VMS')
  t.equal(lab.scope, scopeNamed(policy, 'Lab VMs'))
  t.equal(lab.label, 'application "Hyper-V services" scope "Lab VMs"', 'labels use the stored names')
  t.equal(lab.tasks, scopeNamed(policy, 'Lab VMs').tasks)
  t.throws(() => findPlace(policy, APP, 'Test VMs'), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: 'no scope "Test VMs" in application "Hyper-V services"; known: "Lab VMs", "Production VMs"' })
  t.equal(maybePlace(policy, APP, 'Test VMs'), undefined, 'an absent scope is no error for deletes')
  t.equal(maybePlace(policy, APP, 'production vms')?.scope?.name, 'Production VMs')
  t.throws(() => maybePlace(policy, 'Nope', undefined), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND' }, 'an absent application still is')
  t.same(placeOf(hyperV(policy), undefined).label, 'application "Hyper-V services"')
})

t.test('findOperation: by OperationID (a number) or by name (a string), never one for the other', async (t) => {
  const app = hyperV(policy)
  t.equal(findOperation(app, 315).name, 'Start Virtual Machine')
  t.equal(findOperation(app, 'stop virtual machine').operationId, '320')
  t.throws(() => findOperation(app, 316), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: 'no operation with OperationID 316 in application "Hyper-V services"' })
  t.throws(
    () => findOperation(app, '315'),
    { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: 'no operation "315" in application "Hyper-V services"' },
    'a string is a name, even when it looks like a number',
  )
  // OperationIDs are compared as numbers, so " 7 " in a store is OperationID 7; text that is not a number never matches.
  const odd = application('Odd', { operations: [operation('Seven', ' 7 '), operation('Broken', 'x1')] })
  t.equal(findOperation(odd, 7).name, 'Seven')
  t.throws(() => findOperation(odd, 1), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND' })
})

t.test("findTask: the place's own tasks first, then the application's; kinds checked", async (t) => {
  const lab = findPlace(policy, APP, 'Lab VMs')
  t.equal(findTask(lab, 'vm operator (lab vms)', 'role-definition'), taskNamed(policy, 'VM Operator (Lab VMs)', 'Lab VMs'))
  t.equal(findTask(lab, 'Operate Virtual Machine', 'task'), taskNamed(policy, 'Operate Virtual Machine'), 'an application task is visible from a scope')
  t.equal(findTask(lab, 'IT Monitor', 'either').roleDefinition, true)
  t.throws(() => findTask(lab, 'IT Monitor', 'task'), {
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: '"IT Monitor" in application "Hyper-V services" scope "Lab VMs" is a role definition, not a task',
  })
  t.throws(() => findTask(lab, 'Operate Virtual Machine', 'role-definition'), { code: 'AZMAN_ERR_CHANGE_WRONG_KIND', message: /is a task, not a role definition$/ })
  const app = findPlace(policy, APP, undefined)
  t.throws(
    () => findTask(app, 'VM Operator (Lab VMs)', 'either'),
    { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: /^no task or role definition "VM Operator \(Lab VMs\)" in application "Hyper-V services"; known: / },
    'a scope task is not visible from the application level',
  )
  const prod = findPlace(policy, APP, 'Production VMs')
  t.throws(() => findTask(prod, 'VM Operator (Lab VMs)', 'role-definition'), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND' }, 'nor from another scope')
  let message = ''
  try {
    findTask(prod, 'Operator', 'role-definition')
  } catch (e) {
    message = (e as Error).message
  }
  t.equal(
    message,
    'no role definition "Operator" in application "Hyper-V services" scope "Production VMs"; known: "Administrator", "Hyper-V Manager Connect", "IT Monitor"',
    'only role definitions are suggested for a role definition',
  )
})

t.test('findTask: a scope task shadows an application task of the same name', async (t) => {
  const shared = task('Shared', { roleDefinition: false })
  const own = task('shared', { roleDefinition: true })
  const app = application(APP, { tasks: [shared], scopes: [{ ...scopeNamed(policy, 'Lab VMs'), tasks: [own] }] })
  const lab = findPlace(store({ applications: [app] }), APP, 'Lab VMs')
  t.equal(findTask(lab, 'SHARED', 'either'), own)
})

t.test("findVisibleGroup: the place's groups, then the application's, then the store's", async (t) => {
  const lab = findPlace(policy, APP, 'Lab VMs')
  t.equal(findVisibleGroup(policy, lab, 'lab owners'), groupNamed(policy, 'Lab Owners', { scope: 'Lab VMs' }))
  t.equal(findVisibleGroup(policy, lab, 'VM Operators'), groupNamed(policy, 'VM Operators'))
  t.equal(findVisibleGroup(policy, lab, 'Hyper-V Auditors'), groupNamed(policy, 'Hyper-V Auditors', 'store'))
  const prod = findPlace(policy, APP, 'Production VMs')
  t.throws(() => findVisibleGroup(policy, prod, 'Lab Owners'), {
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: 'no application group "Lab Owners" in application "Hyper-V services" scope "Production VMs" or the store; known: "VM Operators", "Hyper-V Lab Admins", "Hyper-V Auditors"',
  })
  const app = findPlace(policy, APP, undefined)
  t.throws(() => findVisibleGroup(policy, app, 'Lab Owners'), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND' }, 'scope groups are not visible from the application level')
})
