/**
 * `"expiresAt"` over REST (POST .../delegations, POST .../role-assignments/{name}/members): the
 * expiry is checked before the write, recorded in the store's expiry file after it (as
 * `--until` does) and answered; bad input is a 400 with nothing written; a broken expiry file is
 * refused with the CLI's error.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import t from 'tap'
import { APP_PATH, USER, assertProblem, diskState, json, testServer } from './support.js'

const A = `/stores/delegated/applications/${APP_PATH}`
const WEB = `${A}/scopes/${encodeURIComponent('Web VMs')}`
const LAB_ADMINS = `${A}/scopes/${encodeURIComponent('Lab VMs')}/role-assignments/${encodeURIComponent('Lab Administrators')}/members`
const RA = 'Hyper-V VM operator (Web VMs)'

interface Answer {
  readonly written: boolean
  readonly dryRun: boolean
  readonly expiry?: { readonly expiresAt: string; readonly entries: readonly { sid: string; expiresAt: string; scope?: string; roleAssignment: { name: string }; addedBy?: string }[] }
}

interface Sidecar {
  readonly entries: readonly { sid: string; expiresAt: string; addedBy?: string }[]
}

const sidecarOf = (store: string): Sidecar => JSON.parse(readFileSync(`${store}.expiry.json`, 'utf8')) as Sidecar

t.test('POST delegations with expiresAt: written, recorded after the write, answered', async (t) => {
  const s = await testServer(t)
  const store = s.paths.delegated ?? ''
  const r = await s.request({
    method: 'POST',
    url: `${WEB}/delegations`,
    payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], expiresAt: '2099-01-31T18:00:00Z' },
    headers: { 'azman-reason': 'CHG-1' },
  })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const answer = json<Answer>(r)
  t.equal(answer.written, true)
  t.equal(answer.expiry?.expiresAt, '2099-01-31T18:00:00.000Z')
  t.match(answer.expiry?.entries, [{ sid: USER, scope: 'Web VMs', roleAssignment: { name: RA }, expiresAt: '2099-01-31T18:00:00.000Z', addedBy: String }])
  t.notMatch(r.body, store, "the answer does not name the server's files")
  const history = json<{ entries: { id: string }[] }>(await s.request({ url: '/stores/delegated/history' }))
  t.equal(answer.expiry?.entries[0]?.addedBy, history.entries.at(-1)?.id, 'addedBy names the journal entry of the write')
  t.same(sidecarOf(store).entries, answer.expiry?.entries, 'the expiry file holds what was answered')
})

t.test('POST role-assignment members with expiresAt (with an offset): recorded in UTC; a dry run records nothing', async (t) => {
  const s = await testServer(t)
  const store = s.paths.delegated ?? ''
  const dry = await s.request({ method: 'POST', url: `${LAB_ADMINS}?dryRun=true`, payload: { members: [{ sid: USER }], expiresAt: '2099-01-31T19:00+01:00' } })
  t.equal(dry.statusCode, 200, dry.body.slice(0, 300))
  t.match(json<Answer>(dry), { dryRun: true, expiry: { expiresAt: '2099-01-31T18:00:00.000Z', entries: [] } })
  t.notOk(existsSync(`${store}.expiry.json`), 'a dry run writes no expiry file')
  const r = await s.request({ method: 'POST', url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: '2099-01-31T19:00+01:00' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json<Answer>(r).expiry, { expiresAt: '2099-01-31T18:00:00.000Z', entries: [{ sid: USER, scope: 'Lab VMs', roleAssignment: { name: 'Lab Administrators' } }] })
  t.equal(sidecarOf(store).entries.length, 1)
  const plain = await s.request({ method: 'POST', url: LAB_ADMINS, payload: { members: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1198' }] } })
  t.equal(plain.statusCode, 200, plain.body.slice(0, 300))
  t.notOk('expiry' in json<Answer>(plain), 'no expiresAt, no expiry in the answer')
  t.equal(sidecarOf(store).entries.length, 1, 'and nothing recorded')
})

t.test('bad expiresAt: 400, nothing written', async (t) => {
  const s = await testServer(t)
  const store = s.paths.delegated ?? ''
  const before = diskState(store)
  const cases: readonly { readonly url: string; readonly payload: object; readonly code: string; readonly detail: RegExp }[] = [
    { url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: '2001-01-01T00:00:00Z' }, code: 'AZMAN_ERR_USAGE', detail: /expiresAt "2001-01-01T00:00:00Z" is not in the future/ },
    { url: `${WEB}/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], expiresAt: '2000-06-01T00:00:00+02:00' }, code: 'AZMAN_ERR_USAGE', detail: /not in the future/ },
    { url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: 'next tuesday' }, code: 'AZMAN_ERR_REQUEST_INVALID', detail: /expiresAt/ },
    { url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: '2099-01-31T18:00:00' }, code: 'AZMAN_ERR_REQUEST_INVALID', detail: /expiresAt/ },
    { url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: '2099-02-30T18:00:00Z' }, code: 'AZMAN_ERR_USAGE', detail: /expiresAt takes an ISO 8601 time/ },
    {
      url: LAB_ADMINS,
      payload: { members: [{ group: 'VM Operators' }], expiresAt: '2099-01-31T18:00:00Z' },
      code: 'AZMAN_ERR_USAGE',
      detail: /records members by SID: give them as \{"sid"\} or \{"account"\}/,
    },
  ]
  let checked = 0
  for (const c of cases) {
    const r = await s.request({ method: 'POST', url: c.url, payload: c.payload })
    assertProblem(t, r, 400, c.code, JSON.stringify(c.payload))
    t.match(json<{ detail: string }>(r).detail, c.detail)
    checked++
  }
  t.equal(checked, 6)
  t.equal(diskState(store), before, 'nothing written: no store change, no journal, no expiry file')
})

t.test('a broken expiry file: refused as the CLI refuses it (AZMAN_ERR_EXPIRY_FILE), nothing written', async (t) => {
  const s = await testServer(t)
  const store = s.paths.delegated ?? ''
  writeFileSync(`${store}.expiry.json`, '{"format": "azman-expiry/1", "entries": [{"sid": 5}]}')
  const before = diskState(store)
  const r = await s.request({ method: 'POST', url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: '2099-01-31T18:00:00Z' } })
  assertProblem(t, r, 500, 'AZMAN_ERR_EXPIRY_FILE')
  t.match(json<{ detail: string }>(r).detail, /is not of the azman-expiry\/1 shape: \$\.entries\[0\]/)
  t.notMatch(r.body, s.dir, "the detail does not name the server's folders")
  t.equal(diskState(store), before, 'nothing written')
  const without = await s.request({ method: 'POST', url: LAB_ADMINS, payload: { members: [{ sid: USER }] } })
  t.equal(without.statusCode, 200, 'a write without expiresAt does not read the expiry file')
})

t.test('OpenAPI: expiresAt on both routes, the answer with its expiry', async (t) => {
  const s = await testServer(t)
  const doc = json<{
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>
    components: { schemas: Record<string, unknown> }
  }>(await s.request({ url: '/openapi.json', as: null }))
  let checked = 0
  for (const path of ['/stores/{store}/applications/{app}/scopes/{scope}/delegations', '/stores/{store}/applications/{app}/role-assignments/{name}/members']) {
    t.ok(doc.paths[path]?.post?.requestBody?.content['application/json']?.schema.properties?.expiresAt, `POST ${path} takes expiresAt`)
    checked++
  }
  t.equal(checked, 2)
  t.ok(doc.components.schemas.RecordedExpiry, 'RecordedExpiry is a component')
  t.ok(doc.components.schemas.ExpiringWriteOutcome, 'ExpiringWriteOutcome is a component')
})

t.test('POST members with expiresAt of a member already there: no entry, listed in alreadyMembers', async (t) => {
  const s = await testServer(t)
  const store = s.paths.delegated ?? ''
  const first = await s.request({ method: 'POST', url: LAB_ADMINS, payload: { members: [{ sid: USER }] } })
  t.equal(first.statusCode, 200, first.body.slice(0, 300))
  const r = await s.request({ method: 'POST', url: LAB_ADMINS, payload: { members: [{ sid: USER }], expiresAt: '2099-01-31T18:00:00Z' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.same(json<Answer & { expiry: { alreadyMembers: string[] } }>(r).expiry, { expiresAt: '2099-01-31T18:00:00.000Z', entries: [], alreadyMembers: [USER] })
  t.notOk(existsSync(`${store}.expiry.json`) && sidecarOf(store).entries.length > 0, 'nothing recorded')
})
