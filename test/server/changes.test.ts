/**
 * REST: GET /stores/{store}/changes, the change feed: entries after `since`
 * with their effective-access delta, paged; `wait` long-polls; two clients
 * following while a writer makes 20 changes see all 20 in order, none twice;
 * closing the server ends held requests; an unknown `since` is 404.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import t from 'tap'
import { FEED_HELD_MAX } from '../../src/history/change-feed.js'
import { APP, assertProblem, json, testServer, type TestServer } from './support.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330-'

interface Page {
  readonly entries: readonly {
    readonly id: string
    readonly before: string
    readonly after: string
    readonly reason?: string
    readonly summary: readonly string[]
    readonly access: readonly { principal: { sid: string | null }; change: string }[]
    readonly outside?: { readonly from: string; readonly to: string; readonly access: readonly { principal: { sid: string | null }; change: string }[] }
  }[]
  readonly next?: string
  readonly last: string | null
}

async function addMember(s: TestServer, n: number): Promise<void> {
  const r = await s.request({
    method: 'POST',
    url: '/stores/delegated/changes',
    headers: { 'azman-reason': `CHG-${n}` },
    payload: { changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'VM Operators (Lab VMs)', members: [{ sid: `${D}${2000 + n}` }] }] },
  })
  if (r.statusCode !== 200) throw new Error(r.body)
}

const feed = async (s: TestServer, query: string): Promise<Page> => {
  const r = await s.request({ method: 'GET', url: `/stores/delegated/changes${query}`, as: 'reader' })
  if (r.statusCode !== 200) throw new Error(r.body)
  return json<Page>(r)
}

t.test('the feed lists entries after since with the access delta, a page at a time', async (t) => {
  const s = await testServer(t)
  t.same(await feed(s, ''), { entries: [], last: null }, 'an empty journal')
  for (let n = 0; n < 3; n++) await addMember(s, n)
  const all = await feed(s, '')
  t.equal(all.entries.length, 3)
  t.match(all.entries[0], { reason: 'CHG-0', summary: [/add role assignment members/], access: [{ principal: { sid: `${D}2000` }, change: 'gained' }] })
  t.equal(all.last, all.entries[2]?.id)
  const first = await feed(s, '?limit=2')
  t.equal(first.entries.length, 2)
  t.equal(first.next, first.entries[1]?.id, 'next: where to go on')
  const rest = await feed(s, `?since=${encodeURIComponent(first.next ?? '')}&limit=2`)
  t.same(
    rest.entries.map((e) => e.id),
    [all.entries[2]?.id],
  )
  t.equal(rest.next, undefined, 'the end of the journal')
  t.same((await feed(s, `?since=${encodeURIComponent(all.last ?? '')}`)).entries, [], 'nothing after the last entry')
})

t.test('bad input: unknown since 404, wait over 60 or a limit out of range 400; a wait with nothing new ends empty', async (t) => {
  const s = await testServer(t)
  await addMember(s, 0)
  const unknown = await s.request({ method: 'GET', url: '/stores/delegated/changes?since=20000101T000000.000Z-abcdef&wait=30', as: 'reader' })
  assertProblem(t, unknown, 404, 'AZMAN_ERR_NOT_FOUND')
  assertProblem(t, await s.request({ method: 'GET', url: '/stores/delegated/changes?wait=61', as: 'reader' }), 400, 'AZMAN_ERR_REQUEST_INVALID')
  assertProblem(t, await s.request({ method: 'GET', url: '/stores/delegated/changes?limit=0', as: 'reader' }), 400, 'AZMAN_ERR_REQUEST_INVALID')
  const last = (await feed(s, '')).last ?? ''
  const started = Date.now()
  const empty = await feed(s, `?since=${encodeURIComponent(last)}&wait=1`)
  t.same(empty.entries, [])
  t.ok(Date.now() - started >= 900, 'held for the wait')
})

t.test('two clients long-poll while a writer makes 20 changes: both see all 20 in order, none twice', async (t) => {
  const s = await testServer(t)
  const follow = async (): Promise<string[]> => {
    const seen: string[] = []
    let since: string | undefined
    while (seen.length < 20) {
      const page = await feed(s, `?wait=10${since === undefined ? '' : `&since=${encodeURIComponent(since)}`}`)
      for (const e of page.entries) seen.push(e.reason ?? '')
      since = page.entries.at(-1)?.id ?? since
    }
    return seen
  }
  const clients = [follow(), follow()]
  for (let n = 0; n < 20; n++) {
    await addMember(s, n)
    if (n % 3 === 0) await new Promise((r) => setTimeout(r, 300))
  }
  const expected = Array.from({ length: 20 }, (_, n) => `CHG-${n}`)
  const [a, b] = await Promise.all(clients)
  t.same(a, expected, 'client 1: all 20, in order, once')
  t.same(b, expected, 'client 2: all 20, in order, once')
})

t.test('closing the server ends a held request at once', async (t) => {
  const s = await testServer(t)
  const held = s.request({ method: 'GET', url: '/stores/delegated/changes?wait=60', as: 'reader' })
  await new Promise((r) => setTimeout(r, 300))
  const started = Date.now()
  await s.app.close()
  const r = await held
  t.ok(Date.now() - started < 5000, `closed in ${Date.now() - started} ms`)
  t.equal(r.statusCode, 200)
  t.same(json<Page>(r).entries, [])
})

t.test('a request that reaches the feed while the server closes answers at once instead of waiting', async (t) => {
  const s = await testServer(t)
  // Sent and the close begun at once. Depending on timing the request is refused as the server
  // closes (503), or was accepted and reaches the handler after preClose ended the held waits: it
  // must then answer at once, not be held for its 60 s (a run under load once took 60 s here).
  const late = s.request({ method: 'GET', url: '/stores/delegated/changes?wait=60', as: 'reader' })
  const started = Date.now()
  await s.app.close()
  const r = await late
  t.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`)
  t.ok([200, 503].includes(r.statusCode), `answered ${r.statusCode}`)
})

t.test(`at most ${FEED_HELD_MAX} requests are held at once: one more is a 429 with Retry-After; followers of a store share its journal reads`, async (t) => {
  const s = await testServer(t)
  await addMember(s, 0)
  const last = (await feed(s, '')).last ?? ''
  // The real store, its history() counted: how often the journal is read while the requests are held.
  const store = s.app.azman.store('delegated')
  const history = store.history.bind(store)
  let reads = 0
  store.history = async () => {
    reads++
    return history()
  }
  const url = `/stores/delegated/changes?since=${encodeURIComponent(last)}&wait=2`
  const held = Array.from({ length: FEED_HELD_MAX }, () => s.request({ method: 'GET', url, as: 'reader' }))
  await new Promise((r) => setTimeout(r, 500))
  const refused = await s.request({ method: 'GET', url, as: 'reader' })
  assertProblem(t, refused, 429, 'AZMAN_ERR_RATE_LIMITED')
  t.equal(refused.headers['retry-after'], '1')
  const atOnce = await s.request({ method: 'GET', url: `/stores/delegated/changes?since=${encodeURIComponent(last)}`, as: 'reader' })
  t.equal(atOnce.statusCode, 200, 'a request that does not wait is still answered')
  const answers = await Promise.all(held)
  t.equal(answers.filter((r) => r.statusCode === 200).length, FEED_HELD_MAX, 'every held request answered')
  // Each held request reads once when it arrives, then shares one read per 250 ms poll: about
  // 64 + 8 over two seconds, where unshared polls would make 64 x 8 = 512.
  t.ok(reads < FEED_HELD_MAX + 40, `${reads} journal reads for ${FEED_HELD_MAX} followers held 2 s`)
  const after = await s.request({ method: 'GET', url: `/stores/delegated/changes?since=${encodeURIComponent(last)}&wait=1`, as: 'reader' })
  t.equal(after.statusCode, 200, 'once they ended, a request may wait again')
})

t.test('a change made outside azman between two entries is in the feed as "outside", with its access delta', async (t) => {
  const s = await testServer(t)
  await addMember(s, 1)
  const path = s.paths.delegated ?? ''
  const monitor = `<Member>${D}1120</Member></AzRole></AzScope>`
  const text = readFileSync(path, 'utf8')
  t.ok(text.includes(monitor), 'the sample holds the Production Monitors member')
  writeFileSync(path, text.replace(monitor, `<Member>${D}1120</Member><Member>${D}1199</Member></AzRole></AzScope>`))
  await addMember(s, 2)
  const page = await feed(s, '')
  t.equal(page.entries.length, 2)
  t.equal(page.entries[0]?.outside, undefined, 'the first entry: nothing before it to compare')
  const outside = page.entries[1]?.outside
  t.equal(outside?.from, page.entries[0]?.after, 'from the version the entry before left')
  t.equal(outside?.to, page.entries[1]?.before, 'to the version the entry found')
  t.ok((outside?.access.length ?? 0) > 0, `${outside?.access.length ?? 0} access changes made outside azman`)
  t.ok(
    outside?.access.every((c) => c.principal.sid === `${D}1199` && c.change === 'gained'),
    'each one grants the member added by hand',
  )
})
