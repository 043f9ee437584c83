/**
 * Every object the API can create stays addressable: `?byGuid=` names the
 * path parameters that hold GUIDs instead of names. A scope name may have
 * 65,536 characters, more than a URL can carry (Node reads 16 KB of request
 * line and headers). Before, a scope with such a name could be created but
 * never read, changed or deleted again over HTTP. Names in paths are held to
 * AzMan's limit for their kind: a longer one is 400, not looked for.
 */
import { join } from 'node:path'
import t from 'tap'
import { startServer } from '../../src/server/start-server.js'
import { serverConfig } from '../../src/service-config/server-config.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { APP, APP_PATH, assertProblem, json, sample, testServer } from './support.js'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'

const A = `/stores/lab/applications/${APP_PATH}`

interface Named {
  name: string
  guid: string
}

t.test('a scope with a 65,536-character name: created from a body, then read, renamed and deleted by GUID over real HTTP', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const tokensFile = join(dir, 'tokens.json')
  const { token } = await addToken(tokensFile, 'olga', 'operator')
  const running = await startServer(serverConfig({ host: '127.0.0.1', port: 0, stores: [{ name: 'lab', ref: store }], tokensFile, rateLimit: false, readCacheMs: 0 }), { logLevel: 'silent' })
  t.teardown(() => running.app.close())
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, unknown> }
  }
  const long = 'S'.repeat(65_536)
  const created = await call('POST', `${A}/scopes`, { name: long, description: 'longest' })
  t.equal(created.status, 200, 'created from a body')
  const scopes = (await call('GET', `${A}/scopes`)).body.scopes as Named[]
  const guid = scopes.find((s) => s.name === long)?.guid ?? ''
  t.match(guid, /^[0-9a-f-]{36}$/i, 'its GUID is listed')
  const byName = await call('GET', `${A}/scopes/${long}`)
  t.equal(byName.status, 431, 'by name the URL is too long for the server (431) ...')
  t.match(byName.body, { code: 'AZMAN_ERR_REQUEST_INVALID', detail: /byGuid/ }, '... and the answer says how to address it')
  const read = await call('GET', `${A}/scopes/${guid}?byGuid=scope`)
  t.equal(read.status, 200, 'read by GUID')
  t.equal(read.body.name, long, 'the whole name')
  const inside = await call('POST', `${A}/scopes/${guid}/role-assignments?byGuid=scope`, { name: 'Inside' })
  t.equal(inside.status, 200, 'a role assignment created in it, addressed by GUID')
  const ra = ((await call('GET', `${A}/scopes/{${guid.toUpperCase()}}/role-assignments?byGuid=scope`)).body.roleAssignments as Named[])[0]
  t.equal(ra?.name, 'Inside', 'listed in it (the GUID in braces and upper case)')
  const renamed = await call('PATCH', `${A}/scopes/${guid}?byGuid=scope`, { newName: `${'T'.repeat(65_535)}` })
  t.equal(renamed.status, 200, 'renamed by GUID')
  t.equal(((await call('GET', `${A}/scopes/${guid}?byGuid=scope`)).body.name as string).length, 65_535, 'the new name, read by the same GUID')
  const deleted = await call('DELETE', `${A}/scopes/${guid}?byGuid=scope`)
  t.equal(deleted.status, 200, 'deleted by GUID')
  const gone = await call('GET', `${A}/scopes/${guid}?byGuid=scope`)
  t.equal(gone.status, 404, 'then gone')
  t.match(gone.body, { code: 'AZMAN_ERR_NOT_FOUND', detail: /no scope with GUID/ })
})

