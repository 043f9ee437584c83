/**
 * `Azman-Reason` is UTF-8: the header's bytes as sent (what curl sends for a
 * reason typed in a UTF-8 terminal), or, for clients that can only send
 * ASCII, the RFC 8187 form `UTF-8''<percent-encoded UTF-8>`. Either is
 * decoded strictly and stored in the journal as the text it encodes; bytes
 * that are not UTF-8, a broken %-escape and control characters are 400, and
 * nothing is written. Before, a UTF-8 reason was stored as mojibake (its bytes
 * read as Latin-1).
 */
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { startServer } from '../../src/server/start-server.js'
import { serverConfig } from '../../src/service-config/server-config.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { APP_PATH, assertProblem, diskState, json, sample, testServer, USER, type TestServer } from './support.js'

const MEMBERS = `/stores/lab/applications/${APP_PATH}/role-assignments/Administrator/members`
const REASON = 'Zoë asked ✓ 変更 🎉 (CHG-42, 50% done)'

/** What a client puts on the wire for a header of this text: its UTF-8 bytes (Node reads header bytes as Latin-1). */
function wire(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

async function lastReason(s: TestServer): Promise<string | undefined> {
  const entries = json<{ entries: { reason?: string }[] }>(await s.request({ method: 'GET', url: '/stores/lab/history', as: 'reader' })).entries
  return entries.at(-1)?.reason
}

async function writeWith(t: Test, s: TestServer, header: string, i: number): Promise<void> {
  const r = await s.request({ method: 'POST', url: MEMBERS, payload: { members: [{ sid: `${USER.slice(0, -4)}${2000 + i}` }] }, headers: { 'azman-reason': header } })
  t.equal(r.statusCode, 200, `written: ${r.body.slice(0, 200)}`)
}

t.test('a UTF-8 reason is stored as the text it encodes, in both forms', async (t) => {
  const s = await testServer(t)
  const cases: [string, string, string][] = [
    ['raw UTF-8 bytes', wire(REASON), REASON],
    ['RFC 8187', `UTF-8''${encodeURIComponent(REASON)}`, REASON],
    ['RFC 8187, lower-case charset and a language', `utf-8'en'${encodeURIComponent('Zoë')}`, 'Zoë'],
    ['ASCII, with a % sign', 'CHG-1234: raise to 50%', 'CHG-1234: raise to 50%'],
    ['apostrophes', "Bob's and Al's request", "Bob's and Al's request"],
    ['another charset than UTF-8 is not RFC 8187 here: the text itself', "ISO-8859-1''Zo%EB", "ISO-8859-1''Zo%EB"],
  ]
  let i = 0
  for (const [what, header, stored] of cases) {
    await writeWith(t, s, header, i++)
    t.equal(await lastReason(s), stored, `${what}: stored exactly`)
  }
  t.equal(i, 6)
  const id = json<{ entries: { id: string }[] }>(await s.request({ method: 'GET', url: '/stores/lab/history', as: 'reader' })).entries.at(-1)?.id
  const rollback = await s.request({ method: 'POST', url: '/stores/lab/rollback', payload: { before: id }, headers: { 'azman-reason': wire('undo: Zoë') } })
  t.equal(rollback.statusCode, 200, 'a rollback')
  t.equal(await lastReason(s), 'undo: Zoë', 'a rollback stores its reason the same way')
})

t.test('a reason that does not decode, or holds control characters, is 400 and nothing is written', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.paths.lab ?? '')
  const bad: [string, string][] = [
    ['a Latin-1 byte that is not UTF-8', 'Zo\u00eb'],
    ['a truncated UTF-8 sequence', wire('✓').slice(0, 2)],
    ['an overlong encoding', '\u00c0\u00af'],
    ['an encoded surrogate', '\u00ed\u00a0\u0080'],
    ['RFC 8187 with a broken escape', "UTF-8''%E2%9C"],
    ['RFC 8187 with a bad escape', "UTF-8''100%"],
    ['a control character', 'a\u0001b'],
    ['a C1 control character', wire('a\u0085b')],
    ['a line break, percent-encoded', "UTF-8''a%0Ab"],
    ['an escape sequence, percent-encoded', "UTF-8''%1B%5B31mred"],
    ['more than 1024 characters', wire('é'.repeat(1025))],
  ]
  for (const [what, header] of bad) {
    const r = await s.request({ method: 'POST', url: MEMBERS, payload: { members: [{ sid: USER }] }, headers: { 'azman-reason': header } })
    assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', what)
    t.match(json<{ detail: string }>(r).detail, /Azman-Reason/, `${what}: names the header`)
  }
  t.equal(bad.length, 11)
  t.equal(diskState(s.paths.lab ?? ''), before, 'nothing written')
  const reason = 'é'.repeat(1024)
  await writeWith(t, s, wire(reason), 0)
  t.equal(await lastReason(s), reason, '1024 characters are allowed')
})

t.test('over real HTTP: the bytes curl or fetch send', async (t) => {
  const dir = t.testdir({})
  const tokensFile = join(dir, 'tokens.json')
  const { token } = await addToken(tokensFile, 'writer', 'operator')
  const store = join(dir, 'lab.xml')
  const { copyFileSync } = await import('node:fs')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const running = await startServer(serverConfig({ host: '127.0.0.1', port: 0, stores: [{ name: 'lab', ref: store }], tokensFile, rateLimit: false }), { logLevel: 'silent' })
  t.teardown(() => running.app.close())
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const r = await fetch(`${running.url}${MEMBERS}`, { method: 'POST', headers: { ...headers, 'azman-reason': wire(REASON) }, body: JSON.stringify({ members: [{ sid: USER }] }) })
  t.equal(r.status, 200, 'written')
  const history = (await (await fetch(`${running.url}/stores/lab/history`, { headers })).json()) as { entries: { reason?: string }[] }
  t.equal(history.entries.at(-1)?.reason, REASON, 'the journal holds the reason as typed')
  const refused = await fetch(`${running.url}${MEMBERS}`, { method: 'POST', headers: { ...headers, 'azman-reason': 'Zo\u00eb' }, body: JSON.stringify({ members: [{ sid: USER }] }) })
  t.equal(refused.status, 400, 'a Latin-1 byte: 400')
})
