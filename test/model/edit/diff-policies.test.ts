import { readFileSync } from 'node:fs'
import t from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import type { EditableKind, EditableList, ParentRef, PolicyEdit } from '../../../src/model/edit/policy-edit.js'
import type { Application, ApplicationGroup, Operation, PolicyStore, RoleAssignment, Scope, Task } from '../../../src/model/policy.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { application, g, group, operation, replace, roleAssignment, roleDefinition, scope, store, task, without } from '../factories.js'

// A store with something of every kind at every level; GUIDs fixed so edits can be spelled out.
const storeGroup = group('Auditors', { guid: g(1), description: 'store group', members: ['S-1-5-32-544'] })
const op = operation('Read', '100', { guid: g(10) })
const appGroup = group('Operators', { guid: g(11), members: ['S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1002'], appMemberLinks: [g(1)] })
const appTask = task('Monitor', { guid: g(12), operationLinks: [g(10)], language: 'JScript', script: 'x' })
const appRa = roleAssignment('Admins', { guid: g(13), taskLinks: [g(12)], members: ['S-1-5-32-544'] })
const scopeTask = roleDefinition('Lab Role', { guid: g(20), taskLinks: [g(12)] })
const scopeGroup = group('Lab Owners', { guid: g(21) })
const scopeRa = roleAssignment('Lab RA', { guid: g(22), appMemberLinks: [g(21)] })
const lab = scope('Lab', { guid: g(2), tasks: [scopeTask], groups: [scopeGroup], roleAssignments: [scopeRa] })
const prod = scope('Prod', { guid: g(3) })
const app = application('Hyper-V', { guid: g(4), version: '1.0', operations: [op], groups: [appGroup], tasks: [appTask], roleAssignments: [appRa], scopes: [lab, prod] })
const base = store({ guid: g(5), groups: [storeGroup], applications: [app] })

const STORE: ParentRef = {}
const APP: ParentRef = { application: g(4) }
const LAB: ParentRef = { application: g(4), scope: g(2) }
const PROD: ParentRef = { application: g(4), scope: g(3) }

/** The base store with the application replaced. */
const withApp = (next: Application): PolicyStore => ({ ...base, applications: [next] })
const withLab = (next: Scope): PolicyStore => withApp({ ...app, scopes: replace(app.scopes, lab, next) })
const withOp = (next: Operation): PolicyStore => withApp({ ...app, operations: [next] })
const withTask = (next: Task): PolicyStore => withApp({ ...app, tasks: [next] })
const withRa = (next: RoleAssignment): PolicyStore => withApp({ ...app, roleAssignments: [next] })
const withGroup = (next: ApplicationGroup): PolicyStore => withApp({ ...app, groups: [next] })

t.test('identical stores give no edits', async (t) => {
  t.same(diffPolicies(base, base), [])
  t.same(diffPolicies(base, structuredClone(base)), [], 'equal but not the same objects')
  t.same(diffPolicies(store(), store()), [])
})

t.test('store fields', async (t) => {
  t.same(diffPolicies(base, { ...base, description: 'New' }), [{ type: 'set-store', field: 'description', from: undefined, value: 'New' }])
  const described = { ...base, description: 'Old' }
  t.same(diffPolicies(described, base), [{ type: 'set-store', field: 'description', from: 'Old', value: undefined }], 'removed')
  t.same(diffPolicies(base, { ...base, majorVersion: '1', minorVersion: '5' }), [
    { type: 'set-store', field: 'majorVersion', from: '2', value: '1' },
    { type: 'set-store', field: 'minorVersion', from: '0', value: '5' },
  ])
})

