import t from 'tap'
import { FIXTURE, u } from '../../access/fixture.js'
import { azman, sample, realStore, spawnCli } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const APP = ['--app', 'Hyper-V services']
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('check --json: results per operation with typed proofs; exit 0 when all are granted', async (t) => {
  await unchanged(t, DELEGATED, async () => {
    const run = await azman('check', DELEGATED, ...APP, '--scope', 'Lab VMs', '--sid', `${DOMAIN}-1105`, '--operation', '315', '--operation', 'Stop Virtual Machine', '--json')
    t.equal(run.code, 0)
    t.equal(run.stderr, '')
    const out = JSON.parse(run.stdout) as { results: { operation: unknown; decision: string; because: unknown[] }[] }
    t.match(out, { application: 'Hyper-V services', scope: 'Lab VMs', sids: [`${DOMAIN}-1105`] })
    t.same(
      out.results.map((r) => [r.operation, r.decision]),
      [
        [{ id: 315, name: 'Start Virtual Machine', guid: 'ca45a6f2-31a5-4499-8f53-b5c19603de6d' }, 'granted'],
        [{ id: 320, name: 'Stop Virtual Machine', guid: '79f8d080-42ef-4a3e-a8bc-467813b0f90d' }, 'granted'],
      ],
    )
    t.match(out.results[0]?.because[0], {
      type: 'grant',
      certainty: 'certain',
      roleAssignment: { name: 'VM Operators (Lab VMs)', scope: 'Lab VMs' },
      path: [{ type: 'role-definition' }, { type: 'task' }, { type: 'task' }, { type: 'operation', id: 315 }],
      member: [{ type: 'sid' }, { type: 'group', name: 'VM Operators', groupType: 'Basic', level: 'application', scope: null }],
      conditions: [],
    })
  })
})

t.test('check text: the decision and its proof; exit 1 when one operation is not granted', async (t) => {
  const run = await azman('check', DELEGATED, ...APP, '--scope', 'Lab VMs', '--sid', `${DOMAIN}-1105`, '--sid', `${DOMAIN}-1107`, '--operation', '315', '--operation', '100')
  t.equal(run.code, 1)
  t.match(run.stdout, /^315 "Start Virtual Machine" in scope "Lab VMs": CONDITIONAL\n/)
  t.match(
    run.stdout,
    /conditionally granted by role assignment "Lab Administrators" \(scope "Lab VMs"\)\n\s+path: +role definition "Administrator" > operation 315 "Start Virtual Machine"\n\s+member: group "Hyper-V Lab Admins" \(LdapQuery, application level\)\n\s+if: +membership of group "Hyper-V Lab Admins" .* is decided by its LDAP query/,
  )
  t.match(
    run.stdout,
    /excluded from role assignment "VM Operators \(Lab VMs\)" \(scope "Lab VMs"\)\n.*\n\s+member: S-1-5-21-1004336348-1177238915-682003330-1105 > group "VM Operators" \(Basic, application level\)\n\s+but: +S-1-5-21-1004336348-1177238915-682003330-1107 is a non-member of group "VM Operators"/,
  )
  const denied = await azman('check', DELEGATED, ...APP, '--sid', `${DOMAIN}-1105`, '--operation', '315')
  t.equal(denied.code, 1)
  t.match(denied.stdout, /in the application level: DENIED\n  no role assignment at application level or in this scope grants it to these SIDs\n/)
})

