import t, { type Test } from 'tap'
import { BUILTIN_ADMINISTRATORS, guardAdministrators } from '../../src/change-set/admin-guard.js'
import type { Change } from '../../src/change-set/change.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import type { Application, PolicyStore } from '../../src/model/policy.js'
import { application, group, operation, roleAssignment, roleDefinition, store, task } from '../model/factories.js'
import { ADMINS, APP, applyOnFile, raNamed, refusedOnFile, SAMPLE, taskNamed, opIds } from './change-set-helpers.js'

t.test('BUILTIN_ADMINISTRATORS is S-1-5-32-544', async (t) => {
  t.equal(BUILTIN_ADMINISTRATORS, 'S-1-5-32-544')
})

/** An application whose role assignment "Administrator" grants role definition "Administrator" (all operations) to the given members. */
function hyperV(name = APP, members: readonly string[] = [ADMINS]): { app: Application; ops: ReturnType<typeof operation>[]; rd: ReturnType<typeof roleDefinition> } {
  const ops = [operation('Start', '315'), operation('Stop', '320'), operation('Read', '100')]
  const rd = roleDefinition('Administrator', { operationLinks: ops.map((o) => o.guid) })
  const ra = roleAssignment('Administrator', { taskLinks: [rd.guid], members })
  return { app: application(name, { operations: ops, tasks: [rd], roleAssignments: [ra] }), ops, rd }
}

function withAdminRa(app: Application, change: (ra: Application['roleAssignments'][number]) => Application['roleAssignments'][number]): Application {
  return { ...app, roleAssignments: app.roleAssignments.map((r) => (r.name === 'Administrator' ? change(r) : r)) }
}