t.test('each field change is one set edit', async (t) => {
  const set = (parent: ParentRef, kind: EditableKind, guid: string, field: string, from: string | undefined, value: string | undefined): PolicyEdit =>
    ({ type: 'set', parent, kind, guid, field, from, value }) as PolicyEdit
  const cases: [string, PolicyStore, PolicyEdit][] = [
    ['application name', withApp({ ...app, name: 'Hyper-V 2' }), set(STORE, 'application', g(4), 'name', 'Hyper-V', 'Hyper-V 2')],
    ['application description', withApp({ ...app, description: 'd' }), set(STORE, 'application', g(4), 'description', undefined, 'd')],
    ['application version', withApp({ ...app, version: '2.0' }), set(STORE, 'application', g(4), 'version', '1.0', '2.0')],
    ['application version removed', withApp(without(app, 'version')), set(STORE, 'application', g(4), 'version', '1.0', undefined)],
    ['operation name', withOp({ ...op, name: 'Read2' }), set(APP, 'operation', g(10), 'name', 'Read', 'Read2')],
    ['operation description', withOp({ ...op, description: '' }), set(APP, 'operation', g(10), 'description', undefined, '')],
    ['operation id', withOp({ ...op, operationId: '101' }), set(APP, 'operation', g(10), 'operationId', '100', '101')],
    ['task name', withTask({ ...appTask, name: 'M' }), set(APP, 'task', g(12), 'name', 'Monitor', 'M')],
    ['task description', withTask({ ...appTask, description: 'd' }), set(APP, 'task', g(12), 'description', undefined, 'd')],
    ['task script', withTask({ ...appTask, script: 'y' }), set(APP, 'task', g(12), 'script', 'x', 'y')],
    ['task language', withTask({ ...appTask, language: 'VBScript' }), set(APP, 'task', g(12), 'language', 'JScript', 'VBScript')],
    ['task imported path', withTask({ ...appTask, importedPath: 'C:\\r.js' }), set(APP, 'task', g(12), 'importedPath', undefined, 'C:\\r.js')],
    ['task script removed', withTask(without(appTask, 'script')), set(APP, 'task', g(12), 'script', 'x', undefined)],
    ['role assignment name', withRa({ ...appRa, name: 'A' }), set(APP, 'role-assignment', g(13), 'name', 'Admins', 'A')],
    ['role assignment description', withRa({ ...appRa, description: 'd' }), set(APP, 'role-assignment', g(13), 'description', undefined, 'd')],
    ['group name', withGroup({ ...appGroup, name: 'Ops' }), set(APP, 'group', g(11), 'name', 'Operators', 'Ops')],
    ['group description', withGroup({ ...appGroup, description: 'd' }), set(APP, 'group', g(11), 'description', undefined, 'd')],
    ['group type', withGroup({ ...appGroup, groupType: 'LdapQuery' }), set(APP, 'group', g(11), 'groupType', 'Basic', 'LdapQuery')],
    ['group LDAP query', withGroup({ ...appGroup, ldapQuery: '(cn=x)' }), set(APP, 'group', g(11), 'ldapQuery', undefined, '(cn=x)')],
    ['group script', withGroup({ ...appGroup, script: 's' }), set(APP, 'group', g(11), 'script', undefined, 's')],
    ['group language', withGroup({ ...appGroup, language: 'JScript' }), set(APP, 'group', g(11), 'language', undefined, 'JScript')],
    ['group imported path', withGroup({ ...appGroup, importedPath: 'p' }), set(APP, 'group', g(11), 'importedPath', undefined, 'p')],
    ['store group name', { ...base, groups: [{ ...storeGroup, name: 'Aud' }] }, set(STORE, 'group', g(1), 'name', 'Auditors', 'Aud')],
    ['store group description removed', { ...base, groups: [without(storeGroup, 'description')] }, set(STORE, 'group', g(1), 'description', 'store group', undefined)],
    ['scope name', withLab({ ...lab, name: 'Lab 2' }), set(APP, 'scope', g(2), 'name', 'Lab', 'Lab 2')],
    ['scope description', withLab({ ...lab, description: 'd' }), set(APP, 'scope', g(2), 'description', undefined, 'd')],
    ['scope task name', withLab({ ...lab, tasks: [{ ...scopeTask, name: 'R' }] }), set(LAB, 'task', g(20), 'name', 'Lab Role', 'R')],
    ['scope group name', withLab({ ...lab, groups: [{ ...scopeGroup, name: 'O' }] }), set(LAB, 'group', g(21), 'name', 'Lab Owners', 'O')],
    ['scope role assignment name', withLab({ ...lab, roleAssignments: [{ ...scopeRa, name: 'R' }] }), set(LAB, 'role-assignment', g(22), 'name', 'Lab RA', 'R')],
  ]
  for (const [label, after, edit] of cases) t.same(diffPolicies(base, after), [edit], label)
})

t.test('role definition flag', async (t) => {
  t.same(diffPolicies(base, withTask({ ...appTask, roleDefinition: true })), [{ type: 'set', parent: APP, kind: 'task', guid: g(12), field: 'roleDefinition', from: undefined, value: 'True' }])
  t.same(diffPolicies(base, withLab({ ...lab, tasks: [{ ...scopeTask, roleDefinition: false }] })), [
    { type: 'set', parent: LAB, kind: 'task', guid: g(20), field: 'roleDefinition', from: 'True', value: undefined },
  ])
})

