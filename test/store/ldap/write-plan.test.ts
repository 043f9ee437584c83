import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import { NO_EXTRAS, guidKey, type PolicyStore, type Task } from '../../../src/model/policy.js'
import { dnKey, parentDn } from '../../../src/ldap/dn.js'
import type { StoreIndex } from '../../../src/store/ldap/store-index.js'
import { planLdapWrites, type LdapWrite } from '../../../src/store/ldap/write-plan.js'
import { BASE, everyKindOfEdit } from '../contract.js'
import { indexAfterCreate } from './entries.js'

const STORE = 'CN=S,CN=Program Data,DC=lab,DC=test'

function fresh(storeDn: string): StoreIndex {
  return { storeDn, store: { kind: 'store', dn: storeDn, objectGuid: '', usn: '', whenChanged: '' }, objects: new Map(), containers: new Set(), stamps: [] }
}

function createPlan(policy: PolicyStore): LdapWrite[] {
  const empty = { ...policy, applications: [], groups: [] }
  return planLdapWrites(empty, policy, diffPolicies(empty, policy), fresh(STORE), { createStore: true })
}

function update(before: PolicyStore, after: PolicyStore): LdapWrite[] {
  return planLdapWrites(before, after, diffPolicies(before, after), indexAfterCreate(before, STORE))
}

/** Every DN a write creates, and every DN-valued link it writes, must exist by then. */
function assertNoDangling(t: Test, writes: readonly LdapWrite[], existing: Iterable<string> = []): void {
  const known = new Set([...existing].map((d) => dnKey(d)))
  t.ok(
    writes.some((w) => w.type === 'add'),
    `${writes.length} writes, adds among them, to check`,
  )
  for (const w of writes) {
    if (w.type === 'add') {
      t.ok(known.has(dnKey(parentDn(w.dn) ?? '')), `the parent of ${w.dn} exists first`)
      for (const [attribute, values] of Object.entries(w.attributes)) {
        if (!/^(msDS-.*For|member$)/.test(attribute)) continue
        for (const v of values) if (typeof v === 'string' && !v.startsWith('<')) t.ok(known.has(dnKey(v)), `${attribute} of ${w.dn} points to an object created before`)
      }
      known.add(dnKey(w.dn))
    }
  }
}

t.test('a new store: one add per object and per container used, each after its parent and its link targets', async (t) => {
  const writes = createPlan(BASE)
  t.ok(
    writes.every((w) => w.type === 'add'),
    'only adds',
  )
  const objects = BASE.applications.reduce(
    (n, a) => n + 1 + a.operations.length + a.tasks.length + a.roleAssignments.length + a.scopes.reduce((m, s) => m + 1 + s.tasks.length + s.roleAssignments.length, 0),
    0,
  )
  const containers = writes.filter((w) => w.type === 'add' && w.attributes.objectClass?.[0] === 'container').length
  t.equal(writes.length, 1 + objects + containers, `the store, ${objects} objects and ${containers} containers`)
  t.equal(containers, 3 + 2 + 1, 'containers only where something goes: 3 in the application, 2 in Lab VMs, 1 in Production VMs')
  t.equal(writes[0]?.type === 'add' && writes[0].dn, STORE, 'the store first')
  assertNoDangling(t, writes, ['CN=Program Data,DC=lab,DC=test'])
})

