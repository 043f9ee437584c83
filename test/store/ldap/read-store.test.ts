import t from 'tap'
import { readLdapStore, versionOf } from '../../../src/store/ldap/read-store.js'
import { entry } from './entries.js'

const STORE = 'CN=S,CN=Program Data,DC=lab,DC=test'
const APP = `CN=app-cn,${STORE}`
const G = {
  store: '00000000-0000-4000-8000-000000000001',
  app: '00000000-0000-4000-8000-000000000002',
  op: '00000000-0000-4000-8000-000000000003',
  task: '00000000-0000-4000-8000-000000000004',
  basic: '00000000-0000-4000-8000-000000000005',
  query: '00000000-0000-4000-8000-000000000006',
  role: '00000000-0000-4000-8000-000000000007',
  scope: '00000000-0000-4000-8000-000000000008',
  storeGroup: '00000000-0000-4000-8000-000000000009',
}
/** objectGUIDs differ from the model GUIDs (msDS-AzObjectGuid), except where noted. */
const og = (g: string): string => g.replace(/^00000000/, 'ffffffff')

function entries() {
  return [
    entry(
      STORE,
      og(G.store),
      ['msDS-AzAdminManager'],
      { 'msDS-AzMajorVersion': ['2'], 'msDS-AzMinorVersion': ['0'], description: ['the store'], 'msDS-AzDomainTimeout': ['15000'] },
      { azGuid: G.store },
    ),
    entry(`CN=AzGroupObjectContainer-S,${STORE}`, 'aaaaaaaa-0000-4000-8000-000000000001', ['container']),
    entry(
      `CN=Auditors,CN=AzGroupObjectContainer-S,${STORE}`,
      og(G.storeGroup),
      ['group'],
      { groupType: ['16'], member: [`<GUID=11111111-0000-4000-8000-000000000001>;<SID=S-1-5-21-1-2-3-1130>;CN=S-1-5-21-1-2-3-1130,CN=ForeignSecurityPrincipals,DC=lab,DC=test`] },
      { azGuid: G.storeGroup },
    ),
    entry(APP, og(G.app), ['msDS-AzApplication'], { 'msDS-AzApplicationName': ['Hyper-V services'], 'msDS-AzApplicationVersion': ['6.1'] }, { azGuid: G.app }),
    // An operation straight under the application, with no container: containers are optional.
    entry(`CN=Start,${APP}`, og(G.op), ['msDS-AzOperation'], { 'msDS-AzOperationID': ['315'], cn: ['Start'] }, { azGuid: G.op }),
    entry(`CN=AzTaskObjectContainer-app-cn,${APP}`, 'aaaaaaaa-0000-4000-8000-000000000002', ['container']),
    // A task without msDS-AzObjectGuid (AzMan 1.0): its objectGUID is its GUID.
    entry(`CN=Operator,CN=AzTaskObjectContainer-app-cn,${APP}`, G.task, ['msDS-AzTask'], {
      cn: ['Operator'],
      'msDS-AzTaskIsRoleDefinition': ['TRUE'],
      'msDS-OperationsForAzTask': [`<GUID=${og(G.op)}>;CN=Start,${APP}`],
      'msDS-AzBizRuleLanguage': ['JScript'],
      'msDS-AzBizRule': ['AzBizRuleContext.BusinessRuleResult = true;'],
    }),
    entry(
      `CN=VM Operators,CN=AzGroupObjectContainer-app-cn,${APP}`,
      og(G.basic),
      ['group'],
      {
        cn: ['VM Operators'],
        groupType: ['16'],
        member: [
          `<GUID=22222222-0000-4000-8000-000000000001>;<SID=S-1-5-21-9-9-9-1105>;CN=alice,CN=Users,DC=lab,DC=test`,
          `<GUID=${og(G.query)}>;<SID=S-1-5-21-9-9-9-2001>;CN=Lab Admins,CN=AzGroupObjectContainer-app-cn,${APP}`,
        ],
        'msDS-NonMembers': [
          `<GUID=22222222-0000-4000-8000-000000000002>;<SID=S-1-5-21-9-9-9-1107>;CN=bob,CN=Users,DC=lab,DC=test`,
          `<GUID=${og(G.storeGroup)}>;<SID=S-1-5-21-9-9-9-2002>;CN=Auditors,CN=AzGroupObjectContainer-S,${STORE}`,
        ],
      },
      { azGuid: G.basic },
    ),
    entry(`CN=Lab Admins,CN=AzGroupObjectContainer-app-cn,${APP}`, og(G.query), ['group'], { cn: ['Lab Admins'], groupType: ['32'], 'msDS-AzLDAPQuery': ['(department=Lab)'] }, { azGuid: G.query }),
    entry(`CN=Legacy,CN=AzGroupObjectContainer-app-cn,${APP}`, 'bbbbbbbb-0000-4000-8000-000000000001', ['group'], { cn: ['Legacy'], groupType: ['-2147483646'] }),
    entry(`CN=scope-cn,${APP}`, og(G.scope), ['msDS-AzScope'], { 'msDS-AzScopeName': ['Lab VMs'] }, { azGuid: G.scope }),
    entry(
      `CN=Operators,CN=AzRoleObjectContainer-scope-cn,CN=scope-cn,${APP}`,
      og(G.role),
      ['msDS-AzRole'],
      {
        cn: ['Operators'],
        'msDS-TasksForAzRole': [`<GUID=${G.task}>;CN=Operator,CN=AzTaskObjectContainer-app-cn,${APP}`],
        'msDS-MembersForAzRole': [
          `<GUID=${og(G.basic)}>;<SID=S-1-5-21-9-9-9-2000>;CN=VM Operators,CN=AzGroupObjectContainer-app-cn,${APP}`,
          `<GUID=33333333-0000-4000-8000-000000000001>;<SID=S-1-5-32-544>;CN=Administrators,CN=Builtin,DC=lab,DC=test`,
        ],
      },
      { azGuid: G.role },
    ),
  ]
}

