/** The REST check's why-not (`whyNot` query and answer): the same misses as `azman check --json`, bounded, and a bad whyNot refused. */
import t from 'tap'
import { APP_PATH, assertProblem, json, testServer } from './support.js'
import { azman, sample } from '../cli/run-cli.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('REST: whyNot on a denied check equals azman check --json; bounded; none when granted', async (t) => {
  const server = await testServer(t, { stores: { delegated: 'hyperv-2008r2-delegated.xml' } })
  const url = `/stores/delegated/applications/${APP_PATH}/scopes/Production%20VMs/access?sid=${D}-1105&operation=315&operation=100`
  const answer = json<{ results: { decision: string; whyNot?: { misses: unknown[]; more: number } }[] }>(await server.request({ url, as: 'reader' }))
  t.same(
    answer.results.map((r) => r.decision),
    ['denied', 'granted'],
  )
  t.notOk(answer.results[1] && 'whyNot' in answer.results[1], 'granted: no whyNot')
  t.match(answer.results[0]?.whyNot, { misses: [{ type: 'holds-operation', roleAssignment: { name: 'Administrator' }, wouldGrant: [{ sid: 'S-1-5-32-544', certainty: 'certain' }] }], more: 0 })
  const cli = await azman(
    'check',
    sample('hyperv-2008r2-delegated.xml'),
    '--app',
    'Hyper-V services',
    '--scope',
    'Production VMs',
    '--sid',
    `${D}-1105`,
    '--operation',
    '315',
    '--operation',
    '100',
    '--json',
  )
  t.same(answer.results, (JSON.parse(cli.stdout) as { results: unknown }).results, 'the same results as the CLI')
  const one = json<{ results: { whyNot?: { misses: unknown[]; more: number } }[] }>(await server.request({ url: `${url}&whyNot=1`, as: 'reader' }))
  t.equal(one.results[0]?.whyNot?.misses.length, 1)
  t.equal(one.results[0]?.whyNot?.more, 2)
  const none = json<{ results: object[] }>(await server.request({ url: `${url}&whyNot=0`, as: 'reader' }))
  t.notOk('whyNot' in (none.results[0] ?? {}), 'whyNot=0: none')
  const bare = json<{ results: object[] }>(await server.request({ url: `${url}&explain=false`, as: 'reader' }))
  t.notOk('whyNot' in (bare.results[0] ?? {}), 'explain=false: none unless asked')
  const asked = json<{ results: object[] }>(await server.request({ url: `${url}&explain=false&whyNot=2`, as: 'reader' }))
  t.ok('whyNot' in (asked.results[0] ?? {}), 'explain=false&whyNot=2: asked for')
})

t.test('REST: a bad whyNot is a 400 naming it', async (t) => {
  const server = await testServer(t, { stores: { delegated: 'hyperv-2008r2-delegated.xml' } })
  const url = `/stores/delegated/applications/${APP_PATH}/access?sid=${D}-1105&operation=315`
  const bad = ['-1', 'x', '1.5', '101']
  for (const value of bad) assertProblem(t, await server.request({ url: `${url}&whyNot=${value}`, as: 'reader' }), 400, 'AZMAN_ERR_REQUEST_INVALID')
  t.equal(bad.length, 4, 'cases checked')
})
