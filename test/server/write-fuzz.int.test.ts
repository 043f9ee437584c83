/**
 * A fuzz test of the REST write routes (issue #11): random strings over every
 * Unicode plane, entity-like text, control characters and lone surrogates, 0 to
 * 100,000 characters, in names, descriptions, LDAP queries, BizRules and the
 * Azman-Reason header, and change sets of random sizes. With a fixed seed, so
 * a failure reproduces; within a time budget, so CI stays fast. For every
 * request: no 5xx, an answer within the hang bound, a refusal is problem+json
 * and leaves every byte of the store and its side files as it was, and an
 * accepted write leaves a store that still reads and holds the value written.
 */
import t, { type Test } from 'tap'
import { prng } from '../support/prng.js'
import { APP, APP_PATH, diskState, json, testServer, USER, type TestServer } from './support.js'

const SEED = 0x11_2026
/** Stop starting new cases after this long (ms); the cases run so far are checked. */
const BUDGET_MS = 20_000
/** At most this many cases, and at least this many must have run for the test to mean anything. */
const MAX_CASES = 300
const MIN_CASES = 60
/** A request that takes longer than this is a hang (ms). */
const HANG_MS = 30_000
const STORE = 'lab'

type Random = () => number

/** An unpaired surrogate: what encodeURIComponent and UTF-8 cannot carry. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const wellFormed = (s: string): boolean => s.search(LONE_SURROGATE) === -1
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
const int = (r: Random, min: number, max: number): number => min + Math.floor(r() * (max - min + 1))

/** Text that looks like markup or entities, separators and quoting: what escaping gets wrong. */
const PIECES = [
  '&',
  '&amp;',
  '&#38;',
  '&#x26;',
  '&x;',
  '&&',
  'AT&T;',
  ']]>',
  '<',
  '>',
  '<!--',
  '"',
  "'",
  '\t',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '  ',
  '\\',
  '/',
  '%2F',
  '%',
  '#',
  '?',
  '*',
  '(cn=*)',
  '${x}',
  '\u00a0',
  '\u200b',
  '\u202e',
]

function randomChar(r: Random): string {
  const k = r()
  if (k < 0.5) return String.fromCharCode(int(r, 0x20, 0x7e))
  if (k < 0.6) return pick(r, PIECES)
  if (k < 0.66) return String.fromCharCode(pick(r, [int(r, 0, 0x1f), 0x7f, int(r, 0x80, 0x9f)]))
  if (k < 0.8) return String.fromCharCode(r() < 0.8 ? int(r, 0xa0, 0xd7ff) : int(r, 0xe000, 0xfffd))
  if (k < 0.93) return String.fromCodePoint(int(r, 1, 16) * 0x10000 + int(r, 0, 0xfffd))
  if (k < 0.97) return String.fromCharCode(int(r, 0xd800, 0xdfff))
  return pick(r, ['\ufffe', '\uffff', '\u0000'])
}

/** 0 to 100,000 characters, mostly short. */
function randomString(r: Random): string {
  const k = r()
  const length = k < 0.05 ? 0 : k < 0.45 ? int(r, 1, 12) : k < 0.8 ? int(r, 12, 300) : k < 0.95 ? int(r, 300, 5000) : int(r, 5000, 100_000)
  let s = ''
  while (s.length < length) s += randomChar(r)
  return s
}

/** Mostly valid-looking names (so some writes are accepted), sometimes anything. */
const randomName = (r: Random): string => (r() < 0.35 ? `Fuzz ${int(r, 0, 1e9)}` : randomString(r))

interface Case {
  readonly what: string
  readonly method: 'POST' | 'PATCH'
  readonly url: string
  readonly payload: Record<string, unknown>
  readonly reason?: string
  /** What a GET of the created object must show, when the write is accepted. */
  readonly readBack?: { readonly url: string; readonly fields: Record<string, unknown> }
}

const at = `/stores/${STORE}/applications/${APP_PATH}`
const path = (name: string): string | undefined => (wellFormed(name) ? encodeURIComponent(name) : undefined)

function createCase(r: Random, kind: 'scopes' | 'groups' | 'tasks' | 'role-definitions' | 'role-assignments'): Case {
  const name = randomName(r)
  const payload: Record<string, unknown> = { name }
  if (r() < 0.6) payload.description = randomString(r)
  if (kind === 'groups' && r() < 0.5) payload.ldapQuery = randomString(r)
  if (kind === 'tasks' || kind === 'role-definitions') payload.operations = [315]
  if (kind === 'tasks' && r() < 0.3) payload.bizRule = { language: pick(r, ['VBScript', 'JScript']), script: randomString(r) }
  const encoded = path(name)
  const fields: Record<string, unknown> = { name }
  if (payload.description !== undefined) fields.description = payload.description
  return { what: `create ${kind}`, method: 'POST', url: `${at}/${kind}`, payload, ...(encoded === undefined ? {} : { readBack: { url: `${at}/${kind}/${encoded}`, fields } }) }
}

