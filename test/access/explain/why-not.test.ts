/**
 * Why-not (src/access/explain/why-not.ts) on a small store built so that the
 * near misses of each case are known by construction: one case per kind of
 * miss, the order, the bound, and checkAccess's whyNot option.
 */
import t from 'tap'
import { AccessIndex, checkAccess, makeToken, whyNot, type NearMiss } from '../../../src/access/index.js'
import { UsageError } from '../../../src/errors/usage-error.js'
import { guidKey, NO_EXTRAS, type PolicyStore, type Task } from '../../../src/model/policy.js'
import { group, roleAssignment as ra, task as makeTask } from '../../model/factories.js'

const u = (n: number): string => `S-1-5-21-5-5-5-${1000 + n}`
let n = 0
const guid = (): string => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`
const ops = [1, 2, 3, 4].map((id) => ({ guid: guid(), name: `Op ${id}`, operationId: String(id), extras: NO_EXTRAS }))
const op = (id: number): string => ops[id - 1]?.guid ?? ''
const task = (name: string, operations: number[], more: Partial<Task> = {}): Task => makeTask(name, { operationLinks: operations.map(op), ...more })

// Application level:
// - "Operators" grants Op 1 directly to u1 and to group "Staff" (u2, u3; non-member u4);
// - "Readers" grants task "Read" (Op 2) to u5; task "Run And Read" (Op 1, Op 2) shares Op 2 with Op 1;
// - "Cut" grants Op 4 to group "Team" (u7), whose non-member group "Banned" holds u7.
// Scope "East": "East Ops" grants Op 1 to u5.
// Scope "Night": "Night Shift" grants Op 3 through task "In Hours" (a JScript BizRule) to u6 and to LDAP-query group "Lab".
const contractors = group('Banned', { members: [u(7)] })
const staff = group('Staff', { members: [u(2), u(3)], nonMembers: [u(4)] })
const team = group('Team', { members: [u(7)], appNonMemberLinks: [contractors.guid] })
const lab = group('Lab', { groupType: 'LdapQuery', ldapQuery: '(department=Lab)' })
const read = task('Read', [2])
const runAndRead = task('Run And Read', [1, 2])
const inHours = task('In Hours', [3], { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' })
const store: PolicyStore = {
  majorVersion: '2',
  minorVersion: '0',
  groups: [],
  extras: NO_EXTRAS,
  applications: [
    {
      guid: guid(),
      name: 'App',
      operations: ops,
      groups: [staff, team, contractors, lab],
      tasks: [read, runAndRead, inHours],
      roleAssignments: [
        ra('Operators', { operationLinks: [op(1)], members: [u(1)], appMemberLinks: [staff.guid] }),
        ra('Readers', { taskLinks: [read.guid], members: [u(5)] }),
        ra('Cut', { operationLinks: [op(4)], appMemberLinks: [team.guid] }),
      ],
      scopes: [
        { guid: guid(), name: 'East', groups: [], tasks: [], roleAssignments: [ra('East Ops', { operationLinks: [op(1)], members: [u(5)] })], extras: NO_EXTRAS },
        { guid: guid(), name: 'Night', groups: [], tasks: [], roleAssignments: [ra('Night Shift', { taskLinks: [inHours.guid], members: [u(6)], appMemberLinks: [lab.guid] })], extras: NO_EXTRAS },
      ],
      extras: NO_EXTRAS,
    },
  ],
}
const index = AccessIndex.build(store, 'App')
const misses = (sids: string[], operation: number, limit = 10, scope?: string, outcomes?: ReadonlyMap<string, boolean>) =>
  whyNot(index, makeToken(sids, outcomes), index.where(scope), index.operation(operation), limit)
const kinds = (list: readonly NearMiss[]): string[] => list.map((m) => `${m.type} ${'roleAssignment' in m ? m.roleAssignment.name : ''}`.trim())

t.test('holds-operation: the role assignment that would grant, and exactly which SIDs', async (t) => {
  const why = misses([u(9)], 1)
  t.same(kinds(why.misses), ['holds-operation Operators'])
  t.match(why.misses[0], {
    type: 'holds-operation',
    certainty: 'certain',
    tokenMember: 'no',
    path: [{ type: 'operation', id: 1 }],
    wouldGrant: [
      { sid: u(1), certainty: 'certain', member: [{ type: 'sid', sid: u(1) }] },
      { sid: u(2), member: [{ sid: u(2) }, { type: 'group', name: 'Staff' }] },
      { sid: u(3), member: [{ sid: u(3) }, { type: 'group', name: 'Staff' }] },
    ],
    moreWouldGrant: 0,
    nonMemberLists: [{ group: { name: 'Staff' }, nonMembers: [{ type: 'sid', sid: u(4) }] }],
  })
  const excludedToken = misses([u(4)], 1).misses[0]
  t.match(excludedToken, { type: 'holds-operation', wouldGrant: [{ sid: u(1) }] }, 'a non-member of Staff: adding u2 or u3 would not grant, so only u1 is suggested')
  t.equal(excludedToken?.type === 'holds-operation' ? excludedToken.wouldGrant.length : -1, 1)
})

t.test('holds-token: what it grants instead, an operation sharing a task first', async (t) => {
  const miss = misses([u(5)], 1).misses.find((m) => m.type === 'holds-token')
  t.match(miss, {
    roleAssignment: { name: 'Readers', scope: null },
    certainty: 'certain',
    member: [{ sid: u(5) }],
    grants: [{ operation: { id: 2 }, certainty: 'certain', sharedTask: { type: 'task', name: 'Run And Read' } }],
    moreGrants: 0,
  })
})

t.test('other-scope: where the same token is granted', async (t) => {
  t.match(misses([u(5)], 1).misses.at(-1), { type: 'other-scope', scope: 'East', decision: 'granted', roleAssignment: { name: 'East Ops', scope: 'East' }, member: [{ sid: u(5) }] })
  t.same(kinds(misses([u(5)], 1, 10, 'East').misses), [], 'granted in East: nothing')
})

t.test('excluded: a path cut by a non-member exclusion comes first', async (t) => {
  const why = misses([u(7)], 4)
  t.same(kinds(why.misses), ['excluded Cut'], 'no SID added would help, so Cut is not listed again as holding the operation')
  t.match(why.misses[0], { member: [{ sid: u(7) }, { name: 'Team' }], excludedBy: { group: { name: 'Team' }, nonMember: [{ sid: u(7) }, { name: 'Banned' }] } })
})

t.test('condition: a BizRule and an LDAP query made it conditional', async (t) => {
  t.equal(index.decide(makeToken([u(6)]), index.where('Night'), index.operation(3)), 'conditional')
  t.match(misses([u(6)], 3, 10, 'Night').misses, [
    { type: 'condition', roleAssignment: { name: 'Night Shift' }, member: [{ sid: u(6) }], conditions: [{ type: 'bizrule-task', task: { name: 'In Hours' } }] },
  ])
  const other = misses([u(9)], 3, 10, 'Night')
  t.same(kinds(other.misses), ['condition Night Shift'], 'every path has a BizRule: no SID would make it certain')
  t.match(other.misses[0], { member: [{ name: 'Lab' }], conditions: [{ type: 'bizrule-task' }, { type: 'ldap-query-group', query: '(department=Lab)' }] })
  t.match(misses([u(9)], 3).misses, [{ type: 'other-scope', scope: 'Night', decision: 'conditional' }], 'at application level: conditional in scope Night')
})

t.test('holds-operation through a BizRule, with the directory saying the token is not in the LDAP-query group', async (t) => {
  const outcomes = new Map([[guidKey(lab.guid), false]])
  t.equal(index.decide(makeToken([u(9)], outcomes), index.where('Night'), index.operation(3)), 'denied')
  t.match(misses([u(9)], 3, 10, 'Night', outcomes).misses, [
    {
      type: 'holds-operation',
      certainty: 'conditional',
      tokenMember: 'no',
      wouldGrant: [{ sid: u(6), certainty: 'conditional' }],
      runTimeMembers: [{ type: 'ldap-query-group', group: { name: 'Lab' } }],
    },
  ])
})

t.test('the bound: the N nearest and a count of the rest', async (t) => {
  const all = misses([u(5)], 1)
  t.same(kinds(all.misses), ['holds-operation Operators', 'holds-token Readers', 'other-scope East Ops'], 'in the documented order')
  const one = misses([u(5)], 1, 1)
  t.same(one.misses, all.misses.slice(0, 1))
  t.equal(one.more, 2)
  t.same(misses([u(5)], 1, 0), { misses: [], more: 3 })
})

t.test('checkAccess: whyNot on decisions not granted only; a bad limit is a usage error', async (t) => {
  const [granted, denied] = checkAccess(index, { sids: [u(1)], operations: [1, 2], whyNot: 5 })
  t.equal(granted?.decision, 'granted')
  t.notOk(granted && 'whyNot' in granted, 'a granted decision carries no why-not')
  t.match(denied, { decision: 'denied', whyNot: { misses: [{ type: 'holds-operation', roleAssignment: { name: 'Readers' } }], more: 0 } })
  const [none] = checkAccess(index, { sids: [u(9)], operations: [1] })
  t.notOk(none && 'whyNot' in none, 'not asked: none')
  for (const bad of [-1, 1.5, 101, Number.NaN]) t.throws(() => checkAccess(index, { sids: [u(9)], operations: [1], whyNot: bad }), UsageError, `whyNot ${bad}`)
})
