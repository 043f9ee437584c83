import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import {
  APP,
  applyOnFile,
  applyOne,
  assertChangedOnlyInside,
  closeTagOf,
  groupNamed,
  groupNames,
  guidAt,
  hasGroup,
  hyperV,
  insertAt,
  parsedSample,
  scopeNamed,
  spanOf,
  user,
} from './change-set-helpers.js'

t.test('create-group (Basic, application level): members by SID and account, a non-member group', async (t) => {
  const change: Change = {
    type: 'create-group',
    app: APP,
    name: 'VM Admins',
    groupType: 'Basic',
    description: 'Admins of VMs',
    members: [{ sid: user(1141) }, { account: 'NT AUTHORITY\\Authenticated Users' }],
    nonMembers: [{ sid: user(1142) }, { group: 'vm operators' }],
  }
  const { policy } = parsedSample()
  const step = applyOne(policy, change)
  t.equal(step.outcome.summary, 'create Basic group "VM Admins" in application "Hyper-V services"')
  const g = groupNamed(step.policy, 'VM Admins')
  t.equal(g.guid, guidAt(0))
  t.same(g.members, [user(1141), 'S-1-5-11'])
  t.same(g.nonMembers, [user(1142)])
  t.same(g.appMemberLinks, [])
  t.same(groupNames(step.policy, g.appNonMemberLinks), ['VM Operators'], 'the non-member link points at VM Operators')

  const e = await applyOnFile(t, [change])
  const guid = e.applied.plan.guids[0] ?? ''
  const ops = groupNamed(e.parsed.policy, 'VM Operators').guid
  const element =
    `<AzApplicationGroup Guid="${guid}" Name="VM Admins" Description="Admins of VMs" GroupType="Basic">` +
    `<Member>S-1-5-11</Member><Member>${user(1141)}</Member><NonMember>${user(1142)}</NonMember><AppNonMemberLink>${ops}</AppNonMemberLink></AzApplicationGroup>`
  t.equal(e.after, insertAt(e.before, closeTagOf(e.parsed, hyperV(e.parsed.policy).guid, 'AzApplication'), element), 'members in ascending order, as AzMan writes them')
})

t.test('create-group in a scope: a member group of the application level', async (t) => {
  const change: Change = { type: 'create-group', app: APP, scope: 'Production VMs', name: 'Prod Owners', groupType: 'Basic', members: [{ group: 'VM Operators' }] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'create Basic group "Prod Owners" in application "Hyper-V services" scope "Production VMs"')
  const g = groupNamed(e.reread, 'Prod Owners', { scope: 'Production VMs' })
  t.same(groupNames(e.reread, g.appMemberLinks, { scope: 'Production VMs' }), ['VM Operators'])
  t.notOk(hasGroup(e.reread, 'Prod Owners'), 'not at application level')
  const scope = scopeNamed(e.parsed.policy, 'Production VMs')
  t.equal(
    e.after,
    insertAt(
      e.before,
      closeTagOf(e.parsed, scope.guid, 'AzScope'),
      `<AzApplicationGroup Guid="${g.guid}" Name="Prod Owners" GroupType="Basic"><AppMemberLink>${groupNamed(e.parsed.policy, 'VM Operators').guid}</AppMemberLink></AzApplicationGroup>`,
    ),
  )
})

t.test('create-group at store level: no app, appended to the store', async (t) => {
  const change: Change = { type: 'create-group', name: 'Hyper-V Readers', groupType: 'Basic', members: [{ account: 'Everyone' }], nonMembers: [{ group: 'Hyper-V Auditors' }] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'create Basic group "Hyper-V Readers" in the store')
  const g = groupNamed(e.reread, 'Hyper-V Readers', 'store')
  t.same(g.members, ['S-1-1-0'])
  t.same(groupNames(e.reread, g.appNonMemberLinks, 'store'), ['Hyper-V Auditors'])
  const at = e.before.lastIndexOf('</AzAdminManager>')
  t.equal(
    e.after,
    insertAt(
      e.before,
      at,
      `<AzApplicationGroup Guid="${g.guid}" Name="Hyper-V Readers" GroupType="Basic"><Member>S-1-1-0</Member><AppNonMemberLink>${groupNamed(e.parsed.policy, 'Hyper-V Auditors', 'store').guid}</AppNonMemberLink></AzApplicationGroup>`,
    ),
  )
})

