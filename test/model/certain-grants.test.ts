import { readFileSync } from 'node:fs'
import t from 'tap'
import { applicationLevelOperations, certainOperations, holdsCertainly } from '../../src/model/certain-grants.js'
import { allContainers, type Container } from '../../src/model/paths.js'
import { guidKey, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment } from '../../src/model/policy.js'
import { LinkResolver } from '../../src/model/resolve.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { application, group, operation, roleAssignment, roleDefinition, scope, store, task } from './factories.js'

const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const OTHER = 'S-1-5-21-1004336348-1177238915-682003330-1106'

/** The containers of a store's first application: the application level ('') and each scope, by name. */
function containers(s: PolicyStore): Map<string, Container> {
  const out = new Map<string, Container>()
  for (const c of allContainers(s)) if (c.application === s.applications[0]) out.set(c.scope?.name ?? '', c)
  return out
}

function at(s: PolicyStore, scopeName = ''): Container {
  const c = containers(s).get(scopeName)
  if (!c) throw new Error(`no container ${scopeName}`)
  return c
}

/** Operation GUIDs to OperationIDs, sorted, for readable expectations. */
function ids(ops: readonly Operation[], keys: Set<string>): number[] {
  return ops
    .filter((o) => keys.has(guidKey(o.guid)))
    .map((o) => Number(o.operationId))
    .sort((a, b) => a - b)
}

const ops = [operation('Read', '100'), operation('Start', '315'), operation('Stop', '320'), operation('Console', '340'), operation('Snapshot', '355')]
const [read, start, stop, consoleOp, snapshot] = ops as [Operation, Operation, Operation, Operation, Operation]

function app(over: Partial<Application>): { s: PolicyStore; a: Application } {
  const a = application('Hyper-V services', { operations: ops, ...over })
  return { s: store({ applications: [a] }), a }
}

t.test('operations through direct links, tasks and nested tasks, and nothing else', async (t) => {
  const power = task('Power', { operationLinks: [start.guid, stop.guid] })
  const operate = task('Operate', { operationLinks: [read.guid], taskLinks: [power.guid] })
  const rd = roleDefinition('Operator', { taskLinks: [operate.guid] })
  const ra = roleAssignment('Operators', { taskLinks: [rd.guid], operationLinks: [consoleOp.guid] })
  const { s } = app({ tasks: [power, operate, rd], roleAssignments: [ra] })
  t.same(ids(ops, certainOperations(new LinkResolver(s), at(s), ra)), [100, 315, 320, 340], 'snapshot (355) is not granted')
})