t.test('reads every kind of object, containers or not, and resolves links by objectGUID', async (t) => {
  const { policy, index } = readLdapStore(entries(), STORE, 'test')
  t.match(policy, { majorVersion: '2', minorVersion: '0', guid: G.store, description: 'the store', extras: { attributes: [{ name: 'msDS-AzDomainTimeout', value: '15000' }] } })
  t.same(
    policy.groups.map((g) => [g.name, g.groupType, g.members]),
    [['Auditors', 'Basic', ['S-1-5-21-1-2-3-1130']]],
  )
  const app = policy.applications[0]
  t.match(app, { guid: G.app, name: 'Hyper-V services', version: '6.1' })
  t.same(
    app?.operations.map((o) => [o.guid, o.name, o.operationId]),
    [[G.op, 'Start', '315']],
  )
  t.match(
    app?.tasks[0],
    { guid: G.task, name: 'Operator', roleDefinition: true, operationLinks: [G.op], language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' },
    'objectGUID stands in for a missing msDS-AzObjectGuid',
  )
  const groups = new Map(app?.groups.map((g) => [g.name, g]))
  t.match(
    groups.get('VM Operators'),
    { groupType: 'Basic', members: ['S-1-5-21-9-9-9-1105'], appMemberLinks: [G.query], nonMembers: ['S-1-5-21-9-9-9-1107'], appNonMemberLinks: [G.storeGroup] },
    'member values that are groups of the store become app-member links',
  )
  t.match(groups.get('Lab Admins'), { groupType: 'LdapQuery', ldapQuery: '(department=Lab)' })
  t.equal(groups.get('Legacy')?.groupType, '-2147483646', 'a groupType AzMan does not define is kept as its number, for validate to report')
  t.match(app?.scopes[0]?.roleAssignments[0], { name: 'Operators', taskLinks: [G.task], appMemberLinks: [G.basic], members: ['S-1-5-32-544'] })
  t.equal(index.objects.get(G.role)?.dn, `CN=Operators,CN=AzRoleObjectContainer-scope-cn,CN=scope-cn,${APP}`)
  t.equal(index.objects.get(G.role)?.objectGuid, og(G.role))
  t.equal(index.containers.size, 2)
})

t.test('the version moves with any uSNChanged, add or delete', async (t) => {
  const base = readLdapStore(entries(), STORE, 'test').version
  t.match(base, /^ad:usn=100:n=12:[0-9a-f]{32}$/)
  const bumped = entries().map((e, i) => (i === 4 ? entry(e.dn.replace(/^<[^>]*>;/, ''), og(G.op), ['msDS-AzOperation'], { 'msDS-AzOperationID': ['315'] }, { azGuid: G.op, usn: '101' }) : e))
  t.not(readLdapStore(bumped, STORE, 'test').version, base)
  t.not(readLdapStore(entries().slice(0, -1), STORE, 'test').version, base, 'one object fewer')
  t.equal(
    versionOf([
      { objectGuid: 'b', usn: '2' },
      { objectGuid: 'a', usn: '1' },
    ]),
    versionOf([
      { objectGuid: 'a', usn: '1' },
      { objectGuid: 'b', usn: '2' },
    ]),
    'order of the search does not matter',
  )
})

t.test('what is not a store, or sits where AzMan has no place, is refused', async (t) => {
  t.throws(() => readLdapStore(entries().slice(1), STORE, 'test'), { code: 'AZMAN_ERR_NOT_A_STORE', message: /is not an AzMan store/ })
  const misplaced = [...entries(), entry(`CN=Stray,CN=scope-cn,${APP}`, 'cccccccc-0000-4000-8000-000000000001', ['msDS-AzOperation'], { 'msDS-AzOperationID': ['1'] })]
  t.throws(() => readLdapStore(misplaced, STORE, 'test'), { code: 'AZMAN_ERR_NOT_A_STORE', message: /operation .* sits under a scope/ })
})