t.test('every kind of edit: one write per changed object, links removed before deletes, added after creates', async (t) => {
  const after = everyKindOfEdit(BASE)
  const writes = update(BASE, after)
  const types = writes.map((w) => w.type)
  const count = (type: LdapWrite['type']): number => types.filter((x) => x === type).length
  t.equal(count('rename'), 1, 'the renamed role assignment')
  t.equal(count('delete'), 2, 'the scope (one tree delete) and the task')
  t.ok(
    writes.some((w) => w.type === 'delete' && w.tree && /^CN=d25023ce/.test(w.dn)),
    'the scope goes with Tree Delete',
  )
  const modified = writes.filter((w): w is Extract<LdapWrite, { type: 'modify' }> => w.type === 'modify').map((w) => w.dn)
  t.equal(new Set(modified).size, modified.length, 'one modify per changed object')
  t.equal(count('modify'), 5, 'store, application, task, role assignment (description), role assignment in scope (members)')
  const monitor = writes.find((w) => w.type === 'modify' && w.dn.startsWith('CN=Monitor Virtual Machine,'))
  t.same(
    monitor?.type === 'modify' && monitor.changes.map((c) => [c.operation, c.attribute, c.values.length]),
    [
      ['delete', 'msDS-OperationsForAzTask', 1],
      ['add', 'description', 1],
      ['add', 'msDS-OperationsForAzTask', 1],
    ],
    'values added and deleted one by one (no old description: nothing to delete)',
  )
  const role = writes.find((w) => w.type === 'modify' && w.dn.startsWith('CN=Production Monitors,'))
  t.same(role?.type === 'modify' && role.changes.map((c) => [c.operation, c.attribute, c.values]), [
    ['delete', 'msDS-MembersForAzRole', ['<SID=S-1-5-21-1004336348-1177238915-682003330-1120>']],
    ['add', 'msDS-MembersForAzRole', ['<SID=S-1-5-32-545>']],
  ])
  const store = writes.find((w) => w.type === 'modify' && w.dn === STORE)
  t.same(store?.type === 'modify' && store.changes, [{ operation: 'add', attribute: 'description', values: ['a store description'] }])
  const renameAt = types.indexOf('rename')
  const roleModify = writes.findIndex((w) => w.type === 'modify' && w.dn.startsWith('CN=Auditors (renamed),'))
  t.ok(renameAt >= 0 && roleModify > renameAt, 'the renamed object is modified under its new name, after the rename')
  const adds = writes.filter((w) => w.type === 'add')
  t.equal(adds.filter((w) => w.attributes.objectClass?.[0] !== 'container').length, 4, 'one add per new object: operation, scope, role definition, role assignment')
})

t.test('a delete waits for the writes that remove links to it; a create whose name a deleted object held waits for the delete', async (t) => {
  // Replace task "Connect to Hyper-V Manager" by a new task of the same name; the role definition that linked the old one links the new one.
  const before = BASE
  const old = before.applications[0]?.tasks.find((x) => x.name === 'Connect to Hyper-V Manager') as Task
  const replacement: Task = { ...old, guid: randomUUID(), description: 'new' }
  const after: PolicyStore = {
    ...before,
    applications: before.applications.map((a) => ({
      ...a,
      tasks: a.tasks.map((x) => (x.guid === old.guid ? replacement : x.taskLinks.includes(old.guid) ? { ...x, taskLinks: x.taskLinks.map((l) => (l === old.guid ? replacement.guid : l)) } : x)),
    })),
  }
  const writes = update(before, after)
  const at = (p: (w: LdapWrite) => boolean): number => writes.findIndex(p)
  const removeLink = at((w) => w.type === 'modify' && w.changes.some((c) => c.operation === 'delete'))
  const del = at((w) => w.type === 'delete')
  const add = at((w) => w.type === 'add')
  const addLink = at((w) => w.type === 'modify' && w.changes.some((c) => c.operation === 'add'))
  t.ok(removeLink < del && del < add && add < addLink, `remove link ${removeLink} < delete ${del} < add ${add} < add link ${addLink}`)
  t.equal(writes.length, 4, 'the linking object is modified twice here, because its one modify cannot go both before the delete and after the add')
})