t.test('every kind of object in a path can be read by GUID, and a name by GUID is the name', async (t) => {
  const s = await testServer(t, { stores: { lab: 'hyperv-2008r2-delegated.xml' } })
  const show = json<{ applications: (Named & { operations: Named[]; scopes: Named[] })[] }>(await s.request({ method: 'GET', url: `${A}`.replace(`/applications/${APP_PATH}`, ''), as: 'reader' }))
  const app = show.applications.find((a) => a.name === APP)
  if (app === undefined) throw new Error('no application in the sample')
  const scope = app.scopes[0]
  if (scope === undefined) throw new Error('no scope in the sample')
  const appG = `/stores/lab/applications/${app.guid}`
  const scopeG = `${appG}/scopes/${scope.guid}`
  let checked = 0
  const same = async (byName: string, byGuid: string, what: string) => {
    const a = await s.request({ method: 'GET', url: byName, as: 'reader' })
    const b = await s.request({ method: 'GET', url: byGuid, as: 'reader' })
    t.equal(a.statusCode, 200, `${what} by name`)
    t.equal(b.statusCode, 200, `${what} by GUID`)
    t.same(json(b), json(a), `${what}: the same answer`)
    checked++
  }
  await same(A, `${appG}?byGuid=app`, 'an application')
  await same(`${A}/scopes/${encodeURIComponent(scope.name)}`, `${scopeG}?byGuid=app,scope`, 'a scope')
  const op = app.operations[0]
  if (op !== undefined) await same(`${A}/operations/${encodeURIComponent(op.name)}`, `${appG}/operations/${op.guid}?byGuid=app,operation`, 'an operation')
  for (const [place, placeG, q] of [
    [A, appG, 'app'],
    [`${A}/scopes/${encodeURIComponent(scope.name)}`, scopeG, 'app,scope'],
  ] as const) {
    for (const collection of ['tasks', 'role-definitions', 'role-assignments', 'groups']) {
      const key = { tasks: 'tasks', 'role-definitions': 'roleDefinitions', 'role-assignments': 'roleAssignments', groups: 'groups' }[collection] ?? ''
      const list = json<Record<string, Named[]>>(await s.request({ method: 'GET', url: `${place}/${collection}`, as: 'reader' }))[key] ?? []
      const one = list[0]
      if (one === undefined) continue
      await same(`${place}/${collection}/${encodeURIComponent(one.name)}`, `${placeG}/${collection}/${one.guid}?byGuid=${q},name`, `${collection} at ${q}`)
      await same(`${place}/${collection}/${encodeURIComponent(one.name)}`, `${place}/${collection}/${one.guid}?byGuid=name`, `${collection} at ${q}, only the name by GUID`)
    }
  }
  const storeGroups = json<{ groups: Named[] }>(await s.request({ method: 'GET', url: '/stores/lab/groups', as: 'reader' })).groups
  if (storeGroups[0] !== undefined) await same(`/stores/lab/groups/${encodeURIComponent(storeGroups[0].name)}`, `/stores/lab/groups/${storeGroups[0].guid}?byGuid=name`, 'a store group')
  t.ok(checked >= 12, `${checked} kinds and places read by GUID`)
})

t.test('byGuid refusals: not a GUID, a parameter the route has not, no such object, a name that is no object', async (t) => {
  const s = await testServer(t)
  const cases: [string, number, string][] = [
    [`${A}/scopes/Lab?byGuid=scope`, 400, 'AZMAN_ERR_REQUEST_INVALID'],
    [`${A}/scopes?byGuid=scope`, 400, 'AZMAN_ERR_REQUEST_INVALID'],
    [`${A}/scopes/00000000-0000-0000-0000-000000000000?byGuid=store`, 400, 'AZMAN_ERR_REQUEST_INVALID'],
    [`${A}/scopes/00000000-0000-0000-0000-000000000000?byGuid=scope`, 404, 'AZMAN_ERR_NOT_FOUND'],
    ['/stores/lab/applications/00000000-0000-0000-0000-000000000000?byGuid=app', 404, 'AZMAN_ERR_NOT_FOUND'],
    [`${A}/tasks/00000000-0000-0000-0000-000000000000?byGuid=name`, 404, 'AZMAN_ERR_NOT_FOUND'],
    ['/templates/00000000-0000-0000-0000-000000000000?byGuid=name', 400, 'AZMAN_ERR_REQUEST_INVALID'],
  ]
  for (const [url, status, code] of cases) assertProblem(t, await s.request({ method: 'GET', url, as: 'reader' }), status, code, url)
  const unauthenticated = await s.request({ method: 'GET', url: `${A}/scopes/00000000-0000-0000-0000-000000000000?byGuid=scope`, as: null })
  assertProblem(t, unauthenticated, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'a GUID is looked up only after the token')
  t.equal(cases.length, 7, 'seven refusals checked')
})

