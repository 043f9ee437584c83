/**
 * REST: POST /stores/{store}/history/{entry}/revert (one entry undone, later
 * ones kept, conflicts refused with 409), the broad-principal guard on revert
 * and rollback, and "allowBroad": true as a body field of the write routes.
 */
import t, { type Test } from 'tap'
import { APP, APP_PATH, assertProblem, diskState, json, testServer, USER, type TestServer } from './support.js'

const EVERYONE = 'S-1-1-0'
const RA = { app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators' }

interface Entry {
  readonly id: string
  readonly changes: { readonly revertOf?: string; readonly allowBroad?: boolean }
  readonly summary: readonly string[]
}

async function history(s: TestServer): Promise<Entry[]> {
  return json<{ entries: Entry[] }>(await s.request({ method: 'GET', url: '/stores/delegated/history' })).entries
}

async function apply(t: Test, s: TestServer, changes: readonly object[], query = ''): Promise<void> {
  const r = await s.request({ method: 'POST', url: `/stores/delegated/changes${query}`, payload: { changes } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
}

/** Three entries: a scope made, a member added, a role definition made in the new scope. */
async function threeEntries(t: Test, s: TestServer): Promise<string[]> {
  await apply(t, s, [{ type: 'create-scope', app: APP, name: 'Web VMs' }])
  await apply(t, s, [{ type: 'add-role-assignment-members', ...RA, members: [{ sid: USER }] }])
  await apply(t, s, [{ type: 'create-role-definition', app: APP, scope: 'Web VMs', name: 'Web op', operations: [305] }])
  return (await history(s)).map((e) => e.id)
}

const revertUrl = (id: string, query = ''): string => `/stores/delegated/history/${encodeURIComponent(id)}/revert${query}`

t.test('revert of an entry in the middle: 200, journaled as a revert, later entries kept; If-Match and the reason apply', async (t) => {
  const s = await testServer(t)
  const [, middle] = await threeEntries(t, s)
  const stale = await s.request({ method: 'POST', url: revertUrl(middle ?? ''), headers: { 'if-match': '"sha256:0000000000000000000000000000000000000000000000000000000000000000"' } })
  assertProblem(t, stale, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION')
  const etag = (await s.request({ method: 'GET', url: '/stores/delegated' })).headers.etag
  const r = await s.request({ method: 'POST', url: revertUrl(middle ?? ''), headers: { 'azman-reason': 'undo it', 'if-match': String(etag) } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const out = json<{ written: boolean; after: string; plan: { changes: { type: string }[] } }>(r)
  t.equal(out.written, true)
  t.equal(r.headers.etag, `"${out.after}"`)
  t.match(out.plan.changes, [{ type: 'remove-role-assignment-members' }])
  const entries = await history(s)
  t.equal(entries.length, 4)
  t.match(entries[3], { actor: 'olga-operator', reason: 'undo it', changes: { revertOf: middle } })
  t.match(entries[3]?.summary[0], `revert of entry ${middle ?? 'x'}: remove role assignment members`)
})

t.test('revert refusals: 409 naming the later entry, 404 for an unknown entry, a dry run writes nothing; 403 for a reader', async (t) => {
  const s = await testServer(t)
  const [first, , third] = await threeEntries(t, s)
  const path = s.paths.delegated ?? ''
  const before = diskState(path)
  const conflict = await s.request({ method: 'POST', url: revertUrl(first ?? '') })
  assertProblem(t, conflict, 409, 'AZMAN_ERR_CONFLICT_REVERT')
  t.match(conflict.body, `entry ${third ?? 'x'}`)
  t.match(conflict.body, 'Web op')
  assertProblem(t, await s.request({ method: 'POST', url: revertUrl('20000101T000000.000Z-000000') }), 404, 'AZMAN_ERR_NOT_FOUND')
  const reader = await s.request({ method: 'POST', url: revertUrl(third ?? ''), as: 'reader' })
  t.equal(reader.statusCode, 403)
  const dry = await s.request({ method: 'POST', url: revertUrl(third ?? '', '?dryRun=true') })
  t.equal(dry.statusCode, 200, dry.body.slice(0, 300))
  t.match(json(dry), { dryRun: true, written: false, plan: { results: [{ status: 'would-apply', type: 'delete-role-definition' }] } })
  t.equal(diskState(path), before, 'nothing on disk changed')
})

t.test('revert and rollback that grant to a broad principal again: 400 unless allowBroad (rollback: query or body; revert: query)', async (t) => {
  const s = await testServer(t)
  await apply(t, s, [{ type: 'add-role-assignment-members', ...RA, members: [{ sid: EVERYONE }] }], '?allowBroad=true')
  await apply(t, s, [{ type: 'remove-role-assignment-members', ...RA, members: [{ sid: EVERYONE }] }])
  const removal = (await history(s))[1]?.id ?? ''
  const path = s.paths.delegated ?? ''
  const before = diskState(path)
  assertProblem(t, await s.request({ method: 'POST', url: revertUrl(removal) }), 400, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL')
  assertProblem(t, await s.request({ method: 'POST', url: '/stores/delegated/rollback', payload: { before: removal } }), 400, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL')
  t.equal(diskState(path), before, 'refusals changed nothing')
  const dry = await s.request({ method: 'POST', url: '/stores/delegated/rollback?dryRun=true&allowBroad=true', payload: { before: removal } })
  t.equal(dry.statusCode, 200, dry.body.slice(0, 300))
  const rolled = await s.request({ method: 'POST', url: '/stores/delegated/rollback', payload: { before: removal, allowBroad: true } })
  t.equal(rolled.statusCode, 200, rolled.body.slice(0, 300))
  t.match((await history(s)).at(-1), { changes: { rollbackBefore: removal, allowBroad: true } })
  const both = await s.request({ method: 'POST', url: '/stores/delegated/rollback', payload: { to: removal, before: removal } })
  t.equal(both.statusCode, 400, 'to and before together are refused')
  await apply(t, s, [{ type: 'remove-role-assignment-members', ...RA, members: [{ sid: EVERYONE }] }])
  const again = (await history(s)).at(-1)?.id ?? ''
  const reverted = await s.request({ method: 'POST', url: revertUrl(again, '?allowBroad=true') })
  t.equal(reverted.statusCode, 200, reverted.body.slice(0, 300))
  t.match((await history(s)).at(-1), { changes: { revertOf: again, allowBroad: true } })
  const wrong = await s.request({ method: 'POST', url: revertUrl(again, '?allowBroad=maybe') })
  t.equal(wrong.statusCode, 400, 'allowBroad must be a boolean')
})

const SCOPE = `/stores/delegated/applications/${APP_PATH}/scopes/${encodeURIComponent('Lab VMs')}`
/** Write routes with a JSON body, each granting to a broad principal. */
const ROUTES: readonly { readonly name: string; readonly url: string; readonly payload: object }[] = [
  { name: 'role-assignment members', url: `${SCOPE}/role-assignments/${encodeURIComponent('VM Operators (Lab VMs)')}/members`, payload: { members: [{ sid: EVERYONE }] } },
  { name: 'group members', url: `${SCOPE}/groups/${encodeURIComponent('Lab Owners')}/members`, payload: { members: [{ sid: EVERYONE }] } },
  { name: 'delegation', url: `/stores/delegated/applications/${APP_PATH}/delegations`, payload: { operations: [305], members: [{ sid: EVERYONE }] } },
  { name: 'change set', url: '/stores/delegated/changes', payload: { changes: [{ type: 'add-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: EVERYONE }] }] } },
  { name: 'plan', url: '/stores/delegated/plan', payload: { changes: [{ type: 'add-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: EVERYONE }] }] } },
]

t.test('"allowBroad": true in the body allows as ?allowBroad=true does, on every write route with a body', async (t) => {
  let checked = 0
  for (const route of ROUTES) {
    const s = await testServer(t)
    const r = await s.request({ method: 'POST', url: route.url, payload: { ...route.payload, allowBroad: true } })
    t.equal(r.statusCode, 200, `${route.name}: ${r.body.slice(0, 300)}`)
    if (route.name !== 'plan') t.match((await history(s)).at(-1), { changes: { allowBroad: true } }, `${route.name}: journaled with the allowance`)
    const off = await s.request({ method: 'POST', url: route.url, payload: { ...route.payload, allowBroad: false } })
    if (route.name === 'plan' || route.name === 'delegation') t.ok([200, 400].includes(off.statusCode), `${route.name}: allowBroad false is accepted`)
    checked++
  }
  t.equal(checked, 5, 'five routes checked')
})

t.test('the OpenAPI document shows allowBroad in the write bodies and the revert route', async (t) => {
  const s = await testServer(t)
  const doc = (await s.request({ method: 'GET', url: '/openapi.json' })).body
  t.match(doc, '/stores/{store}/history/{entry}/revert')
  t.ok((doc.match(/"allowBroad"/g) ?? []).length > 10, 'allowBroad in the bodies and queries')
})
