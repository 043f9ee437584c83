/**
 * Every error status of the REST service: an RFC 9457 problem with a stable
 * code, no stack trace, and nothing changed on disk (the store, its journal,
 * backup, version archive and lock, byte for byte and time stamp). Then the
 * order of the checks: 401, 403, then 400 (and 413), then 412.
 */
import { hostname } from 'node:os'
import { writeFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { revokeToken } from '../../src/tokens/manage-tokens.js'
import { RELOAD_INTERVAL_MS } from '../../src/tokens/token-verifier.js'
import { APP, APP_PATH, assertProblem, diskState, json, testServer, USER, type TestServer } from './support.js'
import { manualClock } from '../support/manual-clock.js'

const MEMBERS = `/stores/lab/applications/${APP_PATH}/role-assignments/Administrator/members`
const GOOD = { members: [{ sid: USER }] }
const STALE = '"sha256:0000000000000000000000000000000000000000000000000000000000000000"'

/** Runs a request that must be refused and checks that the store's files did not change. */
async function refused(t: Test, s: TestServer, request: Parameters<TestServer['request']>[0], status: number, code: string, what: string): Promise<Record<string, unknown>> {
  const before = diskState(s.paths.lab ?? '')
  const r = await s.request(request)
  assertProblem(t, r, status, code, what)
  t.equal(diskState(s.paths.lab ?? ''), before, `${what}: nothing changed on disk`)
  return json(r)
}

t.test('401: no token, a malformed header, an unknown token, a revoked token', async (t) => {
  const clock = manualClock(t)
  const s = await testServer(t)
  const problem = await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD, as: null }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'a write without a token')
  t.match(problem.detail, /Authorization: Bearer/, 'says what to send')
  const r = await s.request({ method: 'GET', url: '/stores', as: null })
  assertProblem(t, r, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'a read without a token')
  t.equal(r.headers['www-authenticate'], 'Bearer realm="azman"', 'WWW-Authenticate')
  await refused(t, s, { method: 'GET', url: '/stores/lab', as: null, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'Basic auth')
  await refused(t, s, { method: 'GET', url: '/stores/lab', as: null, headers: { authorization: 'Bearer azman_not-a-real-token' } }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'an unknown token')
  await refused(t, s, { method: 'GET', url: '/nowhere', as: null }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'an unknown route without a token (no probing)')
  t.equal((await s.request({ method: 'GET', url: '/stores', as: 'reader' })).statusCode, 200, 'the reader token works')
  await revokeToken(s.tokensFile, 'rita-reader')
  clock.advance(RELOAD_INTERVAL_MS) // the server looks at the tokens file at most once a second
  await refused(t, s, { method: 'GET', url: '/stores', as: 'reader' }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'a revoked token, on the running server')
  t.equal((await s.request({ method: 'GET', url: '/stores', as: 'operator' })).statusCode, 200, 'other tokens still work')
})

t.test('a damaged tokens file refuses every token until it is fixed', async (t) => {
  const clock = manualClock(t)
  const s = await testServer(t)
  writeFileSync(s.tokensFile, '{"format": "something else"}')
  clock.advance(RELOAD_INTERVAL_MS)
  await refused(t, s, { method: 'GET', url: '/stores', as: 'operator' }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'damaged tokens file')
  t.match(s.logs(), /the tokens file cannot be read/, 'logged for the administrator')
  t.equal((await s.request({ method: 'GET', url: '/health', as: null })).statusCode, 200, '/health still answers')
})

t.test('403: a reader or an auditor token on a write', async (t) => {
  const s = await testServer(t)
  const problem = await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD, as: 'reader' }, 403, 'AZMAN_ERR_FORBIDDEN', 'reader adds a member')
  t.match(problem.detail, /rita-reader.*reader.*operator/, 'names the token, its role and the role needed')
  await refused(t, s, { method: 'POST', url: '/stores/lab/changes', payload: { changes: [] }, as: 'auditor' }, 403, 'AZMAN_ERR_FORBIDDEN', 'auditor applies a change set')
  await refused(t, s, { method: 'POST', url: '/stores/lab/rollback', payload: { to: 'x' }, as: 'reader' }, 403, 'AZMAN_ERR_FORBIDDEN', 'reader rolls back')
  await refused(t, s, { method: 'DELETE', url: `/stores/lab/applications/${APP_PATH}/scopes/x`, as: 'auditor' }, 403, 'AZMAN_ERR_FORBIDDEN', 'auditor deletes a scope')
  t.equal((await s.request({ method: 'POST', url: '/stores/lab/plan', payload: { changes: [] }, as: 'reader' })).statusCode, 200, 'planning is a read')
})

