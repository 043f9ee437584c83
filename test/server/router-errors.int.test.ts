/**
 * What the router and the HTTP parser refuse is answered like everything
 * else: an RFC 9457 problem with a request id (X-Request-Id and `instance`),
 * after authentication wherever the request could be read. Before, a path
 * parameter over 8,192 characters got fastify's own 414 before the token was
 * looked at, a bad %-escape fastify's own 400, and a text/plain body a 400
 * from the schema instead of 415.
 */
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { clientErrorHandler } from '../../src/server/plugins/problem-details.js'
import { startServer } from '../../src/server/start-server.js'
import { serverConfig } from '../../src/service-config/server-config.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { APP_PATH, assertProblem, json, sample, testServer } from './support.js'

const A = `/stores/lab/applications/${APP_PATH}`

/** A problem answer that names its request id in the header and the body. */
function assertIdentified(t: Test, r: LightMyRequestResponse | { headers: Record<string, string | undefined>; body: string }, what: string): void {
  const id = r.headers['x-request-id']
  t.type(id, 'string', `${what}: X-Request-Id`)
  t.equal(json<{ instance?: string }>(r as LightMyRequestResponse).instance, id, `${what}: instance is the request id`)
}

t.test('a very long path parameter: 401 without a token, then the route answers (no 414 from the router)', async (t) => {
  const s = await testServer(t)
  const long = 'x'.repeat(9000)
  const anonymous = await s.request({ method: 'GET', url: `${A}/scopes/${long}`, as: null })
  assertProblem(t, anonymous, 401, 'AZMAN_ERR_UNAUTHENTICATED', 'no token, a 9,000-character scope')
  assertIdentified(t, anonymous, 'no token')
  const missing = await s.request({ method: 'GET', url: `${A}/scopes/${long}`, as: 'reader' })
  assertProblem(t, missing, 404, 'AZMAN_ERR_NOT_FOUND', 'a reader, a 9,000-character scope that does not exist')
  assertIdentified(t, missing, 'reader')
  const created = await s.request({ method: 'POST', url: `${A}/scopes`, payload: { name: long } })
  t.equal(created.statusCode, 200, 'a scope with a 9,000-character name is created')
  const read = await s.request({ method: 'GET', url: `${A}/scopes/${long}`, as: 'reader' })
  t.equal(read.statusCode, 200, 'and read back by name')
  t.equal(json<{ name: string }>(read).name, long)
  const renamed = await s.request({ method: 'PATCH', url: `${A}/scopes/${long}`, payload: { newName: `${long}y` } })
  t.equal(renamed.statusCode, 200, 'renamed by name')
  const deleted = await s.request({ method: 'DELETE', url: `${A}/scopes/${long}y` })
  t.equal(deleted.statusCode, 200, 'deleted by name')
})

t.test('a %-escape that does not decode: 401 without a token, then 400, as problems', async (t) => {
  const s = await testServer(t)
  for (const url of [`${A}/scopes/%E0%A4%A`, '/stores/%E0%A4%A', '/nowhere/%ZZ']) {
    const anonymous = await s.request({ method: 'GET', url, as: null })
    assertProblem(t, anonymous, 401, 'AZMAN_ERR_UNAUTHENTICATED', `${url}, no token`)
    assertIdentified(t, anonymous, `${url}, no token`)
    const r = await s.request({ method: 'GET', url, as: 'reader' })
    assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', url)
    assertIdentified(t, r, url)
    t.match(json<{ detail: string }>(r).detail, /percent|%/, `${url}: says what is wrong`)
  }
})

t.test('a body that is not JSON is 415, whatever its type; after authentication', async (t) => {
  const s = await testServer(t)
  for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/xml', 'multipart/form-data; boundary=x']) {
    assertProblem(
      t,
      await s.request({ method: 'POST', url: `${A}/scopes`, payload: '{"name": "x"}', headers: { 'content-type': type }, as: null }),
      401,
      'AZMAN_ERR_UNAUTHENTICATED',
      `${type}, no token`,
    )
    const r = await s.request({ method: 'POST', url: `${A}/scopes`, payload: '{"name": "x"}', headers: { 'content-type': type } })
    assertProblem(t, r, 415, 'AZMAN_ERR_UNSUPPORTED_MEDIA_TYPE', type)
    assertIdentified(t, r, type)
  }
})

t.test('unknown routes and methods: 404 problems with a request id', async (t) => {
  const s = await testServer(t)
  for (const [method, url] of [
    ['GET', '/nowhere'],
    ['OPTIONS', '/stores'],
    ['PUT', '/stores/lab'],
  ] as const) {
    const r = await s.request({ method, url, as: 'reader' })
    assertProblem(t, r, 404, 'AZMAN_ERR_NOT_FOUND', `${method} ${url}`)
    assertIdentified(t, r, `${method} ${url}`)
  }
})

/** Sends raw bytes to the server and reads the whole answer (the server closes the connection). */
async function raw(port: number, request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    socket.on('error', reject)
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of lines) {
        const at = line.indexOf(':')
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim()
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body })
    })
    socket.end(request)
  })
}

t.test('over real HTTP: what the HTTP parser refuses is a problem with a request id', async (t) => {
  const dir = t.testdir({})
  const tokensFile = join(dir, 'tokens.json')
  await addToken(tokensFile, 'reader', 'reader')
  const running = await startServer(serverConfig({ host: '127.0.0.1', port: 0, stores: [{ name: 'lab', ref: sample('hyperv-2008r2.xml') }], tokensFile, rateLimit: false }), { logLevel: 'silent' })
  t.teardown(() => running.app.close())
  const port = Number(new URL(running.url).port)
  const huge = await raw(port, `GET ${A}/scopes/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
  t.equal(huge.status, 431, 'a request line over the header limit: 431')
  t.match(huge.headers['content-type'], /^application\/problem\+json/, '431: problem+json')
  t.match(JSON.parse(huge.body), { status: 431, code: 'AZMAN_ERR_REQUEST_INVALID', instance: huge.headers['x-request-id'] }, '431: code and request id')
  const garbage = await raw(port, 'NOT HTTP AT ALL\r\n\r\n')
  t.equal(garbage.status, 400, 'a request that is not HTTP: 400')
  t.match(JSON.parse(garbage.body), { status: 400, code: 'AZMAN_ERR_REQUEST_INVALID', instance: garbage.headers['x-request-id'] }, '400: code and request id')
})

t.test('a request not received in time: 408 problem with a request id', async (t) => {
  const s = await testServer(t)
  let written = ''
  let destroyed = false
  const socket = { destroyed: false, writable: true, write: (text: string) => (written += text), destroy: () => (destroyed = true) } as unknown as Socket
  clientErrorHandler.call(s.app, Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket)
  t.match(written, /^HTTP\/1\.1 408 Request Timeout\r\n/, '408')
  const [head = '', body = ''] = written.split('\r\n\r\n')
  t.match(head, /Content-Type: application\/problem\+json/)
  const id = /X-Request-Id: (\S+)/.exec(head)?.[1]
  t.match(JSON.parse(body), { status: 408, code: 'AZMAN_ERR_REQUEST_TIMEOUT', instance: id }, 'code and request id')
  t.ok(destroyed, 'the connection is closed')
})
