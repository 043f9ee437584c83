import t from 'tap'
import { APP, assertProblem, diskState, json, testServer } from './support.js'

// POST /stores/{store}/plan?delta=true: the plan with its effective-access delta (who would gain or
// lose which operation where), as the change feed gives an applied entry's; the answer still applies
// as a saved plan. testServer validates every answer against its route's schema.

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1150'
const CHANGES = {
  changes: [
    { type: 'create-task', app: APP, name: 'Operate VMs', operations: [315, 320] },
    { type: 'create-role-definition', app: APP, name: 'VM operator', tasks: ['Operate VMs'] },
    { type: 'create-scope', app: APP, name: 'Lab VMs' },
    { type: 'create-role-assignment', app: APP, scope: 'Lab VMs', name: 'VM operator', roleDefinitions: ['VM operator'] },
    { type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'VM operator', members: [{ sid: SID }] },
  ],
}

interface Change {
  readonly scope: string | null
  readonly principal: { readonly sid: string | null }
  readonly operation: { readonly id: number | null }
  readonly change: string
}
interface DeltaPlan {
  readonly baseVersion: string
  readonly accessDelta: { readonly access: readonly Change[]; readonly combined: readonly unknown[] }
}

t.test('POST /plan?delta=true answers the access delta the applied entry then shows in the change feed', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.paths.lab ?? '')
  const plain = await s.request({ method: 'POST', url: '/stores/lab/plan', payload: CHANGES })
  t.equal(plain.statusCode, 200, plain.body)
  t.notOk('accessDelta' in json<object>(plain), 'no delta unless asked')
  const res = await s.request({ method: 'POST', url: '/stores/lab/plan?delta=true', payload: CHANGES })
  t.equal(res.statusCode, 200, res.body)
  const plan = json<DeltaPlan>(res)
  const gained = plan.accessDelta.access.filter((c) => c.principal.sid === SID && c.scope === 'Lab VMs' && c.change === 'gained')
  t.same(gained.map((c) => c.operation.id).sort(), [315, 320], 'the member gains 315 and 320 in Lab VMs')
  t.equal(plan.accessDelta.access.filter((c) => c.change === 'lost').length, 0, 'nobody loses anything')
  t.equal(diskState(s.paths.lab ?? ''), before, 'planning writes nothing')
  const applied = await s.request({ method: 'POST', url: '/stores/lab/changes', payload: res.json(), headers: { 'if-match': `"${plan.baseVersion}"` } })
  t.equal(applied.statusCode, 200, `the plan with its delta applies as a saved plan: ${applied.body}`)
  const feed = json<{ entries: { access: readonly Change[] }[] }>(await s.request({ method: 'GET', url: '/stores/lab/changes' }))
  t.equal(feed.entries.length, 1)
  t.same(feed.entries[0]?.access, plan.accessDelta.access, "the feed entry's delta is the planned one")
})

t.test('POST /plan?delta=true with detail=full, and a bad delta value', async (t) => {
  const s = await testServer(t)
  const full = await s.request({ method: 'POST', url: '/stores/lab/plan?delta=true&detail=full', payload: CHANGES })
  t.equal(full.statusCode, 200, full.body)
  t.match(json(full), { edits: [{ type: 'create', object: { extras: {} } }], accessDelta: { access: [{ principal: { sid: SID } }] } })
  assertProblem(t, await s.request({ method: 'POST', url: '/stores/lab/plan?delta=maybe', payload: CHANGES }), 400, 'AZMAN_ERR_REQUEST_INVALID')
})