t.test('list values are added and removed one at a time', async (t) => {
  const edit = (type: 'add' | 'remove', parent: ParentRef, kind: EditableKind, guid: string, list: EditableList, value: string): PolicyEdit => ({
    type,
    parent,
    kind,
    guid,
    list,
    value,
  })
  const cases: [string, PolicyStore, PolicyEdit[]][] = [
    ['task operation link added', withTask({ ...appTask, operationLinks: [g(10), g(99)] }), [edit('add', APP, 'task', g(12), 'operationLinks', g(99))]],
    ['task operation link removed', withTask({ ...appTask, operationLinks: [] }), [edit('remove', APP, 'task', g(12), 'operationLinks', g(10))]],
    ['task link added', withTask({ ...appTask, taskLinks: [g(98)] }), [edit('add', APP, 'task', g(12), 'taskLinks', g(98))]],
    [
      'role assignment lists',
      withRa({ ...appRa, taskLinks: [], operationLinks: [g(10)], appMemberLinks: [g(11)], members: ['S-1-5-32-544', 'S-1-1-0'] }),
      [
        edit('remove', APP, 'role-assignment', g(13), 'taskLinks', g(12)),
        edit('add', APP, 'role-assignment', g(13), 'operationLinks', g(10)),
        edit('add', APP, 'role-assignment', g(13), 'appMemberLinks', g(11)),
        edit('add', APP, 'role-assignment', g(13), 'members', 'S-1-1-0'),
      ],
    ],
    [
      'group lists',
      withGroup({ ...appGroup, members: ['S-1-5-21-1-2-3-1002'], nonMembers: ['S-1-5-21-1-2-3-1003'], appMemberLinks: [], appNonMemberLinks: [g(1)] }),
      [
        edit('remove', APP, 'group', g(11), 'members', 'S-1-5-21-1-2-3-1001'),
        edit('add', APP, 'group', g(11), 'nonMembers', 'S-1-5-21-1-2-3-1003'),
        edit('remove', APP, 'group', g(11), 'appMemberLinks', g(1)),
        edit('add', APP, 'group', g(11), 'appNonMemberLinks', g(1)),
      ],
    ],
    ['scope role assignment link', withLab({ ...lab, roleAssignments: [{ ...scopeRa, appMemberLinks: [g(21), g(1)] }] }), [edit('add', LAB, 'role-assignment', g(22), 'appMemberLinks', g(1))]],
    ['store group member', { ...base, groups: [{ ...storeGroup, members: [] }] }, [edit('remove', STORE, 'group', g(1), 'members', 'S-1-5-32-544')]],
    ['reordered lists are unchanged', withGroup({ ...appGroup, members: [...appGroup.members].reverse() }), []],
  ]
  for (const [label, after, edits] of cases) t.same(diffPolicies(base, after), edits, label)
})

t.test('lists are multisets', async (t) => {
  const before = withTask({ ...appTask, operationLinks: [g(1), g(1), g(2)] })
  const after = withTask({ ...appTask, operationLinks: [g(1), g(2), g(2)] })
  t.same(diffPolicies(before, after), [
    { type: 'remove', parent: APP, kind: 'task', guid: g(12), list: 'operationLinks', value: g(1) },
    { type: 'add', parent: APP, kind: 'task', guid: g(12), list: 'operationLinks', value: g(2) },
  ])
  const dupMembers = withGroup({ ...appGroup, members: ['S-1-1-0', 'S-1-1-0'] })
  t.same(
    diffPolicies(dupMembers, withGroup({ ...appGroup, members: ['S-1-1-0'] })),
    [{ type: 'remove', parent: APP, kind: 'group', guid: g(11), list: 'members', value: 'S-1-1-0' }],
    'one of two equal values removed',
  )
})

t.test('GUID links compare case-insensitively, SIDs exactly', async (t) => {
  const upper = `{${g(10).toUpperCase()}}`
  t.same(diffPolicies(base, withTask({ ...appTask, operationLinks: [upper] })), [], 'the same GUID in another case and with braces')
  t.same(diffPolicies(base, withRa({ ...appRa, taskLinks: [g(12).toUpperCase()] })), [])
  t.same(diffPolicies(base, withRa({ ...appRa, members: ['s-1-5-32-544'] })), [
    { type: 'remove', parent: APP, kind: 'role-assignment', guid: g(13), list: 'members', value: 'S-1-5-32-544' },
    { type: 'add', parent: APP, kind: 'role-assignment', guid: g(13), list: 'members', value: 's-1-5-32-544' },
  ])
  const nonMember = withGroup({ ...appGroup, nonMembers: ['S-1-1-0'] })
  t.same(
    diffPolicies(nonMember, withGroup({ ...appGroup, nonMembers: ['s-1-1-0'] })).map((e) => e.type),
    ['remove', 'add'],
    'non-members are SIDs too',
  )
})

