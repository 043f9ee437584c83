/**
 * The server on a real port, over real HTTP (fetch): 50 concurrent writers,
 * HTTPS with a certificate made here, and a log that never shows a token.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { startServer } from '../../src/server/start-server.js'
import { serverConfig } from '../../src/service-config/server-config.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { APP_PATH, sample } from './support.js'

const WRITERS = 50
/** curl in a child process, awaited: the server runs in this process and must keep answering. */
const run = promisify(execFile)
const sidOf = (i: number) => `S-1-5-21-1004336348-1177238915-682003330-${5000 + i}`
const MEMBERS = `/stores/lab/applications/${APP_PATH}/role-assignments/Administrator/members`

async function server(t: Test, options: { tls?: boolean } = {}) {
  const dir = t.testdir({ 'lab.xml': readFileSync(sample('hyperv-2008r2.xml')) })
  const tokensFile = join(dir, 'tokens.json')
  const { token } = await addToken(tokensFile, 'writer', 'operator')
  let tls: { certFile: string; keyFile: string } | undefined
  if (options.tls === true) {
    tls = { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') }
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', tls.keyFile, '-out', tls.certFile, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' })
  }
  let log = ''
  const logStream = new Writable({
    write(chunk: Buffer, _e, done) {
      log += chunk.toString('utf8')
      done()
    },
  })
  const config = serverConfig({
    host: '127.0.0.1',
    port: 0,
    stores: [{ name: 'lab', ref: join(dir, 'lab.xml') }],
    tokensFile,
    rateLimit: false,
    lockTimeoutMs: 2000,
    ...(tls === undefined ? {} : { tls }),
  })
  const running = await startServer(config, { logStream, validateResponses: true })
  t.teardown(() => running.app.close())
  return { ...running, token, dir, path: join(dir, 'lab.xml'), logs: () => log }
}

t.test(`${WRITERS} concurrent writers adding members over HTTP lose nothing`, async (t) => {
  const s = await server(t)
  t.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'listening on a real port')
  const auth = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }
  const statuses: number[] = []
  async function writer(i: number, conditional: boolean): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const headers: Record<string, string> = { ...auth }
      if (conditional) {
        const current = await fetch(`${s.url}/stores/lab`, { headers: auth })
        headers['if-match'] = current.headers.get('etag') ?? ''
        await current.arrayBuffer()
      }
      const r = await fetch(`${s.url}${MEMBERS}`, { method: 'POST', headers: { ...headers, 'azman-reason': `writer ${i}` }, body: JSON.stringify({ members: [{ sid: sidOf(i) }] }) })
      statuses.push(r.status)
      const body = (await r.json()) as { written?: boolean }
      if (r.status === 200) {
        t.equal(body.written, true, `writer ${i} written`)
        return
      }
      if (r.status !== 409 && r.status !== 412) throw new Error(`writer ${i}: unexpected ${r.status} ${JSON.stringify(body)}`)
    }
    throw new Error(`writer ${i} gave up`)
  }
  // Half the writers send If-Match (some get 412 and retry), half rely on the store lock alone.
  await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i, i % 2 === 0)))
  const members = parseXmlStore(readFileSync(s.path)).policy.applications[0]?.roleAssignments.find((r) => r.name === 'Administrator')?.members ?? []
  t.equal(members.length, WRITERS + 1, 'every member is in the store, and the administrators still are')
  for (let i = 0; i < WRITERS; i++) t.ok(members.includes(sidOf(i)), `member ${i}`)
  const history = (await (await fetch(`${s.url}/stores/lab/history`, { headers: auth })).json()) as { entries: { actor: string; reason: string }[] }
  t.equal(history.entries.length, WRITERS, 'one journal entry per write')
  t.ok(
    history.entries.every((e) => e.actor === 'writer'),
    'the actor is the token name',
  )
  t.ok(
    statuses.every((s) => s === 200 || s === 409 || s === 412),
    'only 200, 409 and 412',
  )
  t.comment(`statuses: ${['200', '409', '412'].map((c) => `${c}: ${statuses.filter((s) => String(s) === c).length}`).join(', ')}`)
  t.notOk(existsSync(`${s.path}.lock`), 'no lock left behind')
})

t.test('tokens never appear in the log', async (t) => {
  const s = await server(t)
  const wrong = 'azman_this-token-is-wrong-but-still-secret'
  for (const authorization of [`Bearer ${s.token}`, `Bearer ${wrong}`, `Basic ${Buffer.from(`user:${s.token}`).toString('base64')}`, `bearer ${s.token}`]) {
    await (await fetch(`${s.url}/stores/lab`, { headers: { authorization } })).arrayBuffer()
    await (await fetch(`${s.url}${MEMBERS}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"members": [' })).arrayBuffer()
  }
  await (await fetch(`${s.url}/nowhere?token=${wrong}`, { headers: { authorization: `Bearer ${s.token}` } })).arrayBuffer()
  const log = s.logs()
  t.ok(log.split('\n').filter(Boolean).length >= 10, 'requests were logged')
  t.match(log, /"reqId":"[0-9a-f-]{36}"/, 'with a request id')
  t.notOk(log.includes(s.token), 'the valid token is not in the log')
  t.notOk(log.includes(s.token.slice(6, 30)), 'nor any part of it')
  t.notOk(log.includes(Buffer.from(`user:${s.token}`).toString('base64').slice(0, 20)), 'nor the Basic credentials')
  t.notOk(/"authorization"/i.test(log), 'no Authorization header at all')
  t.comment('a token sent in a URL is the client misusing it; the query string is logged as sent, so tokens must never go there')
})

t.test('HTTPS with a certificate and key', async (t) => {
  const s = await server(t, { tls: true })
  t.match(s.url, /^https:\/\//)
  const base = s.url.replace('127.0.0.1', 'localhost')
  const cacert = join(s.dir, 'cert.pem')
  const out = (await run('curl', ['-sS', '--cacert', cacert, '-H', `Authorization: Bearer ${s.token}`, `${base}/stores`])).stdout
  t.same(JSON.parse(out), { stores: [{ name: 'lab' }] }, 'curl verifies the certificate and gets the stores')
  t.equal((await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', cacert, `${base}/health`])).stdout, '200')
  const refused = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', `${base}/health`]).then(
    (r) => r.stdout,
    (e: unknown) => (e as { stdout?: string }).stdout ?? 'failed',
  )
  t.not(refused, '200', 'a client that does not trust the certificate gets nothing')
  const plain = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', `${s.url.replace('https', 'http')}/health`]).then(
    (r) => r.stdout,
    (e: unknown) => (e as { stdout?: string }).stdout ?? 'failed',
  )
  t.not(plain, '200', 'plain HTTP on the TLS port gets no answer')
})
