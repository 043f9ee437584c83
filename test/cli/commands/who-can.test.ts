import t from 'tap'
import { FIXTURE, u } from '../../access/fixture.js'
import { azman, sample } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('who-can --json: principals, groups, excluded non-members', async (t) => {
  await unchanged(t, DELEGATED, async () => {
    const run = await azman('who-can', DELEGATED, '--app', 'Hyper-V services', '--scope', 'Lab VMs', '--operation', 'Start Virtual Machine', '--json')
    t.equal(run.code, 0)
    const out = JSON.parse(run.stdout) as { principals: { sid: string; decision: string }[] }
    t.match(out, {
      application: 'Hyper-V services',
      scope: 'Lab VMs',
      operation: { id: 315 },
      groups: [{ group: { name: 'VM Operators' }, decision: 'granted', roleAssignment: { name: 'VM Operators (Lab VMs)' } }],
      excluded: [{ nonMember: { type: 'sid', sid: `${DOMAIN}-1107` }, nonMemberOf: { name: 'VM Operators' } }],
    })
    t.same(
      out.principals
        .filter((p) => p.decision === 'granted')
        .map((p) => p.sid)
        .sort(),
      [`${DOMAIN}-1105`, `${DOMAIN}-1106`, `${DOMAIN}-1110`, 'S-1-5-32-544'].sort(),
    )
  })
})

t.test('who-can text, and exit 1 when nobody can', async (t) => {
  const run = await azman('who-can', FIXTURE, '--app', 'Fixture', '--scope', 'Lab', '--operation', '3')
  t.equal(run.code, 0)
  t.match(run.stdout, /^Who can 3 "Delete" in scope "Lab"\n\nPrincipals \(3\), each SID as a token of its own:\n  GRANTED +S-1-5-21-7-7-7-1004\n/)
  t.match(run.stdout, new RegExp(`CONDITIONAL ${u(1)}\\n\\s+conditionally granted by role assignment "Deleters"`))
  t.match(run.stdout, /Non-members excluded from a granting chain \(2\):\n/)
  t.match(run.stdout, /group "Banned" \(Basic, application level\): non-member of group "Outer"/)
  const nobody = await azman('who-can', FIXTURE, '--app', 'Fixture', '--operation', 'Orphan')
  t.equal(nobody.code, 1)
  t.match(nobody.stdout, /Principals \(0\), each SID as a token of its own:\n  none\n/)
})

t.test('who-can bad input', async (t) => {
  refused(t, await azman('who-can', FIXTURE, '--app', 'Fixture'), 3, 'AZMAN_ERR_USAGE', /--operation is required/)
  refused(t, await azman('who-can', FIXTURE, '--app', 'Fixture', '--operation', '77'), 3, 'AZMAN_ERR_NOT_FOUND')
  refused(t, await azman('who-can', FIXTURE, '--app', 'Fixture', '--scope', 'Lbb', '--operation', '1'), 3, 'AZMAN_ERR_NOT_FOUND', /known: "Lab", "Empty", "Other"/)
  refused(t, await azman('who-can', FIXTURE, '--app', 'Fixture', '--operation', '1', 'extra'), 3, 'AZMAN_ERR_USAGE', /one <store>/)
})

t.test('a malformed member SID is quoted in text, so it cannot forge output lines', async (t) => {
  const dir = t.testdir({
    'store.xml':
      '<?xml version="1.0" encoding="utf-8"?>\n<AzAdminManager MajorVersion="2" MinorVersion="0"><AzApplication Guid="aaaaaaaa-0000-4000-8000-000000000001" Name="A"><AzOperation Guid="aaaaaaaa-0000-4000-8000-000000000002" Name="Op"><OperationID>1</OperationID></AzOperation><AzRole Guid="aaaaaaaa-0000-4000-8000-000000000003" Name="R"><OperationLink>aaaaaaaa-0000-4000-8000-000000000002</OperationLink><Member>S-1-5-21-1-2-3-4&#10;  GRANTED     S-1-1-0 (Everyone)</Member></AzRole></AzApplication></AzAdminManager>\n',
  })
  const run = await azman('who-can', `${dir}/store.xml`, '--app', 'A', '--operation', '1')
  t.equal(run.code, 0)
  t.match(run.stdout, /GRANTED +"S-1-5-21-1-2-3-4\\n  GRANTED +S-1-1-0 \(Everyone\)"\n/)
  t.notMatch(run.stdout, /^ +GRANTED +S-1-1-0/m, 'no forged line')
})
