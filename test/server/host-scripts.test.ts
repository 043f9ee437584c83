/** `POST /stores/{store}/host-scripts`: the script the CLI writes, for an operator; refusals with their status. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../cli/run-cli.js'
import { assertProblem, diskState, json, testServer } from './support.js'

const URL = '/stores/delegated/host-scripts'
const GROUP = 'S-1-5-21-1004336348-1177238915-682003330-1108'
const BODY = { scope: 'Lab VMs', vms: ['lab-01', 'lab-02'], grant: [GROUP] }

interface Made {
  readonly script: string
  readonly sha256: string
  readonly plan: { readonly store: string; readonly scope: string; readonly principals: readonly { sid: string }[] }
}

t.test('an operator gets the script; it is the CLI’s, but for the store name; readers and auditors may not', async (t) => {
  const s = await testServer(t)
  const r = await s.request({ method: 'POST', url: URL, payload: BODY, as: 'operator' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const made = json<Made>(r)
  t.match(made, { sha256: /^[0-9a-f]{64}$/, plan: { store: 'delegated', scope: 'Lab VMs', principals: [{ sid: GROUP }] } })
  t.notMatch(made.script, new RegExp(s.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no server path in the script')
  const out = join(s.dir, 'cli.js')
  t.equal((await runCli(['host', 'script', s.paths.delegated ?? '', '--scope', 'Lab VMs', '--vm', 'lab-01', '--vm', 'lab-02', '--grant', GROUP, '--out', out])).code, 0)
  const cli = readFileSync(out, 'utf8')
  t.equal(made.script.replace(/'store': '[^']*'/, ''), cli.replace(/'store': '[^']*'/, ''), 'the same script, but for how the store is named')
  for (const role of ['reader', 'auditor'] as const) t.equal((await s.request({ method: 'POST', url: URL, payload: BODY, as: role })).statusCode, 403, `${role}: 403`)
  t.equal((await s.request({ method: 'POST', url: URL, payload: BODY, as: null })).statusCode, 401)
})

t.test('refusals: a clear problem, its status, nothing changed', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.dir)
  const cases: [string, Record<string, unknown>, number, string, RegExp][] = [
    ['no such scope', { ...BODY, scope: 'Web VMs' }, 404, 'AZMAN_ERR_NOT_FOUND', /has no scope "Web VMs"/],
    ['Everyone', { ...BODY, grant: ['S-1-1-0'] }, 400, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL', /stands for every user/],
    ['unknown account', { ...BODY, grant: ['CONTOSO\\nobody'] }, 400, 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT', /cannot tell the SID/],
    ['nothing to do', { scope: 'Lab VMs', vms: [], grant: [] }, 400, 'AZMAN_ERR_USAGE', /nothing to do/],
    ['unknown field', { ...BODY, install: true }, 400, 'AZMAN_ERR_REQUEST_INVALID', /must NOT have additional properties/],
    ['not a SHA-256', { ...BODY, installStore: { baseSha256: 'abc' } }, 400, 'AZMAN_ERR_REQUEST_INVALID', /baseSha256/],
    ['installing with revoke', { ...BODY, revoke: true, installStore: { baseSha256: 'a'.repeat(64) } }, 400, 'AZMAN_ERR_USAGE', /does not go with --revoke/],
    ['too many VMs', { ...BODY, vms: Array.from({ length: 1001 }, (_, i) => `vm${i}`) }, 400, 'AZMAN_ERR_REQUEST_INVALID', /vms/],
  ]
  for (const [name, payload, status, code, message] of cases) {
    const r = await s.request({ method: 'POST', url: URL, payload, as: 'operator' })
    assertProblem(t, r, status, code, name)
    t.match(json<{ detail: string }>(r).detail, message, name)
  }
  t.equal(cases.length, 8)
  t.same(diskState(s.dir), before, 'nothing written')
  const broad = await s.request({ method: 'POST', url: URL, payload: { ...BODY, grant: ['Everyone'], allowBroad: true }, as: 'operator' })
  t.equal(broad.statusCode, 200, 'allowBroad lets it through')
})

t.test('installStore: the script carries the store file the server has, to install over the base given', async (t) => {
  const s = await testServer(t)
  const r = await s.request({ method: 'POST', url: URL, payload: { vms: [], grant: [], installStore: { baseSha256: 'ab'.repeat(32) } }, as: 'operator' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const made = json<{ script: string; plan: { scope: unknown; install: { size: number; sha256: string; baseSha256: string } } }>(r)
  const bytes = readFileSync(s.paths.delegated ?? '')
  t.same(made.plan.install, { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), baseSha256: 'ab'.repeat(32) })
  t.equal(made.plan.scope, null)
  const base64 = /^var STORE = \[\n((?: {2}'[A-Za-z0-9+/=]+',?\n)+)\];$/m.exec(made.script)?.[1] ?? ''
  t.ok(Buffer.from(base64.replace(/[\s',]/g, ''), 'base64').equals(bytes), 'the bytes of the server file')
})