t.test('create-group (LdapQuery): the query is written, escaped', async (t) => {
  const change: Change = { type: 'create-group', app: APP, name: 'Ops Staff', groupType: 'LdapQuery', ldapQuery: '(&(objectClass=user)(department=Ops))' }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'create LdapQuery group "Ops Staff" in application "Hyper-V services"')
  const g = groupNamed(e.reread, 'Ops Staff')
  t.equal(g.groupType, 'LdapQuery')
  t.equal(g.ldapQuery, '(&(objectClass=user)(department=Ops))')
  t.same([g.members, g.nonMembers, g.appMemberLinks, g.appNonMemberLinks], [[], [], [], []])
  t.equal(
    e.after,
    insertAt(
      e.before,
      closeTagOf(e.parsed, hyperV(e.parsed.policy).guid, 'AzApplication'),
      `<AzApplicationGroup Guid="${g.guid}" Name="Ops Staff" GroupType="LdapQuery"><LdapQuery>(&amp;(objectClass=user)(department=Ops))</LdapQuery></AzApplicationGroup>`,
    ),
  )
})

t.test('update-group: rename an LDAP group and change its query; the role assignment keeps linking it', async (t) => {
  const change: Change = { type: 'update-group', app: APP, name: 'hyper-v lab admins', newName: 'Lab Admins', ldapQuery: '(department=Lab2)', description: 'Lab staff' }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'update group "Hyper-V Lab Admins" in application "Hyper-V services"')
  const before = groupNamed(e.parsed.policy, 'Hyper-V Lab Admins')
  const g = groupNamed(e.reread, 'Lab Admins')
  t.equal(g.guid, before.guid)
  t.equal(g.ldapQuery, '(department=Lab2)')
  const span = spanOf(e.parsed, before.guid)
  t.equal(
    e.after,
    e.before.slice(0, span.start) +
      `<AzApplicationGroup Guid="${before.guid}" Name="Lab Admins" Description="Lab staff" GroupType="LdapQuery"><LdapQuery>(department=Lab2)</LdapQuery></AzApplicationGroup>` +
      e.before.slice(span.end),
  )
})

t.test('update-group: a store-level group is renamed with its description removed', async (t) => {
  const { policy } = parsedSample()
  const described = applyOne(policy, { type: 'update-group', name: 'Hyper-V Auditors', description: 'x' }).policy
  const r = applyOne(described, { type: 'update-group', name: 'hyper-v auditors', newName: 'Auditors', description: null })
  t.equal(r.outcome.summary, 'update group "Hyper-V Auditors" in the store')
  const g = groupNamed(r.policy, 'Auditors', 'store')
  t.notOk('description' in g)
  t.same(g.members, [user(1130)])
})

t.test('delete-group: an unlinked group goes, exactly its element', async (t) => {
  const changes: Change[] = [
    { type: 'remove-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', members: [{ group: 'Lab Owners' }] },
    { type: 'delete-group', app: APP, scope: 'Lab VMs', name: 'Lab Owners' },
  ]
  const e = await applyOnFile(t, changes)
  t.equal(e.applied.plan.results[1]?.summary, 'delete group "Lab Owners" from application "Hyper-V services" scope "Lab VMs"')
  const g = groupNamed(e.parsed.policy, 'Lab Owners', { scope: 'Lab VMs' })
  const span = spanOf(e.parsed, g.guid)
  const link = `<AppMemberLink>${g.guid}</AppMemberLink>`
  t.equal(e.after, (e.before.slice(0, span.start) + e.before.slice(span.end)).replace(link, ''), 'the group element and the one link to it')
  t.notOk(hasGroup(e.reread, 'Lab Owners', { scope: 'Lab VMs' }))
})

t.test('add-group-members: a member SID and a non-member group; written inside the group only', async (t) => {
  const change: Change = { type: 'add-group-members', app: APP, group: 'VM Operators', members: [{ sid: user(1109) }], nonMembers: [{ group: 'Hyper-V Auditors' }] }
  const e = await applyOnFile(t, [change])
  t.equal(e.applied.plan.results[0]?.summary, 'add members to group "VM Operators" in application "Hyper-V services"')
  const g = groupNamed(e.reread, 'VM Operators')
  t.same(g.members, [user(1105), user(1106), user(1109)])
  t.same(g.nonMembers, [user(1107)])
  t.same(groupNames(e.reread, g.appNonMemberLinks), ['Hyper-V Auditors'])
  const span = spanOf(e.parsed, g.guid)
  t.equal(
    e.after,
    e.before.slice(0, span.start) +
      `<AzApplicationGroup Guid="${g.guid}" Name="VM Operators" GroupType="Basic"><Member>${user(1105)}</Member><Member>${user(1106)}</Member><Member>${user(1109)}</Member><NonMember>${user(1107)}</NonMember><AppNonMemberLink>${groupNamed(e.parsed.policy, 'Hyper-V Auditors', 'store').guid}</AppNonMemberLink></AzApplicationGroup>` +
      e.before.slice(span.end),
  )
})