function changeSetCase(r: Random): Case {
  const k = r()
  const size = k < 0.1 ? 0 : k < 0.8 ? int(r, 1, 20) : k < 0.97 ? int(r, 20, 500) : int(r, 500, 3000)
  const changes = Array.from({ length: size }, () =>
    pick(r, [
      () => ({ type: 'create-scope', app: APP, name: randomName(r), description: randomString(r) }),
      () => ({ type: 'create-group', app: APP, name: randomName(r), groupType: 'Basic', description: randomString(r) }),
      () => ({ type: 'create-group', app: APP, name: randomName(r), groupType: 'LdapQuery', ldapQuery: randomString(r) }),
      () => ({ type: 'create-task', app: APP, name: randomName(r), operations: [315], description: randomString(r) }),
      () => ({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: r() < 0.5 ? USER : randomString(r) }] }),
      () => ({ type: 'update-group', name: randomName(r), description: randomString(r) }),
    ])(),
  )
  return { what: `change set of ${size}`, method: 'POST', url: `/stores/${STORE}/changes`, payload: { changes } }
}

function randomCase(r: Random): Case {
  const k = r()
  const base = k < 0.65 ? createCase(r, pick(r, ['scopes', 'groups', 'tasks', 'role-definitions', 'role-assignments'] as const)) : k < 0.75 ? renameCase(r) : changeSetCase(r)
  return r() < 0.3 ? { ...base, reason: randomString(r) } : base
}

function renameCase(r: Random): Case {
  return { what: 'rename a scope', method: 'PATCH', url: `${at}/scopes/${encodeURIComponent('Production VMs')}`, payload: { newName: randomName(r), description: randomString(r) } }
}

/** A header value the way a client would send it: raw UTF-8 bytes are what fetch and curl send for non-ASCII. */
function reasonHeader(reason: string): Record<string, string> {
  return { 'azman-reason': Buffer.from(reason.replace(LONE_SURROGATE, '\ufffd'), 'utf8').toString('latin1') }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${HANG_MS} ms`)), HANG_MS)))
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer))
}

async function runCase(t: Test, s: TestServer, c: Case, n: number): Promise<'accepted' | 'refused'> {
  const file = s.paths[STORE] ?? ''
  const before = diskState(file)
  const response = await withTimeout(s.request({ method: c.method, url: c.url, payload: c.payload, headers: c.reason === undefined ? {} : reasonHeader(c.reason) }), `case ${n}`)
  const label = `case ${n} (${c.what}): ${response.statusCode}`
  if (response.statusCode >= 500) t.fail(`${label}: a server error`, { body: response.body.slice(0, 500), payload: JSON.stringify(c.payload).slice(0, 500) })
  if (response.statusCode >= 400) {
    if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) t.fail(`${label}: a refusal is problem+json`)
    if (diskState(file) !== before) t.fail(`${label}: a refusal changed the store or a side file`)
    return 'refused'
  }
  const store = await s.request({ method: 'GET', url: `/stores/${STORE}`, as: 'reader' })
  if (store.statusCode !== 200) t.fail(`${label}: the store no longer reads after an accepted write (${store.statusCode})`, { body: store.body.slice(0, 500) })
  if (c.readBack !== undefined && c.method === 'POST' && response.statusCode === 201) {
    const got = await s.request({ method: 'GET', url: c.readBack.url, as: 'reader' })
    const body = got.statusCode === 200 ? json<Record<string, unknown>>(got) : {}
    for (const [field, value] of Object.entries(c.readBack.fields)) {
      if (body[field] !== value) t.fail(`${label}: ${field} reads back as written`, { wrote: JSON.stringify(value).slice(0, 300), read: JSON.stringify(body[field]).slice(0, 300) })
    }
  }
  return 'accepted'
}

t.test('random writes over REST: no 5xx, no hang, nothing changed by a refusal, accepted values read back', async (t) => {
  const s = await testServer(t)
  const r = prng(SEED)
  const started = Date.now()
  const outcomes = { accepted: 0, refused: 0 }
  let cases = 0
  const failuresBefore = t.counts.fail
  while (cases < MAX_CASES && Date.now() - started < BUDGET_MS) {
    outcomes[await runCase(t, s, randomCase(r), cases)]++
    cases++
  }
  t.equal(t.counts.fail, failuresBefore, `${cases} cases: ${outcomes.accepted} accepted, ${outcomes.refused} refused, seed ${SEED}`)
  t.ok(cases >= MIN_CASES, `ran ${cases} cases (at least ${MIN_CASES}) in ${Date.now() - started} ms`)
  t.ok(outcomes.accepted >= 10 && outcomes.refused >= 10, 'both accepted and refused writes were exercised')
})