t.test('objects are matched by GUID, whatever its case', async (t) => {
  const renamedGuid = withOp({ ...op, guid: g(10).toUpperCase() })
  t.same(diffPolicies(base, renamedGuid), [])
  const twoOps = withApp({ ...app, operations: [op, operation('Write', '200', { guid: g(14) })] })
  t.same(diffPolicies(twoOps, withApp({ ...app, operations: [...twoOps.applications[0]!.operations].reverse() })), [], 'reordering is not an edit')
})

t.test('create and delete at every level', async (t) => {
  const newStoreGroup = group('New', { guid: g(100) })
  t.same(diffPolicies(base, { ...base, groups: [storeGroup, newStoreGroup] }), [{ type: 'create', parent: STORE, kind: 'group', object: newStoreGroup }])
  t.same(diffPolicies(base, { ...base, groups: [] }), [{ type: 'delete', parent: STORE, kind: 'group', guid: g(1), name: 'Auditors' }])

  const newApp = application('Other', { guid: g(101), operations: [operation('X', '1', { guid: g(102) })] })
  t.same(diffPolicies(base, { ...base, applications: [app, newApp] }), [{ type: 'create', parent: STORE, kind: 'application', object: newApp }], 'one edit with everything inside')
  t.same(diffPolicies(base, { ...base, applications: [] }), [{ type: 'delete', parent: STORE, kind: 'application', guid: g(4), name: 'Hyper-V' }])

  const newOp = operation('Write', '101', { guid: g(103) })
  t.same(diffPolicies(base, withApp({ ...app, operations: [op, newOp] })), [{ type: 'create', parent: APP, kind: 'operation', object: newOp }])
  t.same(diffPolicies(base, withApp({ ...app, operations: [] })), [{ type: 'delete', parent: APP, kind: 'operation', guid: g(10), name: 'Read' }])
  const newRd = roleDefinition('RD', { guid: g(104) })
  t.same(diffPolicies(base, withApp({ ...app, tasks: [appTask, newRd] })), [{ type: 'create', parent: APP, kind: 'task', object: newRd }], 'a role definition is a task')
  const newScope = scope('Test', { guid: g(105), tasks: [task('T', { guid: g(106) })] })
  t.same(diffPolicies(base, withApp({ ...app, scopes: [lab, prod, newScope] })), [{ type: 'create', parent: APP, kind: 'scope', object: newScope }])
  t.same(diffPolicies(base, withApp({ ...app, scopes: [lab] })), [{ type: 'delete', parent: APP, kind: 'scope', guid: g(3), name: 'Prod' }])
  t.same(diffPolicies(base, withApp({ ...app, roleAssignments: [] })), [{ type: 'delete', parent: APP, kind: 'role-assignment', guid: g(13), name: 'Admins' }])

  const newScopeGroup = group('SG', { guid: g(107) })
  t.same(diffPolicies(base, withLab({ ...lab, groups: [scopeGroup, newScopeGroup] })), [{ type: 'create', parent: LAB, kind: 'group', object: newScopeGroup }])
  t.same(diffPolicies(base, withLab({ ...lab, tasks: [] })), [{ type: 'delete', parent: LAB, kind: 'task', guid: g(20), name: 'Lab Role' }])
  const newScopeRa = roleAssignment('RA2', { guid: g(108) })
  t.same(diffPolicies(base, withLab({ ...lab, roleAssignments: [scopeRa, newScopeRa] })), [{ type: 'create', parent: LAB, kind: 'role-assignment', object: newScopeRa }])
})

t.test('a replaced object is a delete, then a create', async (t) => {
  const newOp = operation('Read', '100', { guid: g(110) })
  t.same(diffPolicies(base, withOp(newOp)), [
    { type: 'delete', parent: APP, kind: 'operation', guid: g(10), name: 'Read' },
    { type: 'create', parent: APP, kind: 'operation', object: newOp },
  ])
})