t.test('well-known names and any-case SIDs stand for SIDs; BUILTIN SIDs count as held', async (t) => {
  const run = await azman('check', DELEGATED, '--app', 'hyper-v SERVICES', '--scope', 'production vms', '--sid', 'BUILTIN\\Administrators', '--operation', '355', '--json')
  t.equal(run.code, 0)
  t.match(JSON.parse(run.stdout), { sids: ['S-1-5-32-544'], results: [{ decision: 'granted', because: [{ member: [{ sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }] }] }] })
  const everyone = await azman('check', realStore('windows-sdk-asp-AzStore.xml'), '--app', 'Expense Web', '--sid', 'everyone', '--operation', 'Submit')
  t.equal(everyone.code, 1, 'conditional is not granted')
  t.match(everyone.stdout, /Submit" in the application level: CONDITIONAL\n[^]*the BizRule \(VBScript\) of task "Submit Expense" runs at access time/)
  const lower = await azman('check', FIXTURE, '--app', 'Fixture', '--sid', u(1).toLowerCase(), '--operation', 'write')
  t.equal(lower.code, 0)
})

t.test('a SID with leading zeros is read as Windows reads it, and shown canonical; one that overflows is refused', async (t) => {
  const zero = await azman('check', DELEGATED, ...APP, '--sid', 's-1-5-32-0544', '--operation', '355', '--json')
  t.equal(zero.code, 0, 'S-1-5-32-0544 is BUILTIN\\Administrators')
  t.match(JSON.parse(zero.stdout), { sids: ['S-1-5-32-544'], results: [{ decision: 'granted' }] })
  refused(t, await azman('check', DELEGATED, ...APP, '--sid', 'S-1-5-32-04294967296', '--operation', '355'), 3, 'AZMAN_ERR_USAGE', /neither a SID/)
})

t.test('bad input: unknown application, scope or operation, bad SID, missing flags', async (t) => {
  await unchanged(t, DELEGATED, async () => {
    refused(t, await azman('check', DELEGATED, '--app', 'Nope', '--sid', 'S-1-1-0', '--operation', '1'), 3, 'AZMAN_ERR_NOT_FOUND', /no application "Nope" in the store; known: "Hyper-V services"/)
    refused(
      t,
      await azman('check', DELEGATED, ...APP, '--scope', 'Nope', '--sid', 'S-1-1-0', '--operation', '315'),
      3,
      'AZMAN_ERR_NOT_FOUND',
      /no scope "Nope" in application "Hyper-V services"; known: "Lab VMs", "Production VMs"/,
    )
    refused(t, await azman('check', DELEGATED, ...APP, '--sid', 'S-1-1-0', '--operation', '999'), 3, 'AZMAN_ERR_NOT_FOUND', /no operation with OperationID 999/)
    refused(t, await azman('check', DELEGATED, ...APP, '--sid', 'S-1-1-0', '--operation', 'Fly'), 3, 'AZMAN_ERR_NOT_FOUND', /no operation "Fly"/)
    refused(t, await azman('check', DELEGATED, ...APP, '--sid', 'alice', '--operation', '315'), 3, 'AZMAN_ERR_USAGE', /"alice" is neither a SID/)
    refused(t, await azman('check', DELEGATED, ...APP, '--operation', '315'), 3, 'AZMAN_ERR_USAGE', /--sid/)
    refused(t, await azman('check', DELEGATED, ...APP, '--sid', 'S-1-1-0'), 3, 'AZMAN_ERR_USAGE', /--operation/)
    refused(t, await azman('check', DELEGATED, '--sid', 'S-1-1-0', '--operation', '315'), 3, 'AZMAN_ERR_USAGE', /--app is required/)
    refused(t, await azman('check', DELEGATED, ...APP, '--sid', 'S-1-1-0', '--operation', '315', '--bogus'), 3, 'AZMAN_ERR_USAGE')
    refused(t, await azman('check', '/nonexistent/store.xml', ...APP, '--sid', 'S-1-1-0', '--operation', '315'), 2, 'AZMAN_ERR_STORE_IO')
  })
  const json = await azman('check', DELEGATED, ...APP, '--scope', 'Nope', '--sid', 'S-1-1-0', '--operation', '315', '--json')
  t.match(JSON.parse(json.stdout), { error: { code: 'AZMAN_ERR_NOT_FOUND', exitCode: 3 } })
})

t.test('the real binary', async (t) => {
  const run = spawnCli(['check', DELEGATED, ...APP, '--sid', 'S-1-5-32-544', '--operation', '315'])
  t.equal(run.code, 0)
  t.match(run.stdout, /315 "Start Virtual Machine" in the application level: GRANTED\n  granted by role assignment "Administrator" \(application level, applies in every scope\)/)
  const bad = spawnCli(['check', DELEGATED, ...APP, '--scope', 'Nope', '--sid', 'S-1-5-32-544', '--operation', '315'])
  t.equal(bad.code, 3)
  t.equal(bad.stdout, '')
})