function lockout(t: Test, before: PolicyStore, after: PolicyStore, app: string): void {
  let error: unknown
  try {
    guardAdministrators(before, after, false)
  } catch (e) {
    error = e
  }
  t.type(error, InvalidChangeError)
  t.match(error, { code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT', exitCode: 4 })
  const lost = `after this change BUILTIN\\\\Administrators \\(S-1-5-32-544\\) no longer holds operations it holds now in application "${app}" \\([^)]*\\): local administrators would be locked out`
  t.match((error as Error | undefined)?.message, new RegExp(`^${lost}; pass --force if this is intended$`), 'names the application and the operations lost')
  const forced = guardAdministrators(before, after, true)
  t.equal(forced.length, 1, 'forced: a warning instead')
  t.match(forced[0], new RegExp(`^${lost} \\(forced\\)$`))
}

t.test('no change, or a change that keeps every operation, passes silently', async (t) => {
  const { app } = hyperV()
  const before = store({ applications: [app] })
  t.same(guardAdministrators(before, before, false), [])
  const more = store({ applications: [withAdminRa(app, (r) => ({ ...r, members: [...r.members, 'S-1-1-0'] }))] })
  t.same(guardAdministrators(before, more, false), [])
})

t.test("removing the administrators' membership locks them out", async (t) => {
  const { app } = hyperV()
  lockout(t, store({ applications: [app] }), store({ applications: [withAdminRa(app, (r) => ({ ...r, members: [] }))] }), APP)
})

t.test('one operation fewer in the role definition locks them out', async (t) => {
  const { app, rd, ops } = hyperV()
  const after = { ...app, tasks: [{ ...rd, operationLinks: rd.operationLinks.filter((l) => l !== ops[0]?.guid) }] }
  lockout(t, store({ applications: [app] }), store({ applications: [after] }), APP)
})

t.test('a business rule anywhere on the path makes the grant conditional: locked out', async (t) => {
  const { app, rd } = hyperV()
  lockout(t, store({ applications: [app] }), store({ applications: [{ ...app, tasks: [{ ...rd, language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' }] }] }), APP)
  // An empty script is no rule.
  t.same(guardAdministrators(store({ applications: [app] }), store({ applications: [{ ...app, tasks: [{ ...rd, language: 'JScript', script: ' ' }] }] }), false), [])
})

t.test('operations held through nested tasks count; moving them into a nested task passes', async (t) => {
  const { app, rd, ops } = hyperV()
  const inner = task('Everything', { operationLinks: ops.map((o) => o.guid) })
  const nested = { ...app, tasks: [{ ...rd, operationLinks: [], taskLinks: [inner.guid] }, inner] }
  t.same(guardAdministrators(store({ applications: [app] }), store({ applications: [nested] }), false), [])
})

t.test('membership through a Basic group counts; through an LdapQuery group or as a non-member it does not', async (t) => {
  const { app } = hyperV()
  const before = store({ applications: [app] })
  const admins = group('Local Admins', { members: [ADMINS] })
  const viaGroup = { ...withAdminRa(app, (r) => ({ ...r, members: [], appMemberLinks: [admins.guid] })), groups: [admins] }
  t.same(guardAdministrators(before, store({ applications: [viaGroup] }), false), [], 'a Basic group holding S-1-5-32-544')

  const excluded = group('Local Admins', { guid: admins.guid, members: [ADMINS], nonMembers: [ADMINS] })
  lockout(t, before, store({ applications: [{ ...viaGroup, groups: [excluded] }] }), APP)

  const ldap = group('Local Admins', { guid: admins.guid, groupType: 'LdapQuery', ldapQuery: '(objectSid=S-1-5-32-544)' })
  lockout(t, before, store({ applications: [{ ...viaGroup, groups: [ldap] }] }), APP)
})

t.test('a non-member LdapQuery group makes membership uncertain: locked out', async (t) => {
  // Whoever the query matches is excluded; nobody can tell offline whether a local administrator is matched.
  const { app } = hyperV()
  const ldap = group('Contractors', { groupType: 'LdapQuery', ldapQuery: '(employeeType=contractor)' })
  const admins = group('Local Admins', { members: [ADMINS], appNonMemberLinks: [ldap.guid] })
  const after = { ...withAdminRa(app, (r) => ({ ...r, members: [], appMemberLinks: [admins.guid] })), groups: [admins, ldap] }
  lockout(t, store({ applications: [app] }), store({ applications: [after] }), APP)
})

t.test('only applications where the administrators held everything before are guarded', async (t) => {
  const { app } = hyperV()
  const partial = { ...hyperV('Other').app }
  const other = withAdminRa(partial, (r) => ({ ...r, members: [] }))
  // "Other" already lacked the administrators; changing it further is no lockout.
  const before = store({ applications: [app, other] })
  t.same(guardAdministrators(before, store({ applications: [app, { ...other, description: 'x' }] }), false), [])
  // Losing "Hyper-V services" names it alone.
  lockout(t, before, store({ applications: [withAdminRa(app, (r) => ({ ...r, members: [] })), other] }), APP)
  // An application with no operations is never "held".
  const empty = application('Empty')
  t.same(guardAdministrators(store({ applications: [empty] }), store({ applications: [{ ...empty, description: 'x' }] }), false), [])
})

t.test('a grant at scope level is not application-level access', async (t) => {
  const { app } = hyperV()
  const scoped = withAdminRa(app, (r) => ({ ...r, members: [] }))
  const withScope = {
    ...scoped,
    scopes: [
      { guid: '0000ffff-0000-4000-8000-00000000abcd', name: 'All VMs', groups: [], tasks: [], roleAssignments: [{ ...raOf(app), guid: '0000ffff-0000-4000-8000-00000000abce' }], extras: app.extras },
    ],
  }
  lockout(t, store({ applications: [app] }), store({ applications: [withScope] }), APP)
})

function raOf(app: Application): Application['roleAssignments'][number] {
  const ra = app.roleAssignments[0]
  if (!ra) throw new Error('no role assignment')
  return ra
}

// --- Through applyChangeSet on the samples ---------------------------------------------------

t.test('forced: BUILTIN\\Administrators removed from the Administrator role assignment, with a warning', async (t) => {
  const change: Change = { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] }
  const e = await applyOnFile(t, [change], { force: true })
  t.same(e.applied.plan.warnings, [
    'after this change BUILTIN\\Administrators (S-1-5-32-544) no longer holds operations it holds now in application "Hyper-V services" (100 "Read Service Configuration", 105 "Reconfigure Service", 200 "Create Virtual Switch", 205 "Delete Virtual Switch", 210 "Create Virtual Switch Port", and 29 more): local administrators would be locked out (forced)',
  ])
  t.same(raNamed(e.reread, 'Administrator').members, [])
  const ra = raNamed(e.parsed.policy, 'Administrator')
  t.equal(
    e.after,
    e.before.replace(
      `<AzRole Guid="${ra.guid}" Name="Administrator"><TaskLink>${taskNamed(e.parsed.policy, 'Administrator').guid}</TaskLink><Member>S-1-5-32-544</Member></AzRole>`,
      `<AzRole Guid="${ra.guid}" Name="Administrator"><TaskLink>${taskNamed(e.parsed.policy, 'Administrator').guid}</TaskLink></AzRole>`,
    ),
  )
})

t.test('forced: operation 315 removed from the Administrator role definition of the 2008 store', async (t) => {
  const e = await applyOnFile(t, [{ type: 'update-role-definition', app: APP, name: 'Administrator', removeOperations: [315] }], { file: SAMPLE.v2008, force: true })
  t.equal(e.applied.plan.warnings.length, 1)
  t.match(e.applied.plan.warnings[0], /\(forced\)$/)
  t.notOk(opIds(e.reread, taskNamed(e.reread, 'Administrator').operationLinks).includes(315))
})

t.test('not forced, the same changes are refused and nothing is written', async (t) => {
  for (const file of [SAMPLE.delegated, SAMPLE.r2, SAMPLE.v2008]) {
    await refusedOnFile(
      t,
      [{ type: 'update-role-definition', app: APP, name: 'Administrator', removeOperations: [315] }],
      { type: InvalidChangeError, code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT', exitCode: 4, message: ['S-1-5-32-544', '--force'] },
      { file },
    )
  }
})

t.test('the administrators moved to a Basic group in one change set: no lockout, no warning', async (t) => {
  const e = await applyOnFile(t, [
    { type: 'create-group', app: APP, name: 'Local Admins', groupType: 'Basic', members: [{ account: 'BUILTIN\\Administrators' }] },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ group: 'Local Admins' }] },
    { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] },
  ])
  t.same(e.applied.plan.warnings, [])
  t.same(raNamed(e.reread, 'Administrator').members, [])
})

t.test('a new operation is not asked of the administrators: creating one passes without --force (regression)', async (t) => {
  // The guard protects the access BUILTIN\\Administrators has; it once asked them to hold every operation, new ones included.
  const e = await applyOnFile(t, [{ type: 'create-operation', app: APP, name: 'Export Virtual Machine', operationId: 360 }])
  t.same(e.applied.plan.warnings, [], 'no warning')
  t.ok(opIds(e.reread, e.reread.applications[0]?.operations.map((o) => o.guid) ?? []).includes(360), 'the operation is there')
  const granted = await applyOnFile(t, [
    { type: 'create-operation', app: APP, name: 'Export Virtual Machine', operationId: 360 },
    { type: 'update-role-definition', app: APP, name: 'Administrator', addOperations: [360] },
  ])
  t.same(granted.applied.plan.warnings, [], 'granting it too: no warning')
})

t.test('deleting an operation is no lockout; removing one the administrators hold still is', async (t) => {
  const { app, ops } = hyperV()
  const without = {
    ...app,
    operations: app.operations.filter((o) => o.guid !== ops[2]?.guid),
    tasks: app.tasks.map((x) => ({ ...x, operationLinks: x.operationLinks.filter((l) => l !== ops[2]?.guid) })),
  }
  t.same(guardAdministrators(store({ applications: [app] }), store({ applications: [without] }), false), [], 'the operation is gone for everyone')
})
