/**
 * The REST service on stores nested far deeper than azman's nesting limit
 * (64): before the fix, a chain of about 2,000 application groups made every
 * access route answer 500 to every caller, Administrators included. Now the
 * reads answer, the access routes refuse the application with 422
 * AZMAN_ERR_ACCESS_TOO_DEEP (problem+json), task chains are evaluated, and
 * writes that would deepen a chain past the limit get 409
 * AZMAN_ERR_CHANGE_TOO_DEEP with nothing written.
 */
import { writeFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { AccessLimitError, AccessTooDeepError } from '../../src/access/access-errors.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { httpStatusOf } from '../../src/server/http-status.js'
import { deepStoreXml, DEEP, groupName, taskName, type DeepStoreOptions } from '../support/deep-store.js'
import { assertProblem, diskState, json, testServer, type TestServer } from './support.js'

/** azman's nesting limit (NESTING_LIMIT, src/model/limits.ts; test/model/nesting.int.test.ts holds it to 64). */
const NESTING_LIMIT = 64
const APP = `/stores/deep/applications/${DEEP.app}`
const ROLES = ['reader', 'auditor', 'operator'] as const

/** A server whose store "deep" holds the given chains (and "lab", a sample, to diff against). */
async function deepServer(t: Test, options: DeepStoreOptions): Promise<TestServer> {
  const s = await testServer(t, { stores: { deep: 'hyperv-2008r2.xml', lab: 'hyperv-2008r2.xml' }, config: { readCacheMs: 60_000 } })
  // Before the first request: with the read cache on (one parse of a large store, not one per request) the server has read nothing yet.
  writeFileSync(s.paths.deep ?? '', deepStoreXml(options))
  return s
}

/** The access routes, each with the lowest role that may call it. */
const ACCESS: readonly { readonly method: 'GET' | 'POST'; readonly url: string; readonly as: 'reader' | 'auditor'; readonly payload?: Record<string, unknown> }[] = [
  { method: 'GET', url: `${APP}/access?sid=${DEEP.user}&operation=${DEEP.read}&operation=${DEEP.write}`, as: 'reader' },
  { method: 'GET', url: `${APP}/who-can?operation=${DEEP.write}`, as: 'reader' },
  { method: 'GET', url: `${APP}/what-can?sid=${DEEP.user}`, as: 'reader' },
  { method: 'GET', url: `${APP}/matrix`, as: 'reader' },
  { method: 'POST', url: '/stores/deep/audit', as: 'auditor', payload: { templates: ['hyperv-vm-operator'] } },
  { method: 'GET', url: '/stores/deep/diff/lab', as: 'auditor' },
]

let checked = 0
/** The callers each case tries: every role on 5,000 groups, the operator alone on 20,000. */
const CASES: readonly { readonly length: number; readonly nonMembers: boolean; readonly roles: readonly string[] }[] = [
  { length: 5_000, nonMembers: false, roles: ROLES },
  { length: 5_000, nonMembers: true, roles: ROLES },
  { length: 20_000, nonMembers: false, roles: ['operator'] },
]
for (const { length, nonMembers, roles } of CASES) {
  t.test(`${length} groups linked as ${nonMembers ? 'non-members' : 'members'}: 422 for every caller, reads answer`, async (t) => {
    const s = await deepServer(t, { groups: length, nonMembers })
    const before = diskState(s.paths.deep ?? '')
    for (const route of ACCESS) {
      for (const as of ROLES.slice(ROLES.indexOf(route.as)).filter((r) => roles.includes(r))) {
        const r = await s.request({ method: route.method, url: route.url, as, ...(route.payload === undefined ? {} : { payload: route.payload }) })
        assertProblem(t, r, 422, 'AZMAN_ERR_ACCESS_TOO_DEEP', `${route.method} ${route.url.split('?')[0] ?? ''} as ${as}`)
        t.match(json<{ detail: string }>(r).detail, new RegExp(`"${groupName(length - 1)}".*\\b${length}\\b.*\\b64\\b`))
      }
    }
    for (const url of ['/stores/deep', '/stores/deep/export', `${APP}/groups/${groupName(length - 1)}`]) {
      t.equal((await s.request({ method: 'GET', url, as: 'reader' })).statusCode, 200, `GET ${url}`)
    }
    const validation = await s.request({ method: 'GET', url: '/stores/deep/validation', as: 'reader' })
    t.equal(validation.statusCode, 200)
    t.match(json(validation), { valid: false, findings: [{ code: 'AZ_NESTING_TOO_DEEP', location: `application "${DEEP.app}" > group "${groupName(length - 1)}"` }] })
    t.equal(diskState(s.paths.deep ?? ''), before, 'nothing changed on disk')
    checked++
  })
}

t.test('20,000 role definitions: every access route answers', async (t) => {
  const s = await deepServer(t, { tasks: 20_000, roleDefinitions: true })
  for (const route of ACCESS) {
    const r = await s.request({ method: route.method, url: route.url, as: route.as, ...(route.payload === undefined ? {} : { payload: route.payload }) })
    t.equal(r.statusCode, 200, `${route.method} ${route.url.split('?')[0] ?? ''}`)
  }
  const access = json<{ results: { decision: string }[] }>(await s.request({ method: 'GET', url: `${APP}/access?sid=${DEEP.user}&operation=${DEEP.write}`, as: 'reader' }))
  t.equal(access.results[0]?.decision, 'granted')
  t.match(json(await s.request({ method: 'GET', url: '/stores/deep/validation', as: 'reader' })), {
    findings: [{ code: 'AZ_NESTING_TOO_DEEP', location: `application "${DEEP.app}" > role definition "${taskName(19_999)}"` }],
  })
  checked++
})

t.test('writes: deepening past the limit is 409 with nothing written; other writes go through', async (t) => {
  const s = await deepServer(t, { groups: NESTING_LIMIT, tasks: NESTING_LIMIT })
  const path = s.paths.deep ?? ''
  t.equal((await s.request({ method: 'POST', url: `${APP}/groups`, payload: { name: 'Above' } })).statusCode, 200, 'a new group')
  t.equal((await s.request({ method: 'POST', url: `${APP}/tasks`, payload: { name: 'Above task' } })).statusCode, 200, 'a new task')
  const before = diskState(path)
  const refusals = [
    { method: 'POST', url: `${APP}/groups/Above/members`, payload: { members: [{ group: groupName(NESTING_LIMIT - 1) }] } },
    { method: 'POST', url: `${APP}/groups/Above/members`, payload: { nonMembers: [{ group: groupName(NESTING_LIMIT - 1) }] } },
    { method: 'PATCH', url: `${APP}/tasks/${encodeURIComponent('Above task')}`, payload: { addTasks: [taskName(NESTING_LIMIT - 1)] } },
    {
      method: 'POST',
      url: '/stores/deep/changes',
      payload: { changes: [{ type: 'create-group', app: DEEP.app, name: 'Above 2', groupType: 'Basic', members: [{ group: groupName(NESTING_LIMIT - 1) }] }] },
    },
    { method: 'POST', url: '/stores/deep/plan', payload: { changes: [{ type: 'add-group-members', app: DEEP.app, group: groupName(0), members: [{ group: 'Above' }] }] } },
  ] as const
  for (const r of refusals) {
    const response = await s.request({ method: r.method, url: r.url, payload: r.payload })
    assertProblem(t, response, 409, 'AZMAN_ERR_CHANGE_TOO_DEEP', `${r.method} ${r.url}`)
    t.match(json<{ detail: string }>(response).detail, /head a chain of 65 nested .*deeper than the 64 azman supports/)
  }
  t.equal(diskState(path), before, 'nothing changed on disk')
  t.equal((await s.request({ method: 'POST', url: `${APP}/groups/Above/members`, payload: { members: [{ group: groupName(NESTING_LIMIT - 2) }] } })).statusCode, 200, '64 deep: allowed')
  checked++
})

t.test('a write to a store read from disk with 5,000 nested groups goes through', async (t) => {
  const s = await deepServer(t, { groups: 5_000 })
  const r = await s.request({ method: 'POST', url: `${APP}/role-assignments/Readers/members`, payload: { members: [{ sid: 'S-1-5-21-7-7-7-1099' }] } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  checked++
})

t.test('the statuses: an application azman will not evaluate is 422 (TOO_COMPLEX was 500), a too-deep change 409', async (t) => {
  t.equal(httpStatusOf(new AccessTooDeepError('App', 'G64', 65, '"G64" -> ... -> "G0"', 64)), 422)
  t.equal(httpStatusOf(new AccessLimitError('Group', 1_000_000)), 422)
  t.equal(httpStatusOf(new InvalidChangeError('AZMAN_ERR_CHANGE_TOO_DEEP', 'too deep')), 409)
})

t.test('every case ran', async (t) => {
  t.equal(checked, 6)
})
