import t from 'tap'
import { FIXTURE, u } from '../../access/fixture.js'
import { azman, sample, realStore } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('what-can --json: per scope, granted and conditional', async (t) => {
  await unchanged(t, DELEGATED, async () => {
    const run = await azman('what-can', DELEGATED, '--app', 'Hyper-V services', '--sid', `${DOMAIN}-1120`, '--json')
    t.equal(run.code, 0)
    const out = JSON.parse(run.stdout) as { scopes: { scope: string | null; granted: { operation: { id: number } }[]; conditional: unknown[] }[] }
    t.same(
      out.scopes.map((s) => s.scope),
      [null, 'Lab VMs', 'Production VMs'],
    )
    t.same(out.scopes[0]?.granted, [])
    t.same(
      out.scopes[2]?.granted.map((o) => o.operation.id),
      [100, 265, 270, 275, 280, 285, 290, 295, 335],
    )
    t.equal(out.scopes[1]?.conditional.length, 34, 'the LDAP-query group could admit anyone in Lab VMs')
    t.match(out.scopes[2]?.granted[0], { because: [{ type: 'grant', certainty: 'certain', roleAssignment: { name: 'Production Monitors' } }] })
  })
})

t.test('what-can text; exit 1 when nothing anywhere', async (t) => {
  const run = await azman('what-can', FIXTURE, '--app', 'Fixture', '--sid', u(1))
  t.equal(run.code, 0)
  t.match(
    run.stdout,
    new RegExp(`^What the token ${u(1)} can do\\n\\nIn the application level: 2 granted, 2 conditional\\n  granted +1 "Read" via Editors \\(application level\\) <- ${u(1)} > group "Staff"`),
  )
  t.match(run.stdout, /conditional 3 "Delete" via Deleters \(application level\) <- S-1-5-21-7-7-7-1001\n\s+if: the BizRule \(JScript\) of task "Delete In Hours" runs at access time/)
  const contractor = await azman('what-can', FIXTURE, '--app', 'Fixture', '--sid', u(9))
  t.equal(contractor.code, 0, 'the run-time groups of scope Lab may still admit anyone')
  // Op 4 is held through a group loop link ("Loop A" <-> "Loop B"): unknown, so conditional for any token.
  t.match(
    contractor.stdout,
    /In the application level: 0 granted, 1 conditional\n\s+conditional 4 "Administer" via Loopers[^\n]*\n\s+if: membership through a group loop is unknown: group "Loop A" [^\n]* links group "Loop B" [^\n]* closes a loop of groups, which AzMan refuses/,
  )
  t.match(contractor.stdout, /\n\nIn scope "Lab": 0 granted, 3 conditional\n/)
  const nothing = await azman('what-can', realStore('windows-sdk-asp-AzStore.xml'), '--app', 'IIS 6.0 URL Authorization', '--sid', 'S-1-1-0')
  t.equal(nothing.code, 1, 'nothing anywhere')
})

t.test('what-can bad input', async (t) => {
  refused(t, await azman('what-can', FIXTURE, '--app', 'Fixture'), 3, 'AZMAN_ERR_USAGE', /--sid/)
  refused(t, await azman('what-can', FIXTURE, '--app', 'Fixture', '--sid', 'S-1-5-21-x'), 3, 'AZMAN_ERR_USAGE', /neither a SID/)
  refused(t, await azman('what-can', FIXTURE, '--app', 'Nope', '--sid', 'S-1-1-0'), 3, 'AZMAN_ERR_NOT_FOUND')
})
