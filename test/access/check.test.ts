import t from 'tap'
import { AccessIndex, checkAccess, NotFoundError, type AccessResult } from '../../src/access/index.js'
import { sample, realStore } from '../cli/run-cli.js'
import { loadFixture, loadStoreFile, u } from './fixture.js'

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

function decisions(results: readonly AccessResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [String(r.operation.id), r.decision]))
}

t.test('hand-built fixture', async (t) => {
  const index = AccessIndex.build(loadFixture(), 'fixture')
  const check = (scope: string | undefined, sids: string[], operations: (number | string)[] = [1, 2, 3, 4, 5, 6]) => checkAccess(index, { scope, sids, operations, explain: true })

  t.test('nested tasks, a BizRule task, application level', async (t) => {
    const r = check(undefined, [u(1)])
    // Op 4 ("Loopers", held by group "Loop A", in a loop with "Loop B"): the loop link makes it conditional for any token.
    t.same(decisions(r), { 1: 'granted', 2: 'granted', 3: 'conditional', 4: 'conditional', 5: 'denied', 6: 'denied' })
    t.match(r[0]?.because[0], {
      type: 'grant',
      certainty: 'certain',
      roleAssignment: { name: 'Editors', scope: null },
      path: [
        { type: 'role-definition', name: 'Editor' },
        { type: 'task', name: 'Write Things' },
        { type: 'task', name: 'Read Things' },
        { type: 'operation', id: 1, name: 'Read' },
      ],
      member: [
        { type: 'sid', sid: u(1) },
        { type: 'group', name: 'Staff', level: 'application' },
      ],
      conditions: [],
    })
    t.match(r[2]?.because, [
      { type: 'grant', certainty: 'conditional', roleAssignment: { name: 'Deleters' }, conditions: [{ type: 'bizrule-task', task: { name: 'Delete In Hours', bizRule: { language: 'JScript' } } }] },
    ])
    t.match(
      r[3]?.because,
      [
        {
          type: 'grant',
          certainty: 'conditional',
          roleAssignment: { name: 'Loopers' },
          member: [{ name: 'Loop B' }, { name: 'Loop A' }],
          conditions: [{ type: 'group-loop', group: { name: 'Loop A' }, linked: { name: 'Loop B' }, nonMember: false }],
        },
      ],
      'conditional only through the loop link',
    )
    t.same(r[4]?.because, [], 'denied with nothing to show')
  })

  t.test('application-level role assignments apply in every scope', async (t) => {
    t.same(decisions(check('Empty', [u(1)])), { 1: 'granted', 2: 'granted', 3: 'conditional', 4: 'conditional', 5: 'denied', 6: 'denied' })
    const [read] = check('Lab', [u(1)], [2])
    t.equal(read?.decision, 'granted')
    t.match(read?.because[0], { certainty: 'certain', roleAssignment: { name: 'Editors', scope: null } }, 'the certain grant comes first')
    t.ok(
      read?.because.some((b) => b.type === 'grant' && b.certainty === 'conditional' && b.roleAssignment.name === 'Lab Writers'),
      'the LDAP path is listed too',
    )
  })

  t.test('a non-member group removes a member, with the proof', async (t) => {
    const [r] = check(undefined, [u(3)], [1])
    t.equal(r?.decision, 'denied')
    t.match(r?.because, [
      {
        type: 'excluded',
        roleAssignment: { name: 'Editors' },
        member: [{ sid: u(3) }, { name: 'Staff' }],
        excludedBy: {
          group: { name: 'Staff' },
          nonMember: [
            { type: 'sid', sid: u(3) },
            { type: 'group', name: 'Contractors' },
          ],
        },
      },
    ])
    t.same(decisions(check(undefined, [u(9)], [1])), { 1: 'denied' }, 'a non-member alone is not a member')
    t.same(check(undefined, [u(9)], [1])[0]?.because, [])
    t.same(decisions(check(undefined, [u(2)], [1, 2])), { 1: 'granted', 2: 'granted' })
  })

  t.test('a task whose BizRule text is empty has no business rule, whatever its language', async (t) => {
    const [r] = check(undefined, [u(6)], [5])
    t.equal(r?.decision, 'granted')
    t.match(r?.because[0], {
      certainty: 'certain',
      path: [{ type: 'task', name: 'Audit With Empty Rule', bizRule: null }, { id: 5 }],
      member: [{ sid: u(6) }, { name: 'Store Auditors', level: 'store', scope: null }],
    })
  })

  t.test('cycles terminate: a task cycle still reaches its operations; membership through a group loop link is unknown', async (t) => {
    const [r7] = check(undefined, [u(7)], [4])
    t.equal(r7?.decision, 'granted')
    t.match(r7?.because[0], { path: [{ name: 'Cycle A' }, { name: 'Cycle B' }, { id: 4 }], member: [{ sid: u(7) }, { name: 'Loop A' }] })
    const [r8] = check(undefined, [u(8)], [4])
    t.equal(r8?.decision, 'conditional', 'Loop B is reached only through the loop link: unknown, so conditional')
    t.match(r8?.because, [{ certainty: 'conditional', member: [{ name: 'Loop B' }, { name: 'Loop A' }], conditions: [{ type: 'group-loop', group: { name: 'Loop A' }, linked: { name: 'Loop B' } }] }])
    t.ok(
      index.groups.broken.some((b) => b.reason === 'loop'),
      'the loop is reported',
    )
  })

  t.test('the token is whole: BUILTIN SIDs count as held, nothing is added', async (t) => {
    const [r] = check(undefined, ['S-1-5-32-545'], [1])
    t.equal(r?.decision, 'granted')
    t.match(r?.because[0], { roleAssignment: { name: 'Direct Readers' }, path: [{ type: 'operation', id: 1 }], member: [{ sid: 'S-1-5-32-545', name: 'BUILTIN\\Users' }] })
    // Op 4 is conditional for any token: it is held through a group loop link (unknown).
    t.same(decisions(check(undefined, [])), { 1: 'denied', 2: 'denied', 3: 'denied', 4: 'conditional', 5: 'denied', 6: 'denied' }, 'an empty token gets nothing certain')
    t.same(decisions(check(undefined, ['S-1-5-21-9-9-9-9999'])), { 1: 'denied', 2: 'denied', 3: 'denied', 4: 'conditional', 5: 'denied', 6: 'denied' }, 'an unknown SID gets nothing certain')
    t.same(
      decisions(check(undefined, ['S-1-1-0', 'S-1-5-11'])),
      { 1: 'denied', 2: 'denied', 3: 'denied', 4: 'conditional', 5: 'denied', 6: 'denied' },
      'Everyone and Authenticated Users are not implied either way',
    )
  })

  t.test('scope-level role definitions, nested groups and nested non-member groups', async (t) => {
    const [own] = check('Lab', [u(4)], [3])
    t.equal(own?.decision, 'granted')
    t.match(own?.because[0], {
      roleAssignment: { name: 'Lab Owners', scope: 'Lab' },
      path: [{ type: 'role-definition', name: 'Lab Owner', scope: 'Lab' }, { id: 3 }],
      member: [{ sid: u(4) }, { name: 'Inner' }, { name: 'Outer' }],
    })
    t.equal(check('Lab', [u(13)], [3])[0]?.decision, 'granted')
    t.equal(check(undefined, [u(4)], [3])[0]?.decision, 'denied', 'the scope grants nothing at application level')
    t.equal(check('Empty', [u(4)], [3])[0]?.decision, 'denied', 'nor in another scope')
    const [five] = check('Lab', [u(5)], [3])
    t.equal(five?.decision, 'denied')
    t.match(five?.because, [{ type: 'excluded', member: [{ sid: u(5) }, { name: 'Inner' }, { name: 'Outer' }], excludedBy: { group: { name: 'Inner' }, nonMember: [{ sid: u(5) }] } }])
    const [eleven] = check('Lab', [u(11)], [3])
    t.equal(eleven?.decision, 'denied')
    t.match(eleven?.because, [{ type: 'excluded', excludedBy: { group: { name: 'Outer' }, nonMember: [{ sid: u(11) }, { name: 'Banned' }] } }])
    const [twelve] = check('Lab', [u(12)], [3])
    t.equal(twelve?.decision, 'denied')
    t.match(twelve?.because, [{ type: 'excluded', excludedBy: { group: { name: 'Outer' }, nonMember: [{ sid: u(12) }, { name: 'Banned Inner' }, { name: 'Banned' }] } }], 'a nested non-member group')
    t.equal(check('Lab', [u(4), u(11)], [3])[0]?.decision, 'denied', 'non-membership beats membership in one token')
  })

  t.test('LDAP-query and BizRule groups are conditional for any token', async (t) => {
    const r = check('Lab', ['S-1-5-21-9-9-9-9999'], [1, 2, 3])
    t.same(decisions(r), { 1: 'conditional', 2: 'conditional', 3: 'denied' })
    t.match(r[1]?.because, [
      {
        certainty: 'conditional',
        roleAssignment: { name: 'Lab Writers' },
        member: [{ type: 'group', name: 'Lab Users', groupType: 'LdapQuery' }],
        conditions: [{ type: 'ldap-query-group', query: '(department=Lab)' }],
      },
    ])
    const kinds = r[0]?.because.flatMap((b) => (b.type === 'grant' ? b.conditions.map((c) => c.type) : []))
    t.same(new Set(kinds), new Set(['ldap-query-group', 'bizrule-group']))
  })

  t.test('scope groups are seen from their scope only', async (t) => {
    t.equal(check('Lab', [u(14)], [5])[0]?.decision, 'granted')
    t.equal(check('Other', [u(14)], [1])[0]?.decision, 'denied', "the link to another scope's group is ignored")
  })

  t.test('SIDs in any case, operations by name', async (t) => {
    t.same(decisions(check(undefined, [u(1).toLowerCase()], ['write', 'READ'])), { 2: 'granted', 1: 'granted' })
  })

  t.test('unknown scope, operation, application', async (t) => {
    t.throws(() => check('Nope', [u(1)], [1]), NotFoundError)
    t.throws(() => check(undefined, [u(1)], [99]), { code: 'AZMAN_ERR_NOT_FOUND', message: /OperationID 99/ })
    t.throws(() => check(undefined, [u(1)], ['Fly']), { code: 'AZMAN_ERR_NOT_FOUND', message: /"Fly"/ })
    t.throws(() => AccessIndex.build(loadFixture(), 'Nope'), { code: 'AZMAN_ERR_NOT_FOUND', message: /known: "Fixture"/ })
  })

  t.test('decisions without proof are the same decisions', async (t) => {
    for (const scope of [undefined, 'Lab', 'Empty', 'Other']) {
      for (let n = 1; n <= 15; n++) {
        const plain = checkAccess(index, { scope, sids: [u(n)], operations: [1, 2, 3, 4, 5, 6] })
        t.same(
          plain.map((r) => r.decision),
          check(scope, [u(n)]).map((r) => r.decision),
        )
        t.ok(plain.every((r) => r.because.length === 0))
      }
    }
  })
})

