import type { ReportMeta } from '../../../src/report/report-meta.js'
import t from 'tap'
import { FIXTURE } from '../../access/fixture.js'
import { azman, sample, realStore } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DEFAULT = sample('hyperv-2008r2.xml')
const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('identical stores: exit 0', async (t) => {
  for (const path of [DELEGATED, FIXTURE, realStore('ms-azmp-example-v2.xml')]) {
    const run = await azman('diff', path, path)
    t.equal(run.code, 0, path)
    t.match(run.stdout, /Objects \(0 changes\):\n  none\n\nEffective access \(0 changes, each SID as a token of its own\):\n  none\n\nThe stores hold the same objects and grant the same access\.\n$/)
  }
  const json = await azman('diff', DELEGATED, DELEGATED, '--json')
  const answer = JSON.parse(json.stdout) as { report: ReportMeta }
  const version = answer.report.stores[0]?.version ?? ''
  t.match(version, /^sha256:[0-9a-f]{64}$/)
  t.same(
    answer.report.stores,
    [
      { ref: DELEGATED, version },
      { ref: DELEGATED, version },
    ],
    'the evidence header names both stores and their versions',
  )
  t.match(
    (await azman('diff', DELEGATED, DELEGATED)).stdout,
    new RegExp(`^made \\S+Z by azman \\S+\\nstore \\S+ at version ${version}\\nstore \\S+ at version ${version}\\n\\n`),
    'text: the header first',
  )
  t.same({ ...answer, report: undefined }, { report: undefined, storeA: DELEGATED, storeB: DELEGATED, objects: [], access: [], combined: [], consequences: [], same: true })
})

t.test('a store and its delegated version', async (t) => {
  await unchanged(t, DEFAULT, async () => {
    await unchanged(t, DELEGATED, async () => {
      const run = await azman('diff', DEFAULT, DELEGATED, '--json')
      t.equal(run.code, 1)
      const d = JSON.parse(run.stdout) as {
        objects: { change: string; kind: string; path: string }[]
        access: { scope: string | null; principal: { sid: string | null }; operation: { id: number }; before: string; after: string; change: string }[]
        same: boolean
      }
      t.equal(d.same, false)
      t.ok(d.objects.some((o) => o.change === 'added' && o.kind === 'scope' && o.path === 'application "Hyper-V services" > scope "Lab VMs"'))
      t.notOk(
        d.objects.some((o) => o.path.endsWith('role assignment "Administrator"')),
        'the default assignment is paired by name and unchanged',
      )
      t.ok(d.access.every((c) => c.change === 'gained'))
      const ops = (sid: string, scope: string | null) => d.access.filter((c) => c.principal.sid === sid && c.scope === scope).map((c) => `${c.operation.id}:${c.after}`)
      t.same(ops(`${DOMAIN}-1105`, null), ['100:granted', '295:granted'])
      t.same(
        ops(`${DOMAIN}-1120`, 'Production VMs'),
        [100, 265, 270, 275, 280, 285, 290, 295, 335].map((id) => `${id}:granted`),
      )
      t.same(ops('S-1-5-32-544', 'Lab VMs'), [], 'administrators had everything before')
    })
  })
  const text = await azman('diff', DEFAULT, DELEGATED)
  t.equal(text.code, 1)
  t.match(text.stdout, /  added   application "Hyper-V services" > role assignment "Auditors"\n/)
  t.match(text.stdout, new RegExp(`  GAINS ${DOMAIN}-1105: 315 "Start Virtual Machine" in scope "Lab VMs" of "Hyper-V services" \\(denied -> granted\\)\\n`))
  t.match(text.stdout, /  GAINS any other principal: 315 "Start Virtual Machine" in scope "Lab VMs" of "Hyper-V services" \(denied -> conditional\)\n/)
  t.match(text.stdout, /The stores differ\.\n$/)
  const back = await azman('diff', DELEGATED, DEFAULT)
  t.match(back.stdout, new RegExp(`  LOSES ${DOMAIN}-1105: 100 "Read Service Configuration" in the application level of "Hyper-V services" \\(granted -> denied\\)\\n`))
})

t.test('an edit that changes only a description still differs', async (t) => {
  const dir = t.testdir({
    'a.xml': '<?xml version="1.0" encoding="utf-8"?>\n<AzAdminManager MajorVersion="2" MinorVersion="0"><AzApplication Guid="aaaaaaaa-0000-4000-8000-000000000001" Name="A"/></AzAdminManager>\n',
    'b.xml':
      '<?xml version="1.0" encoding="utf-8"?>\n<AzAdminManager MajorVersion="2" MinorVersion="0"><AzApplication Guid="aaaaaaaa-0000-4000-8000-000000000001" Name="A" Description="new"/></AzAdminManager>\n',
    'c.xml':
      '<?xml version="1.0" encoding="utf-8"?>\n<AzAdminManager MajorVersion="2" MinorVersion="0"><AzApplication Guid="aaaaaaaa-0000-4000-8000-000000000001" Name="A" Description=""/></AzAdminManager>\n',
  })
  const run = await azman('diff', `${dir}/a.xml`, `${dir}/b.xml`)
  t.equal(run.code, 1)
  t.match(run.stdout, /changed application "A"\n      description: "" -> "new"\n/)
  t.equal((await azman('diff', `${dir}/a.xml`, `${dir}/c.xml`)).code, 0, 'absent and empty are equal')
})

t.test('diff bad input', async (t) => {
  refused(t, await azman('diff', DEFAULT), 3, 'AZMAN_ERR_USAGE', /two stores/)
  refused(t, await azman('diff', DEFAULT, '/nonexistent.xml'), 2, 'AZMAN_ERR_STORE_IO')
  const dir = t.testdir({ 'bad.xml': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><AzAdminManager/>' })
  refused(t, await azman('diff', `${dir}/bad.xml`, DEFAULT), 2, 'AZMAN_ERR_XML_UNSAFE')
})