t.test('a task with a business rule is conditional: neither it nor what it nests is certain', async (t) => {
  const power = task('Power', { operationLinks: [start.guid, stop.guid] })
  const inHours = task('In Hours', { operationLinks: [snapshot.guid], taskLinks: [power.guid], language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' })
  const rd = roleDefinition('Operator', { operationLinks: [read.guid], taskLinks: [inHours.guid] })
  const ra = roleAssignment('Operators', { taskLinks: [rd.guid] })
  const { s } = app({ tasks: [power, inHours, rd], roleAssignments: [ra] })
  t.same(ids(ops, certainOperations(new LinkResolver(s), at(s), ra)), [100])
  // The same task reached another way, without a rule on the path, is certain.
  const ra2 = roleAssignment('Direct', { taskLinks: [rd.guid, power.guid] })
  const { s: s2 } = app({ tasks: [power, inHours, rd], roleAssignments: [ra2] })
  t.same(ids(ops, certainOperations(new LinkResolver(s2), at(s2), ra2)), [100, 315, 320])
  // A rule on the role definition itself: nothing is certain. An empty script is no rule.
  const ruled = { ...rd, language: 'VBScript', script: 'AzBizRuleContext.BusinessRuleResult = True' }
  const { s: s3 } = app({ tasks: [power, inHours, ruled], roleAssignments: [ra] })
  t.same(ids(ops, certainOperations(new LinkResolver(s3), at(s3), ra)), [])
  const blank = { ...rd, language: 'VBScript', script: '  \n ' }
  const { s: s4 } = app({ tasks: [power, inHours, blank], roleAssignments: [ra] })
  t.same(ids(ops, certainOperations(new LinkResolver(s4), at(s4), ra)), [100])
})

t.test('task cycles are cut, and everything on the cycle still counts', async (t) => {
  const a = task('A', { operationLinks: [start.guid] })
  const b = task('B', { operationLinks: [stop.guid], taskLinks: [a.guid] })
  const a2 = { ...a, taskLinks: [b.guid] }
  const self = task('Self', { operationLinks: [read.guid] })
  const self2 = { ...self, taskLinks: [self.guid] }
  const ra = roleAssignment('R', { taskLinks: [a2.guid, self2.guid] })
  const { s } = app({ tasks: [a2, b, self2], roleAssignments: [ra] })
  t.same(ids(ops, certainOperations(new LinkResolver(s), at(s), ra)), [100, 315, 320])
})

t.test('links that do not resolve (dangling, wrong kind, out of reach) grant nothing', async (t) => {
  const lab = task('Lab Only', { operationLinks: [snapshot.guid] })
  const otherOp = operation('Elsewhere', '999')
  const other = application('Other', { operations: [otherOp] })
  const ra = roleAssignment('R', {
    taskLinks: ['00000000-0000-4000-8000-00000000dead', lab.guid, read.guid],
    operationLinks: [otherOp.guid, '00000000-0000-4000-8000-00000000beef', start.guid],
  })
  const a = application('Hyper-V services', { operations: ops, roleAssignments: [ra], scopes: [scope('Lab VMs', { tasks: [lab] })] })
  const s = store({ applications: [a, other] })
  t.same(ids(ops, certainOperations(new LinkResolver(s), at(s), ra)), [315], 'only the direct link to an operation of the same application')
})

t.test("cross-scope visibility: a scope role assignment sees its own and application tasks, not another scope's", async (t) => {
  const appTask = task('App Task', { operationLinks: [read.guid] })
  const labTask = task('Lab Task', { operationLinks: [start.guid] })
  const prodTask = task('Prod Task', { operationLinks: [stop.guid] })
  const labRa = roleAssignment('Lab', { taskLinks: [appTask.guid, labTask.guid, prodTask.guid] })
  const a = application('Hyper-V services', {
    operations: ops,
    tasks: [appTask],
    scopes: [scope('Lab VMs', { tasks: [labTask], roleAssignments: [labRa] }), scope('Production VMs', { tasks: [prodTask] })],
  })
  const s = store({ applications: [a] })
  t.same(ids(ops, certainOperations(new LinkResolver(s), at(s, 'Lab VMs'), labRa)), [100, 315])
  // The same role assignment evaluated at application level sees no scope task at all.
  t.same(ids(ops, certainOperations(new LinkResolver(s), at(s), labRa)), [100])
})

t.test('membership: direct members, Basic groups, nested Basic groups', async (t) => {
  const inner = group('Inner', { members: [USER] })
  const outer = group('Outer', { appMemberLinks: [inner.guid] })
  const direct = roleAssignment('Direct', { members: [USER] })
  const viaGroup = roleAssignment('Via group', { appMemberLinks: [outer.guid] })
  const nobody = roleAssignment('Nobody', { members: [OTHER] })
  const { s } = app({ groups: [inner, outer], roleAssignments: [direct, viaGroup, nobody] })
  const r = new LinkResolver(s)
  t.ok(holdsCertainly(r, at(s), direct, USER))
  t.ok(holdsCertainly(r, at(s), viaGroup, USER), 'through two Basic groups')
  t.notOk(holdsCertainly(r, at(s), nobody, USER))
  t.notOk(holdsCertainly(r, at(s), viaGroup, OTHER))
  // SIDs compare as Windows reads them (model/sid.ts canonicalSid), like the access evaluator.
  t.ok(holdsCertainly(r, at(s), direct, USER.toLowerCase()), 'a lower-case s is the same SID')
  t.ok(holdsCertainly(r, at(s), direct, USER.replace(/-([0-9]+)$/, '-00$1')), 'leading zeros are the same SID')
})

t.test('a non-member spelled otherwise (case, leading zeros) still excludes: the guard never overstates', async (t) => {
  const g = group('Staff', { members: [USER], nonMembers: [USER.toLowerCase().replace(/-([0-9]+)$/, '-0$1')] })
  const ra = roleAssignment('R', { appMemberLinks: [g.guid] })
  const { s } = app({ groups: [g], roleAssignments: [ra] })
  t.notOk(holdsCertainly(new LinkResolver(s), at(s), ra, USER))
})

t.test('non-membership beats membership, directly or through a nested Basic group', async (t) => {
  const banned = group('Banned', { members: [USER] })
  const g1 = group('Excludes directly', { members: [USER], nonMembers: [USER] })
  const g2 = group('Excludes by group', { members: [USER], appNonMemberLinks: [banned.guid] })
  const ra1 = roleAssignment('R1', { appMemberLinks: [g1.guid] })
  const ra2 = roleAssignment('R2', { appMemberLinks: [g2.guid] })
  const { s } = app({ groups: [banned, g1, g2], roleAssignments: [ra1, ra2] })
  const r = new LinkResolver(s)
  t.notOk(holdsCertainly(r, at(s), ra1, USER))
  t.notOk(holdsCertainly(r, at(s), ra2, USER))
  t.ok(holdsCertainly(r, at(s), ra2, OTHER) === false, 'and someone in neither list is no member')
  // A direct member of the role assignment is a member whatever the groups say.
  const ra3 = roleAssignment('R3', { members: [USER], appMemberLinks: [g1.guid] })
  const { s: s3 } = app({ groups: [banned, g1, g2], roleAssignments: [ra3] })
  t.ok(holdsCertainly(new LinkResolver(s3), at(s3), ra3, USER))
})

t.test('LdapQuery and BizRule groups are conditional: membership through them is not certain', async (t) => {
  const ldap = group('Lab', { groupType: 'LdapQuery', ldapQuery: '(department=Lab)' })
  const biz = group('Biz', { groupType: 'Bizrule', language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' })
  const basicAroundLdap = group('Around', { appMemberLinks: [ldap.guid] })
  const ra = roleAssignment('R', { appMemberLinks: [ldap.guid, biz.guid, basicAroundLdap.guid] })
  const { s } = app({ groups: [ldap, biz, basicAroundLdap], roleAssignments: [ra] })
  t.notOk(holdsCertainly(new LinkResolver(s), at(s), ra, USER))
  // Members written into an LdapQuery group are not how AzMan decides membership.
  const odd = { ...ldap, members: [USER] }
  const { s: s2 } = app({ groups: [odd], roleAssignments: [roleAssignment('R', { appMemberLinks: [odd.guid] })] })
  const ra2 = s2.applications[0]?.roleAssignments[0] as RoleAssignment
  t.notOk(holdsCertainly(new LinkResolver(s2), at(s2), ra2, USER))
})

t.test('a conditional non-member group makes membership uncertain: never overstated', async (t) => {
  // Whoever the LDAP query (or business rule) matches is excluded; offline nobody knows who that is.
  const ldap = group('Contractors', { groupType: 'LdapQuery', ldapQuery: '(employeeType=contractor)' })
  const biz = group('Off hours', { groupType: 'Bizrule', language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = false;' })
  const g1 = group('Staff', { members: [USER], appNonMemberLinks: [ldap.guid] })
  const g2 = group('Day staff', { members: [USER], appNonMemberLinks: [biz.guid] })
  const ra1 = roleAssignment('R1', { appMemberLinks: [g1.guid] })
  const ra2 = roleAssignment('R2', { appMemberLinks: [g2.guid] })
  const { s } = app({ groups: [ldap, biz, g1, g2], roleAssignments: [ra1, ra2] })
  const r = new LinkResolver(s)
  t.notOk(holdsCertainly(r, at(s), ra1, USER), 'excluded if the query matches: not certain')
  t.notOk(holdsCertainly(r, at(s), ra2, USER), 'excluded if the rule says so: not certain')
  // The same one level down: a Basic non-member group whose own membership is conditional.
  const wrapper = group('Maybe contractors', { appMemberLinks: [ldap.guid] })
  const g3 = group('Staff 3', { members: [USER], appNonMemberLinks: [wrapper.guid] })
  const ra3 = roleAssignment('R3', { appMemberLinks: [g3.guid] })
  const { s: s3 } = app({ groups: [ldap, wrapper, g3], roleAssignments: [ra3] })
  t.notOk(holdsCertainly(new LinkResolver(s3), at(s3), ra3, USER), 'possibly excluded through a nested LdapQuery group: not certain')
  // A Basic non-member group the SID is certainly not in excludes nobody.
  const unrelated = group('Unrelated', { members: [OTHER] })
  const g4 = group('Staff 4', { members: [USER], appNonMemberLinks: [unrelated.guid] })
  const ra4 = roleAssignment('R4', { appMemberLinks: [g4.guid] })
  const { s: s4 } = app({ groups: [unrelated, g4], roleAssignments: [ra4] })
  t.ok(holdsCertainly(new LinkResolver(s4), at(s4), ra4, USER))
})

t.test('group cycles are cut without granting', async (t) => {
  const a = group('A', { members: [OTHER] })
  const b = group('B', { appMemberLinks: [a.guid] })
  const a2 = { ...a, appMemberLinks: [b.guid] }
  const ra = roleAssignment('R', { appMemberLinks: [a2.guid] })
  const { s } = app({ groups: [a2, b], roleAssignments: [ra] })
  const r = new LinkResolver(s)
  t.notOk(holdsCertainly(r, at(s), ra, USER))
  t.ok(holdsCertainly(r, at(s), ra, OTHER))
})

t.test('group visibility: store groups everywhere, scope groups only in their scope', async (t) => {
  const storeGroup = group('Store', { members: [USER] })
  const labGroup = group('Lab', { members: [USER] })
  const labRa = roleAssignment('Lab', { appMemberLinks: [labGroup.guid] })
  const prodRa = roleAssignment('Prod', { appMemberLinks: [labGroup.guid] })
  const appRa = roleAssignment('App', { appMemberLinks: [storeGroup.guid, labGroup.guid] })
  const a = application('Hyper-V services', {
    operations: ops,
    roleAssignments: [appRa],
    scopes: [scope('Lab VMs', { groups: [labGroup], roleAssignments: [labRa] }), scope('Production VMs', { roleAssignments: [prodRa] })],
  })
  const s = store({ applications: [a], groups: [storeGroup] })
  const r = new LinkResolver(s)
  t.ok(holdsCertainly(r, at(s, 'Lab VMs'), labRa, USER))
  t.notOk(holdsCertainly(r, at(s, 'Production VMs'), prodRa, USER), 'a group of another scope is out of reach')
  t.ok(holdsCertainly(r, at(s), appRa, USER), 'through the store group')
  const onlyLab = { ...appRa, appMemberLinks: [labGroup.guid] }
  t.notOk(holdsCertainly(r, at(s), onlyLab, USER), 'a scope group is out of reach of the application level')
})

t.test('a store-level group cannot reach application groups', async (t) => {
  // AzMan: a store-level group's AppMemberLink may only name store-level groups (AZ_LINK_NOT_VISIBLE otherwise).
  const appGroup = group('App members', { members: [USER] })
  const storeGroup = group('Store wrapper', { appMemberLinks: [appGroup.guid] })
  const ra = roleAssignment('R', { appMemberLinks: [storeGroup.guid] })
  const { a } = app({ groups: [appGroup], roleAssignments: [ra] })
  const s = store({ applications: [a], groups: [storeGroup] })
  t.notOk(holdsCertainly(new LinkResolver(s), at(s), ra, USER), 'membership through an invisible link is not certain')
})

t.test('application-level operations of a SID, on the delegated sample', async (t) => {
  const s = parseXmlStore(readFileSync(new URL('../../store-samples/hyperv-2008r2-delegated.xml', import.meta.url))).policy
  const a = s.applications[0] as Application
  const r = new LinkResolver(s)
  const of = (sid: string): number[] => ids(a.operations, applicationLevelOperations(r, s, a, sid))
  t.equal(of('S-1-5-32-544').length, 34, 'BUILTIN\\Administrators: every operation')
  t.same(of(USER), [100, 295], 'a VM Operators member: Hyper-V Manager Connect only (the Lab VMs grant is scope-level)')
  t.same(of('S-1-5-21-1004336348-1177238915-682003330-1107'), [], 'the VM Operators non-member: nothing')
  t.same(of('S-1-5-21-1004336348-1177238915-682003330-1130'), [100, 265, 270, 275, 280, 285, 290, 295, 335], 'Hyper-V Auditors (a store group): IT Monitor')
  t.same(of('S-1-5-21-1004336348-1177238915-682003330-1120'), [], 'Production Monitors holds IT Monitor in a scope only')
  t.same(of('S-1-5-21-1004336348-1177238915-682003330-1110'), [], 'Lab Owners: Administrator, but in Lab VMs only')
  t.same(of('S-1-1-0'), [])
})

t.test('application-level operations count application-level role assignments only', async (t) => {
  const rd = roleDefinition('All', { operationLinks: ops.map((o) => o.guid) })
  const inScope = roleAssignment('Scoped', { taskLinks: [rd.guid], members: [USER] })
  const a = application('Hyper-V services', { operations: ops, tasks: [rd], scopes: [scope('Lab VMs', { roleAssignments: [inScope] })] })
  const s = store({ applications: [a] })
  t.same(ids(ops, applicationLevelOperations(new LinkResolver(s), s, a, USER)), [])
  const ag: ApplicationGroup = group('G', { members: [USER] })
  const atApp = { ...a, groups: [ag], roleAssignments: [roleAssignment('App', { taskLinks: [rd.guid], appMemberLinks: [ag.guid] })] }
  const s2 = store({ applications: [atApp] })
  t.same(ids(ops, applicationLevelOperations(new LinkResolver(s2), s2, atApp, USER)), [100, 315, 320, 340, 355])
})
