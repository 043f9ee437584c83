import t from 'tap'
import { AccessIndex, checkAccess } from '../../src/access/index.js'
import { accessDelta } from '../../src/diff/access-delta.js'
import { diffStores } from '../../src/diff/store-diff.js'
import { sample, realStore } from '../cli/run-cli.js'
import { loadFixture, loadStoreFile } from '../access/fixture.js'
import { application, g, group, operation, roleAssignment, store, task } from '../model/factories.js'

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('identical stores: no difference', async (t) => {
  for (const path of [sample('hyperv-2008r2-delegated.xml'), realStore('ms-azmp-example-v2.xml'), realStore('windows-sdk-asp-AzStore.xml')]) {
    const d = diffStores(loadStoreFile(path), loadStoreFile(path))
    t.ok(d.same, path)
    t.same(d.access, [])
  }
  t.ok(diffStores(loadFixture(), loadFixture()).same)
})

t.test('a store and its delegated version: the delta lists exactly the granted operations', async (t) => {
  const before = loadStoreFile(sample('hyperv-2008r2.xml'))
  const after = loadStoreFile(sample('hyperv-2008r2-delegated.xml'))
  const delta = accessDelta(before, after)
  t.ok(
    delta.every((c) => c.change === 'gained' && c.before === 'denied'),
    'delegating only adds access',
  )
  t.notOk(
    delta.some((c) => c.principal.sid === 'S-1-5-32-544'),
    'the administrators had everything already, in every scope',
  )
  // Expected: for every principal and scope, what the delegated store gives beyond the default one.
  const indexAfter = AccessIndex.build(after, 'Hyper-V services')
  const indexBefore = AccessIndex.build(before, 'Hyper-V services')
  const expected = new Set<string>()
  for (const scope of [undefined, 'Lab VMs', 'Production VMs']) {
    // Each SID named at application level or in the scope, and one token for everyone else.
    const principals = new Set<string | null>([null])
    for (const c of [indexAfter.appLevel, indexAfter.where(scope)]) for (const sid of c.memberSids()) principals.add(sid)
    for (const sid of principals) {
      const sids = sid === null ? [] : [sid]
      const now = checkAccess(indexAfter, { scope, sids, operations: indexAfter.context.operations.operations.map((o) => o.operationId) })
      // The default store has no scopes: a missing scope falls back to the application level.
      const then = checkAccess(indexBefore, { sids, operations: indexBefore.context.operations.operations.map((o) => o.operationId) })
      const appNow = scope === undefined ? undefined : checkAccess(indexAfter, { sids, operations: indexAfter.context.operations.operations.map((o) => o.operationId) })
      now.forEach((r, i) => {
        if (r.decision === then[i]?.decision) return
        // A scope repeats an application-level change only when it differs from it.
        if (appNow !== undefined && appNow[i]?.decision === r.decision) return
        expected.add(`${scope ?? ''}|${sid ?? ''}|${r.operation.id}|${r.decision}`)
      })
    }
  }
  // Tokens of one SID (and "any other principal") exactly as check decides them:
  const single = delta.filter((c) => c.principal.alsoHolds.length === 0)
  t.same(single.map((c) => `${c.scope ?? ''}|${c.principal.sid ?? ''}|${c.operation.id}|${c.after}`).sort(), [...expected].sort())
  // Tokens of several SIDs: a member of "VM Operators" who also holds its non-member 1107 is excluded
  // there, and gets only what the LDAP-query group may give anyone in Lab VMs. Check agrees with each.
  const several = delta.filter((c) => c.principal.alsoHolds.length > 0)
  t.ok(several.some((c) => c.scope === 'Lab VMs' && c.principal.sid === `${DOMAIN}-1105` && c.principal.alsoHolds.includes(`${DOMAIN}-1107`) && c.operation.id === 315 && c.after === 'conditional'))
  for (const c of several) {
    const sids = [c.principal.sid ?? '', ...c.principal.alsoHolds]
    const ops = [c.operation.id ?? 0]
    const now = checkAccess(indexAfter, { scope: c.scope ?? undefined, sids, operations: ops })[0]?.decision
    const then = checkAccess(indexBefore, { sids, operations: ops })[0]?.decision
    t.same([then, now], [c.before, c.after], `${sids.join(' + ')} ${c.operation.id} in ${c.scope ?? 'the application level'}`)
  }
  t.ok(delta.some((c) => c.scope === null && c.principal.sid === `${DOMAIN}-1105` && c.operation.id === 100 && c.after === 'granted'))
  t.ok(delta.some((c) => c.scope === 'Lab VMs' && c.principal.sid === `${DOMAIN}-1105` && c.operation.id === 315 && c.after === 'granted'))
  t.notOk(
    delta.some((c) => c.principal.sid === `${DOMAIN}-1107` && c.after === 'granted'),
    'the non-member gains nothing for certain',
  )
  t.ok(
    delta.some((c) => c.principal.sid === null && c.scope === 'Lab VMs' && c.after === 'conditional'),
    'anyone may match the LDAP-query group',
  )
  t.equal(accessDelta(after, before).length, delta.length, 'the reverse loses the same')
  t.ok(accessDelta(after, before).every((c) => c.change === 'lost'))
})

t.test('renames and new GUIDs do not change access; losing a member does', async (t) => {
  const make = (guid: string, members: string[], name = 'Power') =>
    store({
      applications: [
        application('App', {
          guid: g(1),
          operations: [operation('Start', '315', { guid: g(2) })],
          tasks: [task(name, { guid, operationLinks: [g(2)] })],
          groups: [group('Ops', { guid: g(6), members })],
          roleAssignments: [roleAssignment('Operators', { guid: g(7), taskLinks: [guid], appMemberLinks: [g(6)] })],
        }),
      ],
    })
  const a = make(g(4), ['S-1-5-21-1-2-3-1105', 'S-1-5-21-1-2-3-1106'])
  t.same(accessDelta(a, make(g(44), ['S-1-5-21-1-2-3-1105', 'S-1-5-21-1-2-3-1106'], 'Power renamed')), [])
  const d = diffStores(a, make(g(4), ['S-1-5-21-1-2-3-1105']))
  t.notOk(d.same)
  t.same(
    d.access.map((c) => [c.principal.sid, c.operation.id, c.before, c.after, c.change, c.scope]),
    [['S-1-5-21-1-2-3-1106', 315, 'granted', 'denied', 'lost', null]],
  )
  t.same(
    accessDelta(store({ applications: [] }), a)
      .map((c) => c.principal.sid)
      .sort(),
    ['S-1-5-21-1-2-3-1105', 'S-1-5-21-1-2-3-1106'],
    'an added application grants what it grants',
  )
})
