import t from 'tap'
import { AccessIndex, roleAssignmentGrants } from '../../../src/access/index.js'
import { accessMatrix } from '../../../src/access/queries/matrix.js'
import { sample } from '../../cli/run-cli.js'
import { loadFixture, loadStoreFile } from '../fixture.js'

t.test('matrix of the delegated sample', async (t) => {
  const index = AccessIndex.build(loadStoreFile(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services')
  const m = accessMatrix(index)
  t.equal(m.application, 'Hyper-V services')
  t.equal(m.operations.length, 34)
  t.same(
    m.containers.map((c) => [c.scope, c.rows.map((r) => r.roleAssignment.name)]),
    [
      [null, ['Administrator', 'Hyper-V Manager Connect', 'Auditors']],
      ['Lab VMs', ['VM Operators (Lab VMs)', 'Lab Administrators']],
      ['Production VMs', ['Production Monitors']],
    ],
  )
  const connect = m.containers[0]?.rows[1]
  t.same(
    connect?.cells.flatMap((c, i) => (c === null ? [] : [[m.operations[i]?.id, c]])),
    [
      [100, 'certain'],
      [295, 'certain'],
    ],
  )
})

t.test('matrix rows equal the grants of each role assignment', async (t) => {
  let rows = 0
  for (const [policy, app] of [
    [loadFixture(), 'Fixture'],
    [loadStoreFile(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services'],
  ] as const) {
    const index = AccessIndex.build(policy, app)
    const m = accessMatrix(index)
    for (const c of m.containers) {
      for (const row of c.rows) {
        const container = [...index.containers()].find((x) => (x.scopeName ?? null) === c.scope)
        const ra = container?.container.roleAssignments.find((r) => r.guid === row.roleAssignment.guid)
        if (!ra) throw new Error('row without role assignment')
        const grants = roleAssignmentGrants(index, ra, { paths: false })
        rows++
        const fromGrants = new Map(grants.operations.map((o) => [o.operation.guid, o.certainty]))
        t.same(
          row.cells,
          m.operations.map((o) => fromGrants.get(o.guid) ?? null),
          `${c.scope ?? '(app)'} ${row.roleAssignment.name}`,
        )
      }
    }
  }
  t.ok(rows >= 6, `${rows} rows compared with the grants`)
  const fixture = accessMatrix(AccessIndex.build(loadFixture(), 'Fixture'))
  const deleters = fixture.containers[0]?.rows.find((r) => r.roleAssignment.name === 'Deleters')
  t.same(deleters?.cells, [null, null, 'conditional', null, null, null], 'a BizRule path is conditional')
})
