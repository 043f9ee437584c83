import t from 'tap'
import { FIXTURE } from '../../access/fixture.js'
import { azman, sample } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')

t.test('matrix --json', async (t) => {
  await unchanged(t, DELEGATED, async () => {
    const run = await azman('matrix', DELEGATED, '--app', 'Hyper-V services', '--json')
    t.equal(run.code, 0)
    const m = JSON.parse(run.stdout) as { operations: { id: number }[]; containers: { scope: string | null; rows: { roleAssignment: { name: string }; cells: (string | null)[] }[] }[] }
    t.equal(m.operations.length, 34)
    t.same(
      m.containers.map((c) => c.scope),
      [null, 'Lab VMs', 'Production VMs'],
    )
    const operators = m.containers[1]?.rows[0]
    t.equal(operators?.roleAssignment.name, 'VM Operators (Lab VMs)')
    t.same(
      operators?.cells.flatMap((c, i) => (c === null ? [] : [m.operations[i]?.id])),
      [315, 320, 325, 335, 340, 345],
    )
  })
})

t.test('matrix text and CSV', async (t) => {
  const text = await azman('matrix', FIXTURE, '--app', 'Fixture')
  t.equal(text.code, 0)
  t.match(text.stdout, /the application level \(these rows apply in every scope\):\n  role assignment +1 +2 +3 +4 +5 +6\n  Editors +X +X +\. +\. +\. +\.\n  Deleters +\. +\. +\? +\. +\. +\.\n/)
  t.match(text.stdout, /scope "Empty":\n  no role assignments\n/)
  const csv = await azman('matrix', FIXTURE, '--app', 'Fixture', '--csv')
  t.equal(csv.code, 0)
  const all = csv.stdout.split('\r\n')
  t.match(all[0], /^# made \d{4}-\d\d-\d\dT[\d:.]+Z by azman /, 'the evidence header as comment lines first')
  t.match(all[1], /^# store .* at version sha256:[0-9a-f]{64}$/)
  const lines = all.slice(2)
  t.equal(lines[0], 'scope,role assignment,1 Read,2 Write,3 Delete,4 Administer,5 Audit,6 Orphan')
  t.equal(lines[1], ',Editors,certain,certain,,,,')
  t.equal(lines[2], ',Deleters,,,conditional,,,')
  t.ok(lines.includes('Lab,Lab Owners,certain,,certain,,,'))
  t.equal(lines[lines.length - 1], '', 'CRLF after every row')
})

t.test('CSV fields a spreadsheet would run as formulas are defused', async (t) => {
  const dir = t.testdir({
    'store.xml':
      '<?xml version="1.0" encoding="utf-8"?>\n<AzAdminManager MajorVersion="2" MinorVersion="0"><AzApplication Guid="aaaaaaaa-0000-4000-8000-000000000001" Name="A"><AzOperation Guid="aaaaaaaa-0000-4000-8000-000000000002" Name="=cmd|x"><OperationID>1</OperationID></AzOperation><AzRole Guid="aaaaaaaa-0000-4000-8000-000000000003" Name="@SUM, &quot;x&quot;"><OperationLink>aaaaaaaa-0000-4000-8000-000000000002</OperationLink></AzRole></AzApplication></AzAdminManager>\n',
  })
  const csv = await azman('matrix', `${dir}/store.xml`, '--app', 'A', '--csv')
  t.equal(csv.code, 0)
  t.equal(csv.stdout.replace(/^(# [^\r\n]*\r\n)+/, ''), 'scope,role assignment,1 =cmd|x\r\n,"\'@SUM, ""x""",certain\r\n')
})

t.test('matrix bad input', async (t) => {
  refused(t, await azman('matrix', FIXTURE, '--app', 'Fixture', '--csv', '--json'), 3, 'AZMAN_ERR_USAGE', /not both/)
  refused(t, await azman('matrix', FIXTURE), 3, 'AZMAN_ERR_USAGE', /--app is required/)
  refused(t, await azman('matrix', FIXTURE, '--app', 'Nope'), 3, 'AZMAN_ERR_NOT_FOUND')
})
