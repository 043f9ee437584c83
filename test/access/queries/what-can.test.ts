import t from 'tap'
import { AccessIndex, checkAccess, makeToken } from '../../../src/access/index.js'
import { whatCan } from '../../../src/access/queries/what-can.js'
import { sample } from '../../cli/run-cli.js'
import { loadFixture, loadStoreFile, u } from '../fixture.js'

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('what a VM operator can do, per scope', async (t) => {
  const index = AccessIndex.build(loadStoreFile(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services')
  const scopes = whatCan(index, makeToken([`${DOMAIN}-1105`]))
  t.same(
    scopes.map((s) => s.scope),
    [null, 'Lab VMs', 'Production VMs'],
  )
  const ids = (list: readonly { operation: { id: number | null } }[]) => list.map((o) => o.operation.id)
  t.same(ids(scopes[0]?.granted ?? []), [100, 295], 'application level: Hyper-V Manager Connect')
  t.same(ids(scopes[0]?.conditional ?? []), [])
  t.same(ids(scopes[1]?.granted ?? []), [100, 295, 315, 320, 325, 335, 340, 345], 'Lab VMs adds the operator role to the application-level grants')
  t.equal(scopes[1]?.conditional.length, 26, 'everything else through the LDAP-query group of Lab Administrators')
  t.same(ids(scopes[2]?.granted ?? []), [100, 295])
  t.ok(
    scopes[1]?.granted.every((o) => o.because.length > 0 && o.because.every((b) => b.type === 'grant' && b.certainty === 'certain')),
    'granted operations carry their certain grants',
  )
  t.ok(whatCan(index, makeToken([`${DOMAIN}-1105`]), { explain: false }).every((s) => [...s.granted, ...s.conditional].every((o) => o.because.length === 0)))
})

t.test('what-can agrees with check', async (t) => {
  const index = AccessIndex.build(loadFixture(), 'Fixture')
  let places = 0
  for (const sids of [[u(1)], [u(4)], [u(3)], [u(5), u(13)], ['S-1-5-32-545'], []]) {
    for (const s of whatCan(index, makeToken(sids), { explain: false })) {
      places++
      const results = checkAccess(index, { scope: s.scope ?? undefined, sids, operations: [1, 2, 3, 4, 5, 6] })
      t.same(
        s.granted.map((o) => o.operation.id),
        results.filter((r) => r.decision === 'granted').map((r) => r.operation.id),
        `${sids.join(',')} ${s.scope}`,
      )
      t.same(
        s.conditional.map((o) => o.operation.id),
        results.filter((r) => r.decision === 'conditional').map((r) => r.operation.id),
      )
    }
  }
  t.equal(places, 24, `${places} token and place pairs compared with check (6 tokens, 4 places)`)
})
