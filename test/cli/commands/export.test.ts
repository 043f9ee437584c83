import t from 'tap'
import { azman, sample, realStore } from '../run-cli.js'

interface Exported {
  applications: {
    name: string
    operations: { name: string; id: number | string; guid: string }[]
    tasks: { name: string; roleDefinition: boolean; operations: (number | string)[]; tasks: string[]; bizRule: unknown }[]
    roles: { name: string; tasks: string[]; members: string[]; appMembers: string[] }[]
    groups: { name: string; type: string; members: string[]; nonMembers: string[]; appMembers: string[]; ldapQuery: string | null }[]
    scopes: { name: string; tasks: unknown[]; roles: { name: string; tasks: string[]; appMembers: string[] }[]; groups: unknown[] }[]
  }[]
  groups: { name: string; type: string }[]
}

t.test('export --json follows the documented shape', async (t) => {
  const run = await azman('export', sample('hyperv-2008r2-delegated.xml'), '--json')
  t.equal(run.code, 0)
  const store = JSON.parse(run.stdout) as Exported
  t.same(Object.keys(store), ['majorVersion', 'minorVersion', 'applications', 'groups'])
  const app = store.applications[0]
  if (!app) throw new Error('no application')
  t.same(Object.keys(app), ['name', 'guid', 'operations', 'tasks', 'roles', 'groups', 'scopes'])
  t.same(
    app.operations.find((o) => o.id === 315),
    { name: 'Start Virtual Machine', id: 315, guid: app.operations.find((o) => o.id === 315)?.guid },
  )
  t.match(
    app.tasks.find((x) => x.name === 'Operate Virtual Machine'),
    { roleDefinition: false, operations: [335], tasks: ['Use Virtual Machine Console', 'Operate Virtual Machine Power'], bizRule: null },
  )
  t.match(
    app.tasks.find((x) => x.name === 'Operate Virtual Machine In Hours'),
    { bizRule: { language: 'JScript', script: /AzBizRuleContext\.BusinessRuleResult = \(day > 0 && day < 6/, importedPath: null } },
  )
  t.match(
    app.roles.find((r) => r.name === 'Hyper-V Manager Connect'),
    { tasks: ['Hyper-V Manager Connect'], members: ['S-1-5-21-1004336348-1177238915-682003330-1108'], appMembers: ['VM Operators'] },
  )
  t.match(
    app.groups.find((g) => g.name === 'VM Operators'),
    { type: 'Basic', nonMembers: ['S-1-5-21-1004336348-1177238915-682003330-1107'], ldapQuery: null },
  )
  t.match(
    app.groups.find((g) => g.name === 'Hyper-V Lab Admins'),
    { type: 'LdapQuery', ldapQuery: '(&(objectCategory=person)(objectClass=user)(department=Lab))' },
  )
  const lab = app.scopes.find((s) => s.name === 'Lab VMs')
  t.match(
    lab?.roles.find((r) => r.name === 'Lab Administrators'),
    { tasks: ['Administrator'], appMembers: ['Lab Owners', 'Hyper-V Lab Admins'] },
    'scope roles see application-level definitions and groups',
  )
  t.same(
    store.groups.map((g) => g.name),
    ['Hyper-V Auditors'],
  )
})

t.test('export keeps store-level attributes and BizRule groups of a schema 2.0 store', async (t) => {
  const run = await azman('export', realStore('ms-azmp-example-v2.xml'), '--json')
  const store = JSON.parse(run.stdout) as Exported & { majorVersion: string; guid: string; description: string }
  t.match(store, { majorVersion: '2', guid: 'c5217693-1a84-48ee-a9ae-65f0e10bd314', description: 'This is the description' })
  t.match(
    store.applications[0]?.groups.find((g) => g.name.startsWith('App Group #1')),
    { appMembers: ['AzMan Global Group#2 LDAP Query Application Group'] },
  )
  t.same(
    store.groups.map((g) => g.type),
    ['Basic', 'LdapQuery', 'Bizrule'],
  )
  t.match(store.applications[0]?.roles[0], { appMembers: ['App Group #1 - Basic', 'AzMan Global Group#1 Basic Application Group'] })
})
