import t from 'tap'
import { AccessIndex, checkAccess, roleAssignmentGrants } from '../../src/access/index.js'
import { sample } from '../cli/run-cli.js'
import { loadFixture, loadStoreFile, u } from './fixture.js'

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('what each role assignment of the delegated sample grants', async (t) => {
  const policy = loadStoreFile(sample('hyperv-2008r2-delegated.xml'))
  const index = AccessIndex.build(policy, 'Hyper-V services')
  const app = index.application
  const lab = app.scopes.find((s) => s.name === 'Lab VMs')
  const ra = (name: string) => [...app.roleAssignments, ...(lab?.roleAssignments ?? [])].find((r) => r.name === name)
  const ops = (name: string) => {
    const found = ra(name)
    if (!found) throw new Error(name)
    return roleAssignmentGrants(index, found)
  }

  const operators = ops('VM Operators (Lab VMs)')
  t.same(operators.roleAssignment, { name: 'VM Operators (Lab VMs)', guid: ra('VM Operators (Lab VMs)')?.guid, scope: 'Lab VMs' })
  t.same(
    operators.operations.map((o) => [o.operation.id, o.certainty]),
    [315, 320, 325, 335, 340, 345].map((id) => [id, 'certain']),
  )
  t.match(operators.operations[0]?.path, [{ name: 'VM Operator (Lab VMs)' }, { name: 'Operate Virtual Machine' }, { name: 'Operate Virtual Machine Power' }, { id: 315 }])
  t.same(operators.holders.map((h) => h.sid).sort(), [`${DOMAIN}-1105`, `${DOMAIN}-1106`], 'the non-member 1107 does not hold it')
  t.same(operators.runTimeMembers, [])

  const admins = ops('Lab Administrators')
  t.equal(admins.operations.length, 34)
  t.ok(admins.operations.every((o) => o.certainty === 'certain'))
  t.match(admins.runTimeMembers, [{ type: 'ldap-query-group', group: { name: 'Hyper-V Lab Admins' } }])
  t.same(
    admins.holders.map((h) => [h.sid, h.certainty]),
    [[`${DOMAIN}-1110`, 'certain']],
  )

  const connect = ops('Hyper-V Manager Connect')
  t.same(
    connect.operations.map((o) => o.operation.id),
    [100, 295],
  )
  t.same(connect.roleAssignment.scope, null)
  t.same(connect.brokenLinks, [])

  const noPaths = roleAssignmentGrants(index, ra('Auditors') ?? app.roleAssignments[0]!, { paths: false })
  t.ok(noPaths.operations.length > 0 && noPaths.operations.every((o) => o.path.length === 0), 'paths only when asked')
  t.same(
    noPaths.holders.map((h) => h.sid),
    [`${DOMAIN}-1130`],
    'through the store-level group',
  )

  t.throws(() => roleAssignmentGrants(AccessIndex.build(loadFixture(), 'Fixture'), connect.roleAssignment as never), RangeError, 'a role assignment of another application')
})

t.test('grants agree with check for every holder and operation', async (t) => {
  const policy = loadFixture()
  const index = AccessIndex.build(policy, 'Fixture')
  let checked = 0
  for (const where of index.containers()) {
    for (const ra of where.container.roleAssignments) {
      const grants = roleAssignmentGrants(index, ra, { paths: false })
      for (const holder of grants.holders) {
        for (const op of grants.operations) {
          const [r] = checkAccess(index, { scope: where.scopeName, sids: [holder.sid], operations: [op.operation.id ?? 0] })
          checked++
          // The holder gets at least what the assignment gives it.
          const expected = holder.certainty === 'certain' && op.certainty === 'certain' ? ['granted'] : ['granted', 'conditional']
          t.ok(expected.includes(r?.decision ?? ''), `${ra.name}: ${holder.sid} op ${op.operation.id} -> ${r?.decision}`)
        }
      }
    }
  }
  t.ok(checked >= 10, `${checked} holder and operation pairs checked`)
  const deleters = index.appLevel.container.roleAssignments.find((r) => r.name === 'Deleters')
  if (!deleters) throw new Error('fixture')
  const g = roleAssignmentGrants(index, deleters)
  t.match(g.operations, [{ operation: { id: 3 }, certainty: 'conditional', conditions: [{ type: 'bizrule-task', task: { name: 'Delete In Hours' } }] }])
  t.same(g.holders, [{ sid: u(1), name: null, certainty: 'certain' }])
})