t.test('add-group-members to a store-level group; remove-group-members of a scope group', async (t) => {
  const e = await applyOnFile(t, [
    { type: 'add-group-members', group: 'Hyper-V Auditors', members: [{ account: 'BUILTIN\\Event Log Readers' }] },
    { type: 'remove-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: user(1110) }] },
  ])
  t.same(groupNamed(e.reread, 'Hyper-V Auditors', 'store').members, [user(1130), 'S-1-5-32-573'])
  const lab = groupNamed(e.parsed.policy, 'Lab Owners', { scope: 'Lab VMs' })
  t.same(groupNamed(e.reread, 'Lab Owners', { scope: 'Lab VMs' }).members, [])
  t.match(e.after, `<AzApplicationGroup Guid="${lab.guid}" Name="Lab Owners" GroupType="Basic"/>`, 'the emptied group collapses')
})

t.test('remove-group-members: a non-member removed, only inside the group', async (t) => {
  const e = await applyOnFile(t, [{ type: 'remove-group-members', app: APP, group: 'VM Operators', nonMembers: [{ sid: user(1107) }] }])
  const g = groupNamed(e.parsed.policy, 'VM Operators')
  assertChangedOnlyInside(t, e, g.guid, 'the group')
  t.equal(e.after, e.before.replace(`<NonMember>${user(1107)}</NonMember>`, ''))
})

t.test('group changes already in effect are in place', async (t) => {
  const { policy } = parsedSample()
  for (const change of [
    { type: 'add-group-members', app: APP, group: 'vm operators', members: [{ sid: user(1105) }], nonMembers: [{ sid: user(1107) }] },
    { type: 'remove-group-members', app: APP, group: 'VM Operators', members: [{ sid: user(1199) }], nonMembers: [{ group: 'Hyper-V Auditors' }] },
    { type: 'create-group', app: APP, name: 'VM OPERATORS', groupType: 'Basic', members: [{ sid: user(1106) }, { sid: user(1105) }], nonMembers: [{ sid: user(1107) }] },
    { type: 'create-group', app: APP, name: 'Hyper-V Lab Admins', groupType: 'LdapQuery', ldapQuery: '(&(objectCategory=person)(objectClass=user)(department=Lab))' },
    { type: 'update-group', app: APP, name: 'Hyper-V Lab Admins', ldapQuery: '(&(objectCategory=person)(objectClass=user)(department=Lab))' },
    { type: 'delete-group', app: APP, name: 'Nobody' },
    { type: 'delete-group', name: 'Nobody' },
    { type: 'delete-group', app: APP, scope: 'No Such Scope', name: 'Lab Owners' },
  ] satisfies Change[]) {
    const r = applyOne(policy, change)
    t.equal(r.outcome.status, 'in-place', `${change.type}: ${r.outcome.summary}`)
    t.equal(r.policy, policy)
  }
})

t.test('create-group: an existing group with the same members but another description is not "as asked"', async (t) => {
  const { policy } = parsedSample()
  t.throws(
    () =>
      applyOne(policy, {
        type: 'create-group',
        app: APP,
        name: 'VM Operators',
        groupType: 'Basic',
        description: 'A description the store does not have',
        members: [{ sid: user(1105) }, { sid: user(1106) }],
        nonMembers: [{ sid: user(1107) }],
      }),
    { code: 'AZMAN_ERR_CHANGE_EXISTS' },
    'create-task, create-operation and create-scope refuse a different description; create-group must not report it in place',
  )
})

t.test('create-group: the same member given twice (by SID and by account) is written once', async (t) => {
  const e = await applyOnFile(t, [
    {
      type: 'create-group',
      app: APP,
      name: 'All',
      groupType: 'Basic',
      members: [{ sid: 'S-1-1-0' }, { account: 'Everyone' }, { sid: 's-1-1-0' }],
      nonMembers: [{ group: 'VM Operators' }, { group: 'vm operators' }],
    },
  ])
  const g = groupNamed(e.reread, 'All')
  t.same(g.members, ['S-1-1-0'])
  t.same(g.appNonMemberLinks, [groupNamed(e.parsed.policy, 'VM Operators').guid])
  t.equal(e.after.split('<Member>S-1-1-0</Member>').length, 2, 'one Member element')
})