t.test('400: input that does not fit the schema, is not JSON, or names an invalid change', async (t) => {
  const s = await testServer(t)
  const problem = await refused(t, s, { method: 'POST', url: MEMBERS, payload: { members: [{ sid: USER }], extra: true } }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'an unknown field')
  t.match(problem.detail, /additional properties|must NOT have additional properties/)
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: { members: [] } }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'no members')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: { members: [{ sid: USER, account: 'Everyone' }] } }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'a member with two keys')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: '{"members": [', headers: { 'content-type': 'application/json' } }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'not JSON')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: { members: [{ sid: 'S-1-banana' }] } }, 400, 'AZMAN_ERR_CHANGE_INVALID_SID', 'not a SID')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: { members: [{ account: 'CONTOSO\\alice' }] } }, 400, 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT', 'a domain account by name')
  await refused(t, s, { method: 'POST', url: `${MEMBERS}?dryRun=perhaps`, payload: GOOD }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'a query value that is not a boolean')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD, headers: { 'if-match': 'sha256:unquoted' } }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'an If-Match that is not an entity tag')
  await refused(
    t,
    s,
    { method: 'POST', url: '/stores/lab/changes', payload: { changes: [{ type: 'create-scope', app: APP, name: 'x', colour: 'red' }] } },
    400,
    'AZMAN_ERR_REQUEST_INVALID',
    'a change with an unknown field',
  )
  await refused(
    t,
    s,
    { method: 'POST', url: '/stores/lab/changes', payload: { changes: [{ type: 'create-scope', app: APP, name: 'a\tb' }] } },
    400,
    'AZMAN_ERR_CHANGE_INVALID_NAME',
    'a name AzMan does not allow',
  )
  await refused(
    t,
    s,
    { method: 'POST', url: `/stores/lab/applications/${APP_PATH}/scopes/x/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ account: 'Everyone' }] } },
    400,
    'AZMAN_ERR_CHANGE_FORBIDDEN_PRINCIPAL',
    "a template's forbidden principal",
  )
})

t.test('404: an unknown store, object or route', async (t) => {
  const s = await testServer(t)
  const problem = await refused(t, s, { method: 'GET', url: '/stores/nope' }, 404, 'AZMAN_ERR_NOT_FOUND', 'unknown store')
  t.match(problem.detail, /no store "nope".*"lab"/, 'lists the stores')
  await refused(t, s, { method: 'GET', url: `/stores/lab/applications/${APP_PATH}/role-assignments/Nobody` }, 404, 'AZMAN_ERR_NOT_FOUND', 'unknown role assignment')
  await refused(
    t,
    s,
    { method: 'POST', url: `/stores/lab/applications/${APP_PATH}/role-assignments/Nobody/members`, payload: GOOD },
    404,
    'AZMAN_ERR_CHANGE_NOT_FOUND',
    'a write to an unknown role assignment',
  )
  await refused(t, s, { method: 'POST', url: '/stores/nope/changes', payload: { changes: [] } }, 404, 'AZMAN_ERR_NOT_FOUND', 'a write to an unknown store')
  await refused(t, s, { method: 'GET', url: '/stores/lab/nowhere' }, 404, 'AZMAN_ERR_NOT_FOUND', 'unknown route')
  await refused(t, s, { method: 'POST', url: '/stores/lab/rollback', payload: { to: 'no-such-entry' } }, 404, 'AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY', 'rollback to an unknown entry')
})

t.test('409: a change that conflicts with the store, or another writer holding the lock', async (t) => {
  const s = await testServer(t, { config: { lockTimeoutMs: 300 } })
  const scopes = `/stores/lab/applications/${APP_PATH}/scopes`
  t.equal((await s.request({ method: 'POST', url: scopes, payload: { name: 'Lab VMs', description: 'one' } })).statusCode, 200)
  await refused(t, s, { method: 'POST', url: scopes, payload: { name: 'Lab VMs', description: 'another' } }, 409, 'AZMAN_ERR_CHANGE_EXISTS', 'creating what exists with other content')
  await refused(t, s, { method: 'DELETE', url: `/stores/lab/applications/${APP_PATH}/role-definitions/Administrator` }, 409, 'AZMAN_ERR_CHANGE_STILL_LINKED', 'deleting a linked role definition')
  await refused(
    t,
    s,
    { method: 'DELETE', url: `/stores/lab/applications/${APP_PATH}/role-assignments/Administrator/members`, payload: { members: [{ account: 'BUILTIN\\Administrators' }] } },
    409,
    'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    "removing the administrators' last full access",
  )
  // Another live process of this host holds the lock (this test's parent: it runs as long as the test).
  writeFileSync(`${s.paths.lab}.lock`, `${JSON.stringify({ pid: process.ppid, hostname: hostname(), time: new Date().toISOString(), token: 'held-by-another-writer' })}\n`)
  const problem = await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD }, 409, 'AZMAN_ERR_CONFLICT_LOCKED', 'the lock is held')
  t.match(problem.detail, /lock/)
})

t.test('412: If-Match with another version, on a write, a dry run, a change set and a rollback', async (t) => {
  const s = await testServer(t)
  const current = String((await s.request({ method: 'GET', url: '/stores/lab' })).headers.etag)
  const problem = await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD, headers: { 'if-match': STALE } }, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'a stale If-Match')
  t.match(problem.detail, /read it again/)
  await refused(t, s, { method: 'POST', url: `${MEMBERS}?dryRun=true`, payload: GOOD, headers: { 'if-match': STALE } }, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'a stale If-Match on a dry run')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD, headers: { 'if-match': `W/${current}` } }, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'a weak tag never matches')
  await refused(
    t,
    s,
    { method: 'POST', url: '/stores/lab/changes', payload: { changes: [{ type: 'create-scope', app: APP, name: 'x' }] }, headers: { 'if-match': STALE } },
    412,
    'AZMAN_ERR_CONFLICT_PRECONDITION',
    'a change set',
  )
  const ok = await s.request({ method: 'POST', url: MEMBERS, payload: GOOD, headers: { 'if-match': current } })
  t.equal(ok.statusCode, 200, 'the current ETag passes')
  const id = json<{ entries: { id: string }[] }>(await s.request({ method: 'GET', url: '/stores/lab/history' })).entries[0]?.id ?? ''
  await refused(t, s, { method: 'POST', url: '/stores/lab/rollback', payload: { to: id }, headers: { 'if-match': current } }, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'a rollback with the old ETag')
  t.equal((await s.request({ method: 'POST', url: MEMBERS, payload: GOOD, headers: { 'if-match': '*' } })).statusCode, 200, 'If-Match: * passes')
})

t.test('a saved plan applied to another version is a conflict (409), not a precondition', async (t) => {
  const s = await testServer(t)
  const plan = json(await s.request({ method: 'POST', url: '/stores/lab/plan', payload: { changes: [{ type: 'create-scope', app: APP, name: 'Planned' }] } }))
  t.equal((await s.request({ method: 'POST', url: MEMBERS, payload: GOOD })).statusCode, 200, 'someone else writes')
  await refused(t, s, { method: 'POST', url: '/stores/lab/changes', payload: plan as Record<string, unknown> }, 409, 'AZMAN_ERR_CONFLICT_STALE', 'a stale saved plan')
})

t.test('413 over the body limit, 415 for a body that is not JSON', async (t) => {
  const s = await testServer(t, { config: { bodyLimit: 2048 } })
  const big = { members: Array.from({ length: 100 }, (_, i) => ({ sid: `S-1-5-21-1004336348-1177238915-682003330-${2000 + i}` })) }
  t.ok(JSON.stringify(big).length > 2048)
  const problem = await refused(t, s, { method: 'POST', url: MEMBERS, payload: big }, 413, 'AZMAN_ERR_BODY_TOO_LARGE', 'over the body limit')
  t.match(problem.detail, /body limit/)
  await refused(
    t,
    s,
    { method: 'POST', url: MEMBERS, payload: 'members=S-1-5-32-544', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    415,
    'AZMAN_ERR_UNSUPPORTED_MEDIA_TYPE',
    'a form body',
  )
})

t.test('429 over the rate limit, per token', async (t) => {
  const s = await testServer(t, { config: { rateLimit: { max: 3, windowMs: 60_000 } } })
  for (let i = 0; i < 3; i++) t.equal((await s.request({ method: 'GET', url: '/stores', as: 'reader' })).statusCode, 200, `request ${i + 1} of 3`)
  const before = diskState(s.paths.lab ?? '')
  const r = await s.request({ method: 'POST', url: MEMBERS, payload: GOOD, as: 'reader' })
  assertProblem(t, r, 429, 'AZMAN_ERR_RATE_LIMITED', 'the 4th request, a reader write: the limit is checked before authorization')
  const limited = await s.request({ method: 'GET', url: '/stores', as: 'reader' })
  assertProblem(t, limited, 429, 'AZMAN_ERR_RATE_LIMITED', 'the 5th request of the reader')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After')
  t.equal(diskState(s.paths.lab ?? ''), before)
  t.equal((await s.request({ method: 'GET', url: '/stores', as: 'operator' })).statusCode, 200, 'another token has its own budget')
  t.equal((await s.request({ method: 'GET', url: '/health', as: null })).statusCode, 200, '/health is not limited')
})

t.test('a text/plain body is 415, as the docs say; an OperationID JSON reads as Infinity is 400 (regressions)', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.paths.lab ?? '')
  const text = await s.request({ method: 'POST', url: MEMBERS, payload: 'members=S-1-5-32-545', headers: { 'content-type': 'text/plain' } })
  assertProblem(t, text, 415, 'AZMAN_ERR_UNSUPPORTED_MEDIA_TYPE', 'text/plain')
  const tasks = MEMBERS.replace(/\/role-assignments\/.*$/, '/tasks')
  for (const id of ['1e400', '-1e400', '2147483648', '1.5']) {
    const r = await s.request({ method: 'POST', url: tasks, payload: `{"name": "T", "operations": [${id}]}`, headers: { 'content-type': 'application/json' } })
    assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', `operations: [${id}]`)
  }
  t.equal(diskState(s.paths.lab ?? ''), before, 'nothing written')
})

t.test('429 for floods without a valid token too, per address (regression: they were never limited)', async (t) => {
  const s = await testServer(t, { config: { rateLimit: { max: 4, windowMs: 60_000 } } })
  const floods: [string, Record<string, string>][] = [
    ['no token', {}],
    ['a malformed Authorization header', { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }],
    ['an unknown token', { authorization: 'Bearer azman_not-a-real-token' }],
  ]
  // All three share the client address, so they share one budget of 4.
  const statuses: number[] = []
  for (let i = 0; i < 6; i++) {
    const [, headers] = floods[i % floods.length] ?? ['', {}]
    statuses.push((await s.request({ method: 'GET', url: '/stores', as: null, headers })).statusCode)
  }
  t.same(statuses, [401, 401, 401, 401, 429, 429], '401 up to the limit, then 429 for every kind of bad request')
  const limited = await s.request({ method: 'GET', url: '/stores', as: null, headers: { authorization: 'Bearer azman_still-not-real' } })
  assertProblem(t, limited, 429, 'AZMAN_ERR_RATE_LIMITED', 'a bad token over the limit')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After')
  t.equal((await s.request({ method: 'GET', url: '/stores', as: 'reader' })).statusCode, 200, 'a valid token has its own budget')
})

t.test('500: a store file that is not a store, without internals in the answer', async (t) => {
  const s = await testServer(t)
  writeFileSync(s.paths.lab ?? '', '<?xml version="1.0"?><NotAStore/>')
  const problem = await refused(t, s, { method: 'GET', url: '/stores/lab' }, 500, 'AZMAN_ERR_NOT_A_STORE', 'a broken store')
  t.notMatch(String(problem.detail), s.dir, 'no server path in the answer')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD }, 500, 'AZMAN_ERR_NOT_A_STORE', 'a write to a broken store')
  t.match(s.logs(), /"code":"AZMAN_ERR_NOT_A_STORE"|request failed/, 'logged')
})

t.test('checks run in order: 401, then 403, then 400 and 413, then 412', async (t) => {
  const s = await testServer(t, { config: { bodyLimit: 4096 } })
  const invalid = { members: [{ sid: USER }], unknown: 1 }
  const oversized = { members: Array.from({ length: 200 }, () => ({ sid: USER })) }
  const stale = { 'if-match': STALE }
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: invalid, headers: stale, as: null }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'no token + invalid body + stale If-Match')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: oversized, headers: stale, as: null }, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'no token + oversized body')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: invalid, headers: stale, as: 'reader' }, 403, 'AZMAN_ERR_FORBIDDEN', 'reader + invalid body + stale If-Match')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: oversized, headers: stale, as: 'reader' }, 403, 'AZMAN_ERR_FORBIDDEN', 'reader + oversized body')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: invalid, headers: stale }, 400, 'AZMAN_ERR_REQUEST_INVALID', 'operator + invalid body + stale If-Match')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: { members: [{ sid: 'S-1-x' }] }, headers: stale }, 400, 'AZMAN_ERR_CHANGE_INVALID_SID', 'operator + invalid SID + stale If-Match')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: oversized, headers: stale }, 413, 'AZMAN_ERR_BODY_TOO_LARGE', 'operator + oversized + stale If-Match')
  await refused(t, s, { method: 'POST', url: MEMBERS, payload: GOOD, headers: stale }, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'operator + valid body + stale If-Match')
})
