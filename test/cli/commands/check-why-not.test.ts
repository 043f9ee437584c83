/**
 * `azman check --why-not` on the delegated sample: a denied check prints the
 * nearest role assignment that would grant it and the SIDs that would
 * (issue 17's "done when"), the same in --json, bounded by N with a count of
 * the rest; a bad N is a usage error (exit 3).
 */
import t from 'tap'
import { azman, sample } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const APP = ['--app', 'Hyper-V services']
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'
// 1105 is in "VM Operators": it may start VMs in Lab VMs, not in Production VMs.
const DENIED = [DELEGATED, ...APP, '--scope', 'Production VMs', '--sid', `${DOMAIN}-1105`, '--operation', '315']

interface Answer {
  results: { decision: string; whyNot?: { misses: { type: string; roleAssignment?: { name: string }; wouldGrant?: { sid: string }[]; scope?: string }[]; more: number } }[]
}

t.test('check text on a denied case: the nearest role assignment that would grant it, by default', async (t) => {
  await unchanged(t, DELEGATED, async () => {
    const run = await azman('check', ...DENIED)
    t.equal(run.code, 1)
    t.equal(run.stderr, '')
    t.match(
      run.stdout,
      '  why not (3 near misses, nearest first):\n' +
        '    1. role assignment "Administrator" (application level, applies in every scope) holds the operation but not this token\n' +
        '        path:   role definition "Administrator" > operation 315 "Start Virtual Machine"\n' +
        '        would grant: S-1-5-32-544 (BUILTIN\\Administrators)\n' +
        '    2. role assignment "Hyper-V Manager Connect" (application level, applies in every scope) holds this token but not the operation\n',
    )
    t.match(run.stdout, /\n {4}3\. granted in scope "Lab VMs" by role assignment "VM Operators \(Lab VMs\)" \(scope "Lab VMs"\)\n/)
  })
})

t.test('check --json: whyNot on the denied result, none on a granted one', async (t) => {
  const run = await azman('check', ...DENIED, '--operation', '100', '--json')
  t.equal(run.code, 1)
  const out = JSON.parse(run.stdout) as Answer
  t.equal(out.results[1]?.decision, 'granted')
  t.notOk(out.results[1] && 'whyNot' in out.results[1], 'granted: no whyNot')
  t.match(out.results[0]?.whyNot, {
    misses: [
      { type: 'holds-operation', roleAssignment: { name: 'Administrator' }, wouldGrant: [{ sid: 'S-1-5-32-544' }] },
      { type: 'holds-token', roleAssignment: { name: 'Hyper-V Manager Connect' } },
      { type: 'other-scope', scope: 'Lab VMs' },
    ],
    more: 0,
  })
})

t.test('--why-not N: the N nearest and a count of the rest; 0: none', async (t) => {
  const one = await azman('check', ...DENIED, '--why-not', '1')
  t.match(one.stdout, '  why not (the 1 nearest of 3 near misses, nearest first):\n    1. role assignment "Administrator"')
  t.match(one.stdout, '  and 2 more (--why-not N lists more)\n')
  t.notMatch(one.stdout, 'Hyper-V Manager Connect')
  const json = JSON.parse((await azman('check', ...DENIED, '--why-not', '1', '--json')).stdout) as Answer
  t.equal(json.results[0]?.whyNot?.misses.length, 1)
  t.equal(json.results[0]?.whyNot?.more, 2)
  const none = await azman('check', ...DENIED, '--why-not', '0', '--json')
  t.notOk('whyNot' in ((JSON.parse(none.stdout) as Answer).results[0] ?? {}), '--why-not 0: none')
  t.notMatch((await azman('check', ...DENIED, '--why-not', '0')).stdout, 'why not')
})

t.test('--why-not with a bad N: a usage error, exit 3, nothing printed', async (t) => {
  const cases = [['--why-not=-1'], ['--why-not', 'x'], ['--why-not', '1.5'], ['--why-not', '101'], ['--why-not', '']]
  for (const extra of cases) {
    const run = await azman('check', ...DENIED, ...extra)
    refused(t, run, 3, 'AZMAN_ERR_USAGE', /--why-not must be a whole number from 0 to 100/)
    t.equal(run.stdout, '')
  }
  t.equal(cases.length, 5, 'cases checked')
})
