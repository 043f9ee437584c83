import t from 'tap'
import { AccessIndex, checkAccess, makeToken } from '../../src/access/index.js'
import { whatCan } from '../../src/access/queries/what-can.js'
import { guidKey, type PolicyStore } from '../../src/model/policy.js'
import { walkStore } from '../../src/model/walk.js'
import { loadFixture, u } from './fixture.js'

// LDAP-query group memberships a directory decided (src/directory/ldap-query-groups.ts) make them certain.
const policy = loadFixture()
const index = AccessIndex.build(policy, 'fixture')

function groupKey(p: PolicyStore, name: string): string {
  for (const v of walkStore(p)) if (v.kind === 'group' && v.object.name === name) return guidKey(v.object.guid)
  throw new Error(`no group ${name}`)
}

const LAB_USERS = groupKey(policy, 'Lab Users') // LdapQuery, holds "Lab Writers" (Write Things, 2) in scope Lab
const OFFICE_HOURS = groupKey(policy, 'Office Hours') // BizRule group

t.test('without outcomes an LDAP-query group stays conditional', async (t) => {
  const [r] = checkAccess(index, { scope: 'Lab', sids: [u(99)], operations: [2], explain: true })
  t.equal(r?.decision, 'conditional')
  t.match(r?.because, [{ certainty: 'conditional', roleAssignment: { name: 'Lab Writers' }, conditions: [{ type: 'ldap-query-group', group: { name: 'Lab Users' } }] }])
  const [same] = checkAccess(index, { scope: 'Lab', sids: [u(99)], operations: [2], explain: true, groupOutcomes: new Map([[LAB_USERS, undefined]]) })
  t.equal(same?.decision, 'conditional', 'an undefined outcome (the filter could not be evaluated) stays conditional')
})

t.test('known true: membership is certain, with the group as the member step', async (t) => {
  for (const explain of [false, true]) {
    const [r] = checkAccess(index, { scope: 'Lab', sids: [u(99)], operations: [2], explain, groupOutcomes: new Map([[LAB_USERS, true]]) })
    t.equal(r?.decision, 'granted', `explain ${explain}`)
  }
  const [r] = checkAccess(index, { scope: 'Lab', sids: [u(99)], operations: [2], explain: true, groupOutcomes: new Map([[LAB_USERS, true]]) })
  t.match(r?.because, [{ type: 'grant', certainty: 'certain', roleAssignment: { name: 'Lab Writers' }, member: [{ type: 'group', name: 'Lab Users', groupType: 'LdapQuery' }], conditions: [] }])
  t.equal(checkAccess(index, { sids: [u(99)], operations: [2], groupOutcomes: new Map([[LAB_USERS, true]]) })[0]?.decision, 'denied', 'the group grants only in its scope')
})

t.test('known false: not a member', async (t) => {
  const [r] = checkAccess(index, { scope: 'Lab', sids: [u(99)], operations: [2], explain: true, groupOutcomes: new Map([[LAB_USERS, false]]) })
  t.equal(r?.decision, 'denied')
  t.same(r?.because, [])
})

t.test('outcomes decide only LDAP-query groups: a BizRule group stays conditional', async (t) => {
  // Read Things (1) in Lab: through Lab Writers (LDAP) and Lab Readers In Hours (BizRule group "Office Hours").
  const outcomes = new Map<string, boolean>([
    [LAB_USERS, false],
    [OFFICE_HOURS, true],
  ])
  const [r] = checkAccess(index, { scope: 'Lab', sids: [u(99)], operations: [1], explain: true, groupOutcomes: outcomes })
  t.equal(r?.decision, 'conditional')
  t.match(r?.because, [{ roleAssignment: { name: 'Lab Readers In Hours' }, conditions: [{ type: 'bizrule-group', group: { name: 'Office Hours' } }] }])
})

t.test('what-can takes the outcomes through the token', async (t) => {
  const lab = (outcomes?: Map<string, boolean>) => whatCan(index, makeToken([u(99)], outcomes)).find((s) => s.scope === 'Lab')
  t.ok(
    lab()?.conditional.some((o) => o.operation.id === 2),
    'conditional without the directory',
  )
  t.ok(
    lab(new Map([[LAB_USERS, true]]))?.granted.some((o) => o.operation.id === 2),
    'granted when the directory says member',
  )
  t.notOk(
    lab(new Map([[LAB_USERS, false]]))?.conditional.some((o) => o.operation.id === 2),
    'gone when the directory says not a member',
  )
})