t.test('delegated Hyper-V sample', async (t) => {
  const index = AccessIndex.build(loadStoreFile(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services')
  const check = (scope: string | undefined, sids: string[], ops: (number | string)[]) => checkAccess(index, { scope, sids, operations: ops, explain: true })

  t.test('BUILTIN\\Administrators holds every operation everywhere, through the application-level Administrator', async (t) => {
    const all = index.context.operations.operations.map((o) => o.operationId)
    for (const scope of [undefined, 'Lab VMs', 'Production VMs']) {
      const results = check(scope, ['S-1-5-32-544'], all)
      t.equal(results.length, 34)
      t.ok(
        results.every((r) => r.decision === 'granted'),
        `every operation in ${scope ?? 'the application level'}`,
      )
      t.match(results[0]?.because[0], {
        type: 'grant',
        certainty: 'certain',
        roleAssignment: { name: 'Administrator', scope: null },
        member: [{ type: 'sid', sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }],
      })
    }
  })

  t.test('a VM Operators member may operate VMs in Lab VMs only, through the nested task', async (t) => {
    const [lab] = check('Lab VMs', [`${DOMAIN}-1105`], ['Start Virtual Machine'])
    t.equal(lab?.decision, 'granted')
    t.match(lab?.because[0], {
      roleAssignment: { name: 'VM Operators (Lab VMs)', scope: 'Lab VMs' },
      path: [
        { type: 'role-definition', name: 'VM Operator (Lab VMs)', scope: 'Lab VMs' },
        { type: 'task', name: 'Operate Virtual Machine' },
        { type: 'task', name: 'Operate Virtual Machine Power' },
        { type: 'operation', id: 315 },
      ],
      member: [
        { type: 'sid', sid: `${DOMAIN}-1105` },
        { type: 'group', name: 'VM Operators', level: 'application' },
      ],
    })
    t.equal(check('Production VMs', [`${DOMAIN}-1105`], [315])[0]?.decision, 'denied')
    t.equal(check(undefined, [`${DOMAIN}-1105`], [315])[0]?.decision, 'denied')
    t.same(decisions(check(undefined, [`${DOMAIN}-1105`], [100, 295, 335])), { 100: 'granted', 295: 'granted', 335: 'denied' }, 'Hyper-V Manager can connect')
  })

  t.test('a token holding a member and the non-member of VM Operators is excluded, with the proof', async (t) => {
    const [r] = check('Lab VMs', [`${DOMAIN}-1105`, `${DOMAIN}-1107`], [315])
    t.equal(r?.decision, 'conditional', 'non-membership beats membership; only the LDAP-query group path is left')
    t.match(
      r?.because.find((b) => b.type === 'excluded'),
      { member: [{ sid: `${DOMAIN}-1105` }, { name: 'VM Operators' }], excludedBy: { group: { name: 'VM Operators' }, nonMember: [{ type: 'sid', sid: `${DOMAIN}-1107` }] } },
    )
  })

  t.test('the BizRule task "Operate Virtual Machine In Hours" is held by no role', async (t) => {
    t.equal(check('Production VMs', [`${DOMAIN}-1120`], [315])[0]?.decision, 'denied')
    t.same(decisions(check('Production VMs', [`${DOMAIN}-1120`], [100, 335, 315])), { 100: 'granted', 335: 'granted', 315: 'denied' })
  })
})

t.test('real AzMan stores', async (t) => {
  t.test('Windows SDK sample: BizRule task, and a language without a rule', async (t) => {
    const index = AccessIndex.build(loadStoreFile(realStore('windows-sdk-asp-AzStore.xml')), 'Expense Web')
    const [submit, approve, read] = checkAccess(index, { sids: ['S-1-1-0'], operations: ['Submit', 'Approve', 3], explain: true })
    t.equal(submit?.decision, 'conditional', 'Everyone submits, subject to the BizRule')
    t.match(submit?.because[0], {
      type: 'grant',
      certainty: 'conditional',
      member: [{ sid: 'S-1-1-0', name: 'Everyone' }],
      conditions: [{ type: 'bizrule-task', task: { name: 'Submit Expense', bizRule: { language: 'VBScript' } } }],
    })
    t.equal(approve?.decision, 'conditional', 'Approve Expense has a language but no BizRule text; the Managers LDAP group decides')
    t.match(approve?.because[0], {
      path: [{ name: 'Approver' }, { name: 'Approve Expense', bizRule: null }, { id: 2 }],
      conditions: [{ type: 'ldap-query-group', group: { name: 'Managers', level: 'store' }, query: '(title=Manager)' }],
    })
    t.equal(read?.decision, 'denied')
    t.equal(checkAccess(index, { sids: ['S-1-5-11'], operations: [1] })[0]?.decision, 'denied', 'Submitter is held by Everyone only')
    const iis = AccessIndex.build(loadStoreFile(realStore('windows-sdk-asp-AzStore.xml')), 'IIS 6.0 URL Authorization')
    t.equal(checkAccess(iis, { scope: 'Expense Web', sids: ['S-1-1-0'], operations: ['AccessURL'] })[0]?.decision, 'denied', 'a self-closing scope with nothing in it')
  })

  t.test('MS-AZMP example: basic group with non-members and a nested LDAP-query group', async (t) => {
    const index = AccessIndex.build(loadStoreFile(realStore('ms-azmp-example-v2.xml')), 'Application#1')
    const d = (sid: string) => checkAccess(index, { sids: [sid], operations: [1, 2], explain: true })
    t.same(decisions(d('S-1-5-21-3104031619-1062013444-2593988815-1115')), { 1: 'granted', 2: 'granted' }, 'a member of App Group #1')
    t.same(decisions(d('S-1-5-21-1022818538-2633080746-2542160322-501')), { 1: 'granted', 2: 'granted' }, 'a direct member')
    const other = d('S-1-5-21-9-9-9-9999')
    t.same(decisions(other), { 1: 'conditional', 2: 'conditional' }, 'anyone may match the nested LDAP-query group')
    t.match(other[0]?.because[0], {
      member: [
        { type: 'group', groupType: 'LdapQuery', level: 'store' },
        { type: 'group', name: 'App Group #1 - Basic' },
      ],
      conditions: [{ type: 'ldap-query-group', query: 'This is the query' }],
    })
    const excluded = d('S-1-5-21-3104031619-1062013444-2593988815-1116')
    t.same(decisions(excluded), { 1: 'denied', 2: 'denied' }, 'a non-member of App Group #1 loses the LDAP path too')
    t.match(excluded[0]?.because, [{ type: 'excluded', excludedBy: { group: { name: 'App Group #1 - Basic' } } }])
  })
})
