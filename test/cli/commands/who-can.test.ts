import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
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

t.test('who-can: a principal whose grants all end is shown with the latest expiry; one with a grant that stays is not', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(DELEGATED, store)
  const user = `${DOMAIN}-1105`
  const delegated = await azman('delegate', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', user, '--until', '2099-01-31T18:00:00Z')
  t.equal(delegated.code, 0, delegated.stderr)
  // In "Lab VMs" 1105 also holds 315 through the group "VM Operators": that grant stays.
  const added = await azman('role-assignment', 'add-member', store, '--app', 'Hyper-V services', '--scope', 'Lab VMs', '--name', 'Lab Administrators', '--sid', user, '--until', '2099-03-01')
  t.equal(added.code, 0, added.stderr)
  const web = await azman('who-can', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--operation', '315')
  t.equal(web.code, 0)
  t.equal(web.stderr, '')
  t.match(web.stdout, `GRANTED     ${user} (until 2099-01-31T18:00:00Z)\n`)
  t.equal(web.stdout.match(/\(until /g)?.length, 1, 'BUILTIN\\Administrators has none')
  const webJson = JSON.parse((await azman('who-can', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--operation', '315', '--json')).stdout) as {
    principals: { sid: string; expiresAt?: string }[]
  }
  t.same(
    webJson.principals.map((p) => [p.sid, p.expiresAt]),
    [
      [user, '2099-01-31T18:00:00.000Z'],
      ['S-1-5-32-544', undefined],
    ],
  )
  const lab = await azman('who-can', store, '--app', 'Hyper-V services', '--scope', 'Lab VMs', '--operation', '315', '--json')
  const labOut = JSON.parse(lab.stdout) as { principals: { sid: string; expiresAt?: string; because: unknown[] }[] }
  const held = labOut.principals.find((p) => p.sid === user)
  t.equal(held?.because.length, 2, 'two grants: the group and the expiring membership')
  t.equal(held?.expiresAt, undefined, 'the grant through the group stays: no expiry')
})

t.test('who-can: an expiry file that does not parse is a warning on stderr; the answer has no expiries', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(DELEGATED, store)
  const made = await azman('delegate', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', `${DOMAIN}-1105`, '--until', '2099-01-31T18:00:00Z')
  t.equal(made.code, 0, made.stderr)
  writeFileSync(`${store}.expiry.json`, 'not json')
  const run = await azman('who-can', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--operation', '315', '--json')
  t.equal(run.code, 0)
  t.match(run.stderr, /^azman: warning: the expiry file .*lab\.xml\.expiry\.json is not valid JSON .*; expiries are left out\n$/)
  t.notMatch(run.stdout, /expiresAt/)
  t.match(run.stdout, `${DOMAIN}-1105`)
})
