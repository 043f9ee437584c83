import { homedir, tmpdir } from 'node:os'
import { mkdirSync, writeFileSync } from 'node:fs'
import t from 'tap'
import { APP_PATH, json, REPO_ROOT, testServer, USER } from './support.js'

// No REST error detail shows a path of the server's file system or speaks of command-line
// flags (issue #11, defect 7: GET /templates/nope named the install folder). Every 4xx this
// test can make the API produce, with the server's own folders looked for in the answer.

const A = `/stores/lab/applications/${APP_PATH}`

t.test('4xx details name no server path and no command-line flag', async (t) => {
  const s = await testServer(t)
  mkdirSync(`${s.dir}/folder.xml`)
  writeFileSync(`${s.dir}/tokens-copy.json`, '{}')
  const requests: {
    readonly what: string
    readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
    readonly url: string
    readonly payload?: unknown
    readonly as?: 'reader' | 'auditor' | 'operator' | null
    readonly headers?: Record<string, string>
  }[] = [
    { what: 'an unknown template', method: 'GET', url: '/templates/nope' },
    { what: 'a template path', method: 'GET', url: '/templates/..%2Fpackage' },
    { what: 'an unknown template in an audit', method: 'POST', url: '/stores/lab/audit', payload: { templates: ['nope'] }, as: 'auditor' },
    { what: 'an unknown store', method: 'GET', url: '/stores/nope' },
    { what: 'an unknown application', method: 'GET', url: '/stores/lab/applications/nope' },
    { what: 'an unknown route', method: 'GET', url: '/nope' },
    { what: 'no token', method: 'GET', url: '/stores', as: null },
    { what: 'a reader writing', method: 'POST', url: `${A}/scopes`, payload: { name: 'X' }, as: 'reader' },
    { what: 'a bad body', method: 'POST', url: `${A}/scopes`, payload: { nope: 1 } },
    { what: 'an administrator lockout', method: 'DELETE', url: `${A}/role-assignments/Administrator` },
    { what: 'an unknown account', method: 'POST', url: `${A}/role-assignments/Administrator/members`, payload: { members: [{ account: 'LAB\\nobody' }] } },
    { what: 'a delegation without members', method: 'POST', url: `${A}/delegations`, payload: { template: 'hyperv-vm-operator', members: [] } },
    { what: 'a scope-only template at application level', method: 'POST', url: `${A}/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }] } },
    { what: 'a stale If-Match', method: 'POST', url: `${A}/scopes`, payload: { name: 'Y' }, headers: { 'if-match': '"sha256:00"' } },
    { what: 'a text body', method: 'POST', url: `${A}/scopes`, payload: 'name=Z', headers: { 'content-type': 'text/plain' } },
  ]
  const folders = [REPO_ROOT.replace(/\/$/, ''), s.dir, tmpdir(), homedir()]
  let checked = 0
  for (const r of requests) {
    const response = await s.request({
      method: r.method,
      url: r.url,
      ...(r.payload === undefined ? {} : { payload: r.payload as string }),
      as: r.as === undefined ? 'operator' : r.as,
      headers: r.headers ?? {},
    })
    t.ok(response.statusCode >= 400 && response.statusCode < 500, `${r.what}: a 4xx (${response.statusCode})`)
    const body = json<Record<string, unknown>>(response)
    const text = JSON.stringify(body)
    for (const folder of folders) t.notOk(text.includes(folder), `${r.what}: no ${folder} in ${String(body.detail)}`)
    t.notMatch(String(body.detail), /(^|\s|\()--[a-z]/, `${r.what}: no command-line flag in "${String(body.detail)}"`)
    checked++
  }
  t.equal(checked, requests.length)
})