t.test('a name in a path longer than AzMan allows for its kind is 400; at the limit it is looked for (404)', async (t) => {
  const s = await testServer(t)
  const kinds: [string, number, (name: string) => string][] = [
    ['application', 512, (n) => `/stores/lab/applications/${n}`],
    ['scope', 65_536, (n) => `${A}/scopes/${n}`],
    ['operation', 64, (n) => `${A}/operations/${n}`],
    ['task', 64, (n) => `${A}/tasks/${n}`],
    ['role definition', 64, (n) => `${A}/role-definitions/${n}`],
    ['role assignment', 64, (n) => `${A}/role-assignments/${n}`],
    ['group', 64, (n) => `${A}/groups/${n}`],
    ['store group', 64, (n) => `/stores/lab/groups/${n}`],
    ['role assignment members (write)', 64, (n) => `${A}/role-assignments/${n}/members`],
  ]
  for (const [kind, limit, url] of kinds) {
    const method = kind.endsWith('(write)') ? 'POST' : 'GET'
    const payload = method === 'POST' ? { members: [{ sid: 'S-1-5-32-544' }] } : undefined
    const over = await s.request({ method, url: url('n'.repeat(limit + 1)), ...(payload === undefined ? {} : { payload }) })
    assertProblem(t, over, 400, 'AZMAN_ERR_REQUEST_INVALID', `${kind}: ${limit + 1} characters`)
    const at = await s.request({ method, url: url('n'.repeat(limit)), ...(payload === undefined ? {} : { payload }) })
    t.equal(at.statusCode, 404, `${kind}: ${limit} characters are looked for`)
  }
  t.equal(kinds.length, 9, 'nine kinds of path names checked')
})

t.test('an object whose name another shares but for case is not addressed by GUID (the route would reach the other one): 409, nothing changed', async (t) => {
  // Regression: GET and DELETE by the GUID of "ops" reached "Ops", the first of the two names; the delete removed "Ops".
  const s = await testServer(t, { config: { readCacheMs: 0 } })
  const path = s.paths.lab ?? ''
  const first = 'aaaaaaaa-0000-4000-8000-000000000001'
  const second = 'bbbbbbbb-0000-4000-8000-000000000002'
  const groups = `<AzApplicationGroup Guid="${first}" Name="Ops" GroupType="Basic"><Member>S-1-5-32-544</Member></AzApplicationGroup><AzApplicationGroup Guid="${second}" Name="ops" GroupType="Basic"><Member>S-1-5-32-545</Member></AzApplicationGroup>`
  writeFileSync(path, readFileSync(path, 'utf8').replace('<AzOperation ', `${groups}<AzOperation `))
  const before = readFileSync(path)
  const read = await s.request({ method: 'GET', url: `${A}/groups/${second}?byGuid=name`, as: 'reader' })
  assertProblem(t, read, 409, 'AZMAN_ERR_AMBIGUOUS_NAME', 'read by the GUID of the second')
  const removed = await s.request({ method: 'DELETE', url: `${A}/groups/${second}?byGuid=name` })
  assertProblem(t, removed, 409, 'AZMAN_ERR_AMBIGUOUS_NAME', 'delete by the GUID of the second')
  t.same(readFileSync(path), before, 'nothing changed')
  const firstRead = await s.request({ method: 'GET', url: `${A}/groups/${first}?byGuid=name`, as: 'reader' })
  t.equal(firstRead.statusCode, 200, 'the first of the two, which the name reaches, is still read by its GUID')
})

t.test('a write by GUID goes through only at the version the GUIDs were read on', async (t) => {
  const s = await testServer(t, { config: { readCacheMs: 0 } })
  t.equal((await s.request({ method: 'POST', url: `${A}/scopes`, payload: { name: 'Pinned' } })).statusCode, 200, 'a scope to address')
  const scopes = json<{ scopes: Named[] }>(await s.request({ method: 'GET', url: `${A}/scopes`, as: 'reader' })).scopes
  const scope = scopes.find((x) => x.name === 'Pinned')
  if (scope === undefined) throw new Error('the scope was not created')
  const before = readFileSync(s.paths.lab ?? '')
  const stale = await s.request({ method: 'POST', url: `${A}/scopes/${scope.guid}/role-assignments?byGuid=scope`, payload: { name: 'Stale' }, headers: { 'if-match': '"sha256:0"' } })
  assertProblem(t, stale, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'an If-Match that is not the version the GUID was read on')
  t.same(readFileSync(s.paths.lab ?? ''), before, 'nothing changed')
  const done = await s.request({ method: 'POST', url: `${A}/scopes/${scope.guid}/role-assignments?byGuid=scope`, payload: { name: 'Placed by GUID' } })
  t.equal(done.statusCode, 200, 'without If-Match: written at the version read')
  t.match(readFileSync(s.paths.lab ?? '', 'utf8'), /Placed by GUID/, 'the role assignment is in the file')
})
