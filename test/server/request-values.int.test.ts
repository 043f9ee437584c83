/**
 * Values of requests the schemas used to let through or refuse wrongly:
 * OperationIDs that are not 32-bit integers (1e400 parsed to Infinity and
 * became "OperationID Infinity"), and `If-Match` lists, which RFC 9110
 * §13.1.1 allows (any of the tags will do) and which were refused.
 */
import t from 'tap'
import { APP, APP_PATH, assertProblem, diskState, json, testServer } from './support.js'

const A = `/stores/lab/applications/${APP_PATH}`
const STALE = '"sha256:0000000000000000000000000000000000000000000000000000000000000000"'

t.test('OperationIDs must be 32-bit integers: Infinity, fractions and larger numbers are 400 at the schema', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.paths.lab ?? '')
  const bad = ['1e400', '-1e400', '1.5', '2147483648', '-2147483649', '1e10']
  let checked = 0
  for (const value of bad) {
    for (const [method, url, body] of [
      ['POST', `${A}/tasks`, `{"name": "n", "operations": [${value}]}`],
      ['POST', `${A}/role-definitions`, `{"name": "n", "operations": [${value}]}`],
      ['PATCH', `${A}/role-definitions/Administrator`, `{"addOperations": [${value}]}`],
      ['PATCH', `${A}/role-definitions/Administrator`, `{"removeOperations": [${value}]}`],
      ['POST', `${A}/delegations`, `{"operations": [${value}], "members": [{"account": "Everyone"}]}`],
      ['POST', '/stores/lab/changes', `{"changes": [{"type": "create-operation", "app": ${JSON.stringify(APP)}, "name": "n", "operationId": ${value}}]}`],
      ['POST', '/stores/lab/plan', `{"changes": [{"type": "create-task", "app": ${JSON.stringify(APP)}, "name": "n", "operations": [${value}]}]}`],
    ] as const) {
      const r = await s.request({ method, url, payload: body, headers: { 'content-type': 'application/json' } })
      assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', `${method} ${url} with ${value}`)
      t.notMatch(r.body, /Infinity/, `${value}: not read as Infinity`)
      checked++
    }
  }
  t.equal(checked, bad.length * 7, 'every value on every route that takes OperationIDs')
  t.equal(diskState(s.paths.lab ?? ''), before, 'nothing written')
  const ok = await s.request({ method: 'POST', url: `${A}/tasks?dryRun=true`, payload: { name: 'n', operations: [315, 2147483647, -2147483648].slice(0, 1) } })
  t.equal(ok.statusCode, 200, 'an OperationID in range passes')
})

t.test('If-Match takes a list of entity tags: the write happens when any of them is the store version', async (t) => {
  const s = await testServer(t)
  const url = `${A}/scopes`
  const current = String((await s.request({ method: 'GET', url: '/stores/lab' })).headers.etag)
  for (const header of [`${STALE}, ${current}`, `${current},${STALE}`, ` ${STALE} ,  ${current} `, `W/${STALE}, ${current}`, `${STALE},, ${current}`]) {
    const r = await s.request({ method: 'POST', url: `${url}?dryRun=true`, payload: { name: 'Listed' }, headers: { 'if-match': header } })
    t.equal(r.statusCode, 200, `If-Match: ${header}`)
  }
  const stale = await s.request({ method: 'POST', url, payload: { name: 'Listed' }, headers: { 'if-match': `${STALE}, W/${current}` } })
  assertProblem(t, stale, 412, 'AZMAN_ERR_CONFLICT_PRECONDITION', 'a list of a stale tag and a weak one')
  for (const header of ['"a" "b"', '"a", b', '*, "a"', ', ,']) {
    assertProblem(t, await s.request({ method: 'POST', url, payload: { name: 'Listed' }, headers: { 'if-match': header } }), 400, 'AZMAN_ERR_REQUEST_INVALID', `If-Match: ${header}`)
  }
  const written = await s.request({ method: 'POST', url, payload: { name: 'Listed' }, headers: { 'if-match': `${STALE}, ${current}` } })
  t.equal(written.statusCode, 200, 'written with a list naming the current version')
  t.equal(json<{ written: boolean }>(written).written, true)
  const rollback = await s.request({
    method: 'POST',
    url: '/stores/lab/rollback',
    payload: { before: json<{ entries: { id: string }[] }>(await s.request({ method: 'GET', url: '/stores/lab/history' })).entries[0]?.id },
    headers: { 'if-match': `${STALE}, ${String(written.headers.etag)}` },
  })
  t.equal(rollback.statusCode, 200, 'a rollback with a list naming the current version')
})

t.test('JSON bodies are UTF-8, decoded strictly: bytes that are not UTF-8 were read as U+FFFD and stored in names', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.paths.lab ?? '')
  const latin1 = Buffer.concat([Buffer.from('{"name": "Zo'), Buffer.from([0xeb]), Buffer.from('"}')])
  const cut = Buffer.concat([Buffer.from('{"name": "'), Buffer.from('✓', 'utf8').subarray(0, 2), Buffer.from('"}')])
  for (const [what, payload] of [
    ['a Latin-1 byte', latin1],
    ['a truncated UTF-8 sequence', cut],
  ] as const) {
    const r = await s.request({ method: 'POST', url: `${A}/scopes`, payload, headers: { 'content-type': 'application/json' } })
    assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', what)
    t.match(json<{ detail: string }>(r).detail, /UTF-8/, `${what}: says the body must be UTF-8`)
  }
  for (const type of ['application/json; charset=latin1', 'application/json; charset=utf-16']) {
    assertProblem(t, await s.request({ method: 'POST', url: `${A}/scopes`, payload: latin1, headers: { 'content-type': type } }), 415, 'AZMAN_ERR_UNSUPPORTED_MEDIA_TYPE', type)
  }
  t.equal(diskState(s.paths.lab ?? ''), before, 'nothing written')
  for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
    const r = await s.request({ method: 'POST', url: `${A}/scopes?dryRun=true`, payload: Buffer.from('{"name": "Zoë ✓"}', 'utf8'), headers: { 'content-type': type } })
    t.equal(r.statusCode, 200, type)
    t.match(json(r), { plan: { changes: [{ name: 'Zoë ✓' }] } }, `${type}: the name as sent`)
  }
  const poisoned = await s.request({ method: 'POST', url: `${A}/scopes?dryRun=true`, payload: '{"name": "x", "__proto__": {"admin": true}}', headers: { 'content-type': 'application/json' } })
  assertProblem(t, poisoned, 400, 'AZMAN_ERR_REQUEST_INVALID', 'a __proto__ key is still refused')
})
