/**
 * Hostile cases for `diffStores` / `accessDelta`: equal stores written
 * differently, one member added, absent versus empty attributes, and changes
 * whose effect shows only for a token of several SIDs (non-member entries).
 */
import t from 'tap'
import { AccessIndex, checkAccess } from '../../src/access/index.js'
import { accessDelta } from '../../src/diff/access-delta.js'
import { diffStores } from '../../src/diff/store-diff.js'
import type { Application, ApplicationGroup, PolicyStore, Scope } from '../../src/model/policy.js'
import { loadStoreFile } from '../access/fixture.js'
import { sample, realStore } from '../cli/run-cli.js'
import { application, group, operation, roleAssignment, roleDefinition, scope, store } from '../model/factories.js'

const S = 'S-1-5-21-1-2-3-1001'
const X = 'S-1-5-21-1-2-3-1002'

/** The same store with every list reversed and every GUID spelled in upper case with braces. */
function rewritten(s: PolicyStore): PolicyStore {
  const G = (guid: string): string => `{${guid.toUpperCase()}}`
  const grp = (g: ApplicationGroup): ApplicationGroup => ({
    ...g,
    guid: G(g.guid),
    members: [...g.members].reverse(),
    nonMembers: [...g.nonMembers].reverse(),
    appMemberLinks: g.appMemberLinks.map(G).reverse(),
    appNonMemberLinks: g.appNonMemberLinks.map(G).reverse(),
  })
  const container = <C extends Application | Scope>(c: C): C => ({
    ...c,
    guid: G(c.guid),
    groups: c.groups.map(grp).reverse(),
    tasks: c.tasks.map((x) => ({ ...x, guid: G(x.guid), operationLinks: x.operationLinks.map(G).reverse(), taskLinks: x.taskLinks.map(G).reverse() })).reverse(),
    roleAssignments: c.roleAssignments
      .map((r) => ({
        ...r,
        guid: G(r.guid),
        taskLinks: r.taskLinks.map(G).reverse(),
        operationLinks: r.operationLinks.map(G).reverse(),
        appMemberLinks: r.appMemberLinks.map(G).reverse(),
        members: [...r.members].reverse(),
      }))
      .reverse(),
  })
  return {
    ...s,
    groups: s.groups.map(grp).reverse(),
    applications: s.applications
      .map((a) => ({ ...container(a), operations: a.operations.map((o) => ({ ...o, guid: G(o.guid) })).reverse(), scopes: a.scopes.map((sc) => container(sc)).reverse() }))
      .reverse(),
  }
}

t.test('reordered stores with GUIDs spelled differently: no difference at all', async (t) => {
  for (const path of [sample('hyperv-2008r2-delegated.xml'), realStore('ms-azmp-example-v2.xml'), realStore('windows-sdk-asp-AzStore.xml')]) {
    const a = loadStoreFile(path)
    const d = diffStores(a, rewritten(a))
    t.same(d.objects, [], `${path}: no object change`)
    t.same(d.access, [], `${path}: no access change`)
    t.ok(d.same)
  }
})

/** App with Read (1), Write (2), role definition Reader (Read) and Writer (Read, Write), scope Lab. */
function base(labGroupMembers: string[], extra: Partial<ApplicationGroup> = {}): PolicyStore {
  const readOp = operation('Read', '1', { guid: '10000000-0000-4000-8000-000000000001' })
  const writeOp = operation('Write', '2', { guid: '10000000-0000-4000-8000-000000000002' })
  const reader = roleDefinition('Reader', { guid: '20000000-0000-4000-8000-000000000001', operationLinks: [readOp.guid] })
  const writer = roleDefinition('Writer', { guid: '20000000-0000-4000-8000-000000000002', operationLinks: [readOp.guid, writeOp.guid] })
  const labGroup = group('Lab Writers', { guid: '30000000-0000-4000-8000-000000000001', members: labGroupMembers, ...extra })
  const lab = scope('Lab', {
    guid: '40000000-0000-4000-8000-000000000001',
    groups: [labGroup],
    roleAssignments: [roleAssignment('Lab Writers', { guid: '50000000-0000-4000-8000-000000000001', taskLinks: [writer.guid], appMemberLinks: [labGroup.guid] })],
  })
  const app = application('App', {
    guid: '60000000-0000-4000-8000-000000000001',
    operations: [readOp, writeOp],
    tasks: [reader, writer],
    roleAssignments: [roleAssignment('Readers', { guid: '50000000-0000-4000-8000-000000000002', taskLinks: [reader.guid], members: [X] })],
    scopes: [lab, scope('Prod', { guid: '40000000-0000-4000-8000-000000000002' })],
  })
  return store({ applications: [app] })
}

t.test('a member added to a scope group: exactly that principal gains exactly those operations in that scope', async (t) => {
  const d = diffStores(base([X]), base([X, S]))
  t.notOk(d.same)
  const gains = d.access.map((c) => `${c.scope ?? '(app)'} ${c.principal.sid ?? 'others'} ${c.operation.id} ${c.before}>${c.after}`).sort()
  t.same(gains, ['Lab S-1-5-21-1-2-3-1001 1 denied>granted', 'Lab S-1-5-21-1-2-3-1001 2 denied>granted'])
  t.equal(d.objects.length, 1, 'one object changed: the group')
})

t.test('absent and empty optional attributes are equal', async (t) => {
  const a = base([X], { description: '' })
  const b = base([X])
  const d = diffStores(a, b)
  t.same(d.objects, [])
  t.ok(d.same)
})

t.test('changes visible only to a token of several SIDs are part of the access delta', async (t) => {
  // A non-member entry only matters for a principal that holds a member SID too: the user S is in
  // the group through X (say X is a Windows group S belongs to), and S is listed as a non-member.
  t.test('removing a non-member SID: the excluded principal gains access', async (t) => {
    const before = base([X], { nonMembers: [S] })
    const after = base([X])
    const delta = accessDelta(before, after)
    // Check itself says the principal {S, X} gains Write in Lab:
    const op = [2]
    const then = checkAccess(AccessIndex.build(before, 'App'), { scope: 'Lab', sids: [S, X], operations: op })[0]?.decision
    const now = checkAccess(AccessIndex.build(after, 'App'), { scope: 'Lab', sids: [S, X], operations: op })[0]?.decision
    t.same([then, now], ['denied', 'granted'], 'the evaluator sees the gain')
    t.ok(
      delta.some((c) => c.change === 'gained' && c.scope === 'Lab' && c.operation.id === 2),
      'the delta reports a gain of Write in Lab (for S, who was excluded)',
    )
    t.notOk(diffStores(before, after).same)
  })
  t.test('adding a non-member SID: the excluded principal loses access', async (t) => {
    const delta = accessDelta(base([X]), base([X], { nonMembers: [S] }))
    t.ok(
      delta.some((c) => c.change === 'lost' && c.scope === 'Lab' && c.operation.id === 2),
      'the delta reports the loss of Write in Lab',
    )
  })
})

t.test('a member added at application level is reported once, at application level', async (t) => {
  const before = base([X])
  const app = before.applications[0] as Application
  const after = store({ applications: [{ ...app, roleAssignments: app.roleAssignments.map((r) => ({ ...r, members: [...r.members, S] })) }] })
  const delta = accessDelta(before, after)
  const lines = delta.map((c) => `${c.scope ?? '(app)'} ${c.principal.sid ?? 'others'} ${c.operation.id} ${c.change}`).sort()
  t.same(lines, ['(app) S-1-5-21-1-2-3-1001 1 gained'], 'not repeated in Lab and Prod')
})