t.test('moving an object (same GUID, other parent) re-points the links to it', async (t) => {
  const before = BASE
  const app = before.applications[0]
  const moved = app?.tasks.find((x) => x.name === 'Use Virtual Machine Console') as Task
  const after: PolicyStore = {
    ...before,
    applications: before.applications.map((a) => ({
      ...a,
      tasks: a.tasks.filter((x) => x.guid !== moved.guid && x.name !== 'Operate Virtual Machine'),
      scopes: a.scopes.map((s) => (s.name === 'Lab VMs' ? { ...s, tasks: [...s.tasks, moved] } : s)),
    })),
  }
  // "Operate Virtual Machine" linked the moved task; drop it and its users to keep the model valid,
  // and link the moved task from the scope's role definition instead.
  const fixed: PolicyStore = {
    ...after,
    applications: after.applications.map((a) => ({
      ...a,
      scopes: a.scopes.map((s) => (s.name === 'Lab VMs' ? { ...s, tasks: s.tasks.map((x) => (x.roleDefinition ? { ...x, taskLinks: [moved.guid] } : x)) } : s)),
    })),
  }
  const writes = update(before, fixed)
  const relinked = writes.filter(
    (w) =>
      w.type === 'modify' &&
      w.changes.some((c) => c.attribute === 'msDS-TasksForAzTask' && c.operation === 'add' && c.values.some((v) => typeof v === 'string' && v.startsWith('CN=Use Virtual Machine Console,'))),
  )
  t.equal(relinked.length, 1, 'the link to the moved task names its new DN')
  t.ok(writes.findIndex((w) => w.type === 'add' && w.dn.startsWith('CN=Use Virtual Machine Console,')) < writes.indexOf(relinked[0] as LdapWrite), 'after it is created')
})

t.test('what AD cannot hold is refused before anything is planned', async (t) => {
  const app = BASE.applications[0]
  if (!app) throw new Error('no app')
  const cases: [string, PolicyStore, RegExp][] = [
    ['an empty description', { ...BASE, applications: [{ ...app, description: '' }] }, /description is empty/],
    [
      'a business-rule group',
      { ...BASE, groups: [{ guid: randomUUID(), name: 'Rule', groupType: 'Bizrule', members: [], nonMembers: [], appMemberLinks: [], appNonMemberLinks: [], extras: NO_EXTRAS }] },
      /business-rule application groups/,
    ],
    [
      'a name longer than a cn',
      { ...BASE, applications: [{ ...app, operations: [...app.operations, { guid: randomUUID(), name: 'x'.repeat(65), operationId: '7', extras: NO_EXTRAS }] }] },
      /longer than 64 characters/,
    ],
    [
      'a non-numeric OperationID',
      { ...BASE, applications: [{ ...app, operations: [...app.operations, { guid: randomUUID(), name: 'Odd', operationId: ' 7', extras: NO_EXTRAS }] }] },
      /not a plain decimal integer/,
    ],
    ['an XML element AD has no place for', { ...BASE, applications: [{ ...app, extras: { attributes: [], elements: [{ name: 'Custom', markup: '<Custom/>' }] } }] }, /<Custom> has no place/],
    ['a member that is not a SID', { ...BASE, applications: [{ ...app, roleAssignments: app.roleAssignments.map((r, i) => (i === 0 ? { ...r, members: ['CN=alice'] } : r)) }] }, /is not a SID/],
  ]
  for (const [what, policy, message] of cases) {
    t.throws(() => createPlan(policy), { code: 'AZMAN_ERR_CHANGE_UNWRITABLE', exitCode: 4, message }, what)
  }
  const carried = createPlan({ ...BASE, extras: { attributes: [{ name: 'msDS-AzDomainTimeout', value: '15000' }], elements: [] } })
  t.match(carried[0], { type: 'add', attributes: { 'msDS-AzDomainTimeout': ['15000'] } }, 'attributes carried from an AD store go back to AD')
})

t.test('members are written <SID=...>; links to existing objects <GUID=...>', async (t) => {
  const before = BASE
  const app = before.applications[0]
  const role = app?.roleAssignments.find((r) => r.name === 'Administrator')
  const after: PolicyStore = {
    ...before,
    applications: before.applications.map((a) => ({
      ...a,
      roleAssignments: a.roleAssignments.map((r) => (r === role ? { ...r, members: [...r.members, 'S-1-5-21-1-2-3-1001'], operationLinks: [app?.operations[0]?.guid ?? ''] } : r)),
    })),
  }
  const writes = update(before, after)
  t.equal(writes.length, 1, 'one modify')
  const index = indexAfterCreate(before, STORE)
  t.match(writes[0], {
    type: 'modify',
    changes: [
      { operation: 'add', attribute: 'msDS-OperationsForAzRole', values: [`<GUID=${index.objects.get(guidKey(app?.operations[0]?.guid ?? ''))?.objectGuid}>`] },
      { operation: 'add', attribute: 'msDS-MembersForAzRole', values: ['<SID=S-1-5-21-1-2-3-1001>'] },
    ],
  })
})
