/**
 * Over REST, granting to a broad principal is refused on every write route
 * (400 AZMAN_ERR_CHANGE_BROAD_PRINCIPAL, nothing on disk changed) unless
 * `?allowBroad=true`; then the write is journaled with the allowance.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { APP, APP_PATH, assertProblem, diskState, json, testServer } from './support.js'

const EVERYONE = 'S-1-1-0'
const DOMAIN_USERS = 'S-1-5-21-1004336348-1177238915-682003330-513'
const SCOPE = `/stores/delegated/applications/${APP_PATH}/scopes/${encodeURIComponent('Lab VMs')}`

/** Each write route with a body that grants to a broad principal. */
const ROUTES: readonly { readonly name: string; readonly url: string; readonly payload: object }[] = [
  { name: 'role-assignment members', url: `${SCOPE}/role-assignments/${encodeURIComponent('VM Operators (Lab VMs)')}/members`, payload: { members: [{ sid: EVERYONE }] } },
  { name: 'group members', url: `${SCOPE}/groups/${encodeURIComponent('Lab Owners')}/members`, payload: { members: [{ sid: DOMAIN_USERS }] } },
  { name: 'delegation', url: `/stores/delegated/applications/${APP_PATH}/delegations`, payload: { operations: [305], members: [{ sid: DOMAIN_USERS }] } },
  {
    name: 'change set',
    url: '/stores/delegated/changes',
    payload: { changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'VM Operators (Lab VMs)', members: [{ account: 'Everyone' }] }] },
  },
  { name: 'plan', url: '/stores/delegated/plan', payload: { changes: [{ type: 'add-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: EVERYONE }] }] } },
]

t.test('every write route refuses a broad grant with 400 and changes nothing', async (t) => {
  const s = await testServer(t)
  const path = s.paths.delegated ?? ''
  const before = diskState(path)
  let checked = 0
  for (const route of ROUTES) {
    const r = await s.request({ method: 'POST', url: route.url, payload: route.payload, headers: { 'azman-reason': 'CHG-1' } })
    assertProblem(t, r, 400, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL')
    t.match(r.body, /allowBroad=true/, `${route.name}: says how to allow it`)
    t.equal(diskState(path), before, `${route.name}: nothing on disk changed`)
    checked++
  }
  t.equal(checked, 5, 'five routes checked')
})

t.test('?allowBroad=true writes, warns, and the journal records the allowance', async (t) => {
  const s = await testServer(t)
  const path = s.paths.delegated ?? ''
  const route = ROUTES[0]
  if (route === undefined) throw new Error('no route')
  const r = await s.request({ method: 'POST', url: `${route.url}?allowBroad=true`, payload: route.payload, headers: { 'azman-reason': 'CHG-2' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const out = json<{ written: boolean; plan: { warnings: string[] } }>(r)
  t.equal(out.written, true)
  t.ok(
    out.plan.warnings.some((w) => w.includes('S-1-1-0 (Everyone)')),
    'the plan warns',
  )
  const entries = readFileSync(`${path}.journal.jsonl`, 'utf8').trim().split('\n')
  t.equal(entries.length, 1)
  t.match(JSON.parse(entries[0] ?? '{}'), { reason: 'CHG-2', changes: { allowBroad: true } })
  const bad = await s.request({ method: 'POST', url: `${route.url}?allowBroad=maybe`, payload: route.payload })
  t.equal(bad.statusCode, 400, 'a value that is not a boolean is a 400')
})
