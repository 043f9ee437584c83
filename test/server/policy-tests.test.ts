import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { sample, testServer } from './support.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330'
/** The sample test file as the JSON a client sends. */
const SAMPLE = parse(readFileSync(sample('hyperv-2008r2-delegated.tests.yaml'), 'utf8')) as { tests: Record<string, unknown>[] }

interface Run {
  passed: number
  failed: number
  file: string
  tests: { name: string; passed: boolean; message: string | null; details: string[] }[]
}

t.test('POST /stores/{s}/tests runs a test file: every test of the sample passes; a doctored one fails with the proof', async (t) => {
  const s = await testServer(t)
  const r = await s.request({ method: 'POST', url: '/stores/delegated/tests', payload: SAMPLE, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body)
  t.ok(r.headers.etag)
  const run = r.json<Run>()
  t.equal(run.passed, 20)
  t.equal(run.failed, 0)
  t.equal(run.file, 'request')

  const doctored = { ...SAMPLE, tests: [{ name: 'nobody starts production VMs', kind: 'who-can', operation: 315, scope: 'Production VMs', equals: [] }] }
  const failed = await s.request({ method: 'POST', url: '/stores/delegated/tests', payload: doctored, as: 'auditor' })
  t.equal(failed.statusCode, 200)
  const answer = failed.json<Run>()
  t.equal(answer.failed, 1)
  t.match(answer.tests[0]?.message, /S-1-5-32-544 \(BUILTIN\\Administrators\) can and should not/)
  t.match(answer.tests[0]?.details.join('\n'), /granted by role assignment "Administrator"/)
  t.equal((await s.request({ method: 'POST', url: '/stores/delegated/tests', payload: SAMPLE, as: 'reader' })).statusCode, 403, 'tests need an auditor')
})

t.test('POST /stores/{s}/tests: a bad test file is a 400 naming the JSON path; a file is never read', async (t) => {
  const s = await testServer(t)
  const cases: [string, unknown, RegExp][] = [
    ['unknown field', { format: 'azman-tests/1', tests: [{ name: 'x', kind: 'access', sids: ['S-1-1-0'], expect: 'denied', operations: [100], colour: 1 }] }, /\$\.tests\[0\]\.colour: is not a field/],
    ['unknown scope', { format: 'azman-tests/1', tests: [{ name: 'x', kind: 'who-can', operation: 100, scope: 'Nope', equals: [] }] }, /\$\.tests\[0\]\.scope: no scope "Nope"/],
    ['unknown operation', { format: 'azman-tests/1', tests: [{ name: 'x', kind: 'what-can', sid: `${D}-1105`, equals: [100, 'Fly'] }] }, /\$\.tests\[0\]\.equals\[1\]: no operation "Fly"/],
    ['bad SID', { format: 'azman-tests/1', tests: [{ name: 'x', kind: 'only', principals: ['S-1-x'], operations: [100] }] }, /\$\.tests\[0\]\.principals\[0\]: "S-1-x" is neither a SID/],
    ['wrong format', { format: 'azman-tests/2', tests: [] }, /\$\.format: must be "azman-tests\/1"/],
    [
      'a binding file',
      { format: 'azman-tests/1', tests: [{ name: 'x', kind: 'audit', templates: ['hyperv-vm-operator'], binding: '/etc/passwd', failOn: 'high' }] },
      /\$\.tests\[0\]\.binding: a binding file can be named only on the command line/,
    ],
    [
      'a template path',
      { format: 'azman-tests/1', tests: [{ name: 'x', kind: 'audit', templates: ['../templates/hyperv-vm-operator'], failOn: 'high' }] },
      /\$\.tests\[0\]\.templates\[0\]: no shipped template/,
    ],
  ]
  let checked = 0
  for (const [what, payload, says] of cases) {
    const r = await s.request({ method: 'POST', url: '/stores/delegated/tests', payload: payload as Record<string, unknown>, as: 'auditor' })
    t.equal(r.statusCode, 400, `${what}: ${r.body}`)
    const problem = r.json<{ code: string; detail: string }>()
    t.equal(problem.code, 'AZMAN_ERR_TEST_FILE', what)
    t.match(problem.detail, says, what)
    checked++
  }
  t.equal(checked, 7)
  const notJson = await s.request({ method: 'POST', url: '/stores/delegated/tests', payload: '[1,2]', headers: { 'content-type': 'application/json' }, as: 'auditor' })
  t.equal(notJson.statusCode, 400, 'an array is not a test file')
  t.equal((await s.request({ method: 'POST', url: '/stores/nope/tests', payload: SAMPLE, as: 'auditor' })).statusCode, 404, 'an unknown store')
})
