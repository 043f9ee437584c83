import t from 'tap'
import { APP_PATH, diskState, json, testServer } from './support.js'

// REST: dry runs say would-apply, plans carry their edits in words, history entries their summary (issue #13, item 4).
// testServer validates every answer against its route's schema (validateResponses).

interface Outcome {
  readonly dryRun: boolean
  readonly plan: { readonly results: readonly { readonly status: string }[]; readonly editSummaries: readonly string[] }
}

t.test('a REST dry run says would-apply and names the edits; the write says applied; history says it in words', async (t) => {
  const s = await testServer(t)
  const url = `/stores/lab/applications/${APP_PATH}/scopes`
  const before = diskState(s.paths.lab ?? '')
  const dry = await s.request({ method: 'POST', url: `${url}?dryRun=true`, payload: { name: 'Web VMs' } })
  t.equal(dry.statusCode, 200, dry.body)
  const d = json<Outcome>(dry)
  t.same(
    d.plan.results.map((r) => r.status),
    ['would-apply'],
  )
  t.same(d.plan.editSummaries, ['create application "Hyper-V services" > scope "Web VMs"'])
  t.equal(diskState(s.paths.lab ?? ''), before, 'a dry run writes nothing')
  const real = await s.request({ method: 'POST', url, payload: { name: 'Web VMs' }, headers: { 'azman-reason': 'CHG-9' } })
  t.equal(real.statusCode, 200, real.body)
  t.same(
    json<Outcome>(real).plan.results.map((r) => r.status),
    ['applied'],
  )
  const history = json<{ entries: { summary: string[] }[] }>(await s.request({ method: 'GET', url: '/stores/lab/history', as: 'reader' }))
  t.same(
    history.entries.map((e) => e.summary),
    [['create scope "Web VMs" in application "Hyper-V services"']],
  )
})
