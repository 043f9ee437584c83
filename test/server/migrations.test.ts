/** `POST /stores/{store}/migrations` (auditor): the CLI's export and report in the answer; refusals with their status; nothing written. */
import t from 'tap'
import { assertProblem, diskState, json, testServer } from './support.js'

const URL = '/stores/delegated/migrations'

interface Answer {
  readonly manifest: { target: string; store: string; files: Record<string, string> }
  readonly files: Record<string, string>
  readonly report: { engine: string | null; cases: number; agreed: number; narrower: number; disagreements: number; narrowed: unknown[] }
}

t.test('an auditor gets the export and its comparison with the real engine; a reader may not', async (t) => {
  const s = await testServer(t)
  const before = diskState(s.dir)
  for (const to of ['cedar', 'casbin'] as const) {
    const r = await s.request({ method: 'POST', url: URL, payload: { to }, as: 'auditor' })
    t.equal(r.statusCode, 200, r.body.slice(0, 300))
    const a = json<Answer>(r)
    t.match(a.report, { engine: to, cases: 1938, disagreements: 0 })
    t.equal(a.report.agreed + a.report.narrower, 1938)
    t.equal(a.manifest.store, 'delegated', 'the store by its name on the server, not its path')
    t.same(Object.keys(a.files).sort(), Object.keys(a.manifest.files).sort())
  }
  const quick = await s.request({ method: 'POST', url: URL, payload: { to: 'cedar', verify: false }, as: 'auditor' })
  t.match(json<Answer>(quick).report, { engine: null, cases: 0 })
  const fga = json<Answer>(await s.request({ method: 'POST', url: URL, payload: { to: 'openfga' }, as: 'auditor' }))
  t.match(fga.report, { engine: null, cases: 0 }, 'OpenFGA: no engine here')
  t.match(fga.files['azman.fga.yaml'], /"assertions"/, 'its store file asserts azman\u2019s decisions')
  const review = json<Answer>(await s.request({ method: 'POST', url: URL, payload: { to: 'cedar', conditions: true }, as: 'auditor' }))
  t.match(review.files['policies.cedar'], /@azman_review\("Hyper-V Lab Admins"\)/, 'conditions: placeholders marked for review')
  t.match(review.report, { cases: 1938, disagreements: 0 }, 'which grant nothing')
  t.equal((await s.request({ method: 'POST', url: URL, payload: { to: 'cedar' }, as: 'reader' })).statusCode, 403)
  t.equal((await s.request({ method: 'POST', url: URL, payload: { to: 'cedar' }, as: null })).statusCode, 401)
  t.same(diskState(s.dir), before, 'nothing written on the server')
})

t.test('refusals: a clear problem and its status', async (t) => {
  const s = await testServer(t)
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['an unknown target', { to: 'opa' }, 400, 'AZMAN_ERR_REQUEST_INVALID'],
    ['an unknown field', { to: 'cedar', out: '/tmp/x' }, 400, 'AZMAN_ERR_REQUEST_INVALID'],
    ['an unknown application', { to: 'cedar', app: 'Other' }, 404, 'AZMAN_ERR_NOT_FOUND'],
  ]
  for (const [name, payload, status, code] of cases) assertProblem(t, await s.request({ method: 'POST', url: URL, payload, as: 'auditor' }), status, code, name)
  t.equal(cases.length, 3)
})