t.test('an object moved between scopes is a delete and a create', async (t) => {
  const moved: PolicyStore = withApp({
    ...app,
    scopes: [
      { ...lab, tasks: [] },
      { ...prod, tasks: [scopeTask] },
    ],
  })
  t.same(diffPolicies(base, moved), [
    { type: 'delete', parent: LAB, kind: 'task', guid: g(20), name: 'Lab Role' },
    { type: 'create', parent: PROD, kind: 'task', object: scopeTask },
  ])
  const toApp: PolicyStore = withApp({ ...app, groups: [appGroup, scopeGroup], scopes: [{ ...lab, groups: [] }, prod] })
  t.same(
    diffPolicies(base, toApp),
    [
      { type: 'create', parent: APP, kind: 'group', object: scopeGroup },
      { type: 'delete', parent: LAB, kind: 'group', guid: g(21), name: 'Lab Owners' },
    ],
    'from a scope to the application level',
  )
  const toStore: PolicyStore = { ...withApp({ ...app, groups: [] }), groups: [storeGroup, appGroup] }
  t.same(
    diffPolicies(base, toStore),
    [
      { type: 'create', parent: STORE, kind: 'group', object: appGroup },
      { type: 'delete', parent: APP, kind: 'group', guid: g(11), name: 'Operators' },
    ],
    'from the application level to the store level',
  )
})

t.test('several changes in one diff', async (t) => {
  const after = {
    ...base,
    description: 'd',
    applications: [{ ...app, name: 'HV', operations: [{ ...op, operationId: '7' }], scopes: [lab] }],
  }
  t.same(diffPolicies(base, after), [
    { type: 'set-store', field: 'description', from: undefined, value: 'd' },
    { type: 'set', parent: STORE, kind: 'application', guid: g(4), field: 'name', from: 'Hyper-V', value: 'HV' },
    { type: 'set', parent: APP, kind: 'operation', guid: g(10), field: 'operationId', from: '100', value: '7' },
    { type: 'delete', parent: APP, kind: 'scope', guid: g(3), name: 'Prod' },
  ])
})

t.test('a real store diffed against itself and against an edited copy', async (t) => {
  const file = new URL('../../../store-samples/hyperv-2008r2-delegated.xml', import.meta.url)
  const policy = parseXmlStore(readFileSync(file)).policy
  const again = parseXmlStore(readFileSync(file)).policy
  t.same(diffPolicies(policy, again), [], 'two parses of the same file')
  const hv = policy.applications[0]
  if (!hv) throw new Error('no application')
  const lab = hv.scopes.find((s) => s.name === 'Lab VMs')
  if (!lab) throw new Error('no Lab VMs scope')
  const ra = lab.roleAssignments[0]
  if (!ra) throw new Error('no role assignment in Lab VMs')
  const edited: PolicyStore = {
    ...policy,
    applications: [{ ...hv, scopes: replace(hv.scopes, lab, { ...lab, roleAssignments: replace(lab.roleAssignments, ra, { ...ra, members: [...ra.members, 'S-1-5-21-1-2-3-1500'] }) }) }],
  }
  t.same(diffPolicies(policy, edited), [{ type: 'add', parent: { application: hv.guid, scope: lab.guid }, kind: 'role-assignment', guid: ra.guid, list: 'members', value: 'S-1-5-21-1-2-3-1500' }])
})

t.test('two objects with one GUID (AZ_DUPLICATE_GUID) each pair with their own counterpart', async (t) => {
  // Regression: the second of two objects sharing a GUID was reported deleted and created again, so
  // every write to such a store failed its read-back check.
  const read = operation('Read', '1', { guid: g(30) })
  const write = operation('Write', '2', { guid: g(30) })
  const dup = application('Dup', { guid: g(31), operations: [read, write] })
  const before = store({ applications: [dup] })
  t.same(diffPolicies(before, store({ applications: [{ ...dup, operations: [{ ...read }, { ...write }] }] })), [], 'equal copies: no edit')
  t.same(
    diffPolicies(before, store({ applications: [{ ...dup, operations: [read, { ...write, description: 'w' }] }] })),
    [{ type: 'set', parent: { application: g(31) }, kind: 'operation', guid: g(30), field: 'description', from: undefined, value: 'w' }],
    'a change to the second is a change to the second',
  )
  t.same(
    diffPolicies(before, store({ applications: [{ ...dup, operations: [write] }] })),
    [{ type: 'delete', parent: { application: g(31) }, kind: 'operation', guid: g(30), name: 'Read' }],
    'the very same object is paired first: deleting the first deletes the first',
  )
})
