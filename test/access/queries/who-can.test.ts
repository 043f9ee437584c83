import t from 'tap'
import { AccessIndex, checkAccess } from '../../../src/access/index.js'
import { whoCan } from '../../../src/access/queries/who-can.js'
import { sample } from '../../cli/run-cli.js'
import { loadFixture, loadStoreFile, u } from '../fixture.js'
import { application, group, operation, roleAssignment, roleDefinition, store } from '../../model/factories.js'

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('who can start a VM in Lab VMs', async (t) => {
  const index = AccessIndex.build(loadStoreFile(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services')
  const r = whoCan(index, index.where('Lab VMs'), index.operation(315))
  t.same(r.operation.id, 315)
  t.equal(r.scope, 'Lab VMs')
  const granted = r.principals.filter((p) => p.decision === 'granted').map((p) => p.sid)
  t.same(granted.sort(), [`${DOMAIN}-1105`, `${DOMAIN}-1106`, `${DOMAIN}-1110`, 'S-1-5-32-544'].sort())
  t.ok(
    r.principals.filter((p) => p.decision === 'conditional').every((p) => p.because.every((b) => b.type === 'grant' && b.certainty === 'conditional')),
    'conditional principals get conditional proofs',
  )
  t.match(
    r.principals.find((p) => p.sid === 'S-1-5-32-544'),
    { name: 'BUILTIN\\Administrators', because: [{ roleAssignment: { name: 'Administrator', scope: null } }] },
  )
  t.same(r.groups.map((g) => [g.group.name, g.decision]).sort(), [
    ['Hyper-V Lab Admins', 'conditional'],
    ['Lab Owners', 'granted'],
    ['VM Operators', 'granted'],
  ])
  t.match(r.excluded, [{ nonMember: { type: 'sid', sid: `${DOMAIN}-1107` }, nonMemberOf: { name: 'VM Operators' }, roleAssignment: { name: 'VM Operators (Lab VMs)' } }])

  const prod = whoCan(index, index.where('Production VMs'), index.operation(315))
  t.same(
    prod.principals.map((p) => p.sid),
    ['S-1-5-32-544'],
    'only the administrators in Production VMs',
  )
  t.same(prod.groups, [])
})

t.test('who-can agrees with check, everywhere, for every operation', async (t) => {
  // Counted, so that empty loops (no containers, no operations, no members) cannot pass.
  const counted = { stores: 0, places: 0, questions: 0, principals: 0 }
  for (const [policy, app] of [
    [loadFixture(), 'Fixture'],
    [loadStoreFile(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services'],
  ] as const) {
    const index = AccessIndex.build(policy, app)
    counted.stores++
    for (const where of index.containers()) {
      counted.places++
      for (let op = 0; op < index.context.operations.size; op++) {
        counted.questions++
        const r = whoCan(index, where, op, { explain: false })
        const listed = new Map(r.principals.map((p) => [p.sid, p.decision]))
        const all = new Set<string>()
        for (const c of [index.appLevel, where]) for (const sid of c.memberSids()) all.add(sid)
        for (const sid of all) {
          counted.principals++
          const [d] = checkAccess(index, { scope: where.scopeName, sids: [sid], operations: [index.context.operations.operation(op).operationId] })
          const expected = d?.decision === 'denied' ? undefined : d?.decision
          if (listed.get(sid) !== expected) t.fail(`${app} ${where.scopeName ?? '(app)'} op ${op} ${sid}: who-can ${listed.get(sid)}, check ${d?.decision}`)
        }
      }
    }
  }
  t.equal(counted.stores, 2, 'two stores')
  t.ok(counted.places >= 4, `${counted.places} places (application level and scopes)`)
  t.ok(counted.questions >= 100, `${counted.questions} place and operation pairs`)
  t.ok(counted.principals >= 100, `${counted.principals} principals checked against check`)
})

t.test('fixture: excluded non-members, nested non-member groups, run-time groups', async (t) => {
  const index = AccessIndex.build(loadFixture(), 'Fixture')
  const r = whoCan(index, index.where('Lab'), index.operation(3))
  t.same(
    r.principals.map((p) => [p.sid, p.decision]),
    [
      [u(4), 'granted'],
      [u(13), 'granted'],
      [u(1), 'conditional'],
    ],
    'granted first; U1 through the application-level BizRule task',
  )
  const excluded = r.excluded.map((x) => [x.nonMember.type === 'sid' ? x.nonMember.sid : x.nonMember.name, x.nonMemberOf.name])
  t.same(
    excluded.sort(),
    [
      ['Banned', 'Outer'],
      [u(5), 'Inner'],
    ].sort(),
  )
  const reads = whoCan(index, index.where('Lab'), index.operation(1))
  t.ok(reads.groups.some((g) => g.group.name === 'Lab Users' && g.decision === 'conditional'))
  t.ok(reads.groups.some((g) => g.group.name === 'Office Hours' && g.decision === 'conditional'))
  t.match(
    reads.groups.find((g) => g.group.name === 'Inner'),
    { decision: 'granted', member: [{ name: 'Inner' }, { name: 'Outer' }], roleAssignment: { name: 'Lab Owners' } },
  )
  t.ok(reads.principals.length > 0 && reads.principals.every((p) => p.because.length > 0), 'proofs by default')
})

t.test('who-can through a group loop: the group behind the loop link is conditional, a loop non-member is listed as excluding', async (t) => {
  const S = 'S-1-5-21-1-2-3-1001'
  const read = operation('Read', '1')
  const def = roleDefinition('Reader', { operationLinks: [read.guid] })
  const g1 = group('G1', { members: [S] })
  const g2 = group('G2', { members: ['S-1-5-21-1-2-3-1002'], appMemberLinks: [g1.guid] })
  const g1Linked = { ...g1, appMemberLinks: [g2.guid], appNonMemberLinks: [g2.guid] }
  const app = application('App', { operations: [read], tasks: [def], groups: [g1Linked, g2], roleAssignments: [roleAssignment('R', { taskLinks: [def.guid], appMemberLinks: [g1.guid] })] })
  const index = AccessIndex.build(store({ applications: [app] }), app)
  const r = whoCan(index, index.appLevel, index.operation(1))
  t.same(
    r.groups.map((x) => [x.group.name, x.decision, x.member.map((m) => (m.type === 'group' ? m.name : m.sid))]),
    [
      ['G1', 'granted', ['G1']],
      ['G2', 'conditional', ['G2', 'G1']],
    ],
  )
  t.same(
    r.excluded.map((x) => [x.nonMember.type === 'group' ? x.nonMember.name : x.nonMember.sid, x.nonMemberOf.name]),
    [['G2', 'G1']],
  )
  t.same(
    r.principals.map((p) => [p.sid, p.decision]),
    [[S, 'conditional']],
    'S is a direct member, but G2 may exclude it through the loop',
  )
  t.match(r.principals[0]?.because, [
    { conditions: [{ type: 'non-member-exclusion', group: { name: 'G1' }, conditions: [{ type: 'group-loop', group: { name: 'G1' }, linked: { name: 'G2' }, nonMember: true }] }] },
  ])
})
