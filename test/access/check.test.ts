import { readFileSync } from 'node:fs'
import t from 'tap'
import { AccessIndex, checkAccess } from '../../src/access/index.js'
import { parseXmlStore } from '../../src/store/xml/parse-xml-store.js'
import { sample, shared } from '../cli/run-cli.js'

const load = (path: string) => parseXmlStore(readFileSync(path)).policy
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'

t.test('delegated Hyper-V sample', async (t) => {
  const index = AccessIndex.build(load(sample('hyperv-2008r2-delegated.xml')), 'Hyper-V services')
  const check = (scope: string | undefined, sids: string[], ops: (number | string)[]) =>
    checkAccess(index, { scope, sids, operations: ops, explain: true })

  t.test('BUILTIN\\Administrators holds every operation everywhere, through the application-level Administrator', async (t) => {
    for (const scope of [undefined, 'Lab VMs', 'Production VMs']) {
      const [r] = check(scope, ['S-1-5-32-544'], [315])
      t.equal(r?.decision, 'granted', `scope ${scope ?? '(app)'}`)
      const first = r?.because[0]
      t.match(first, { type: 'grant', certainty: 'certain', roleAssignment: { name: 'Administrator', scope: null }, member: [{ type: 'sid', sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }] })
    }
  })

  t.test('a VM Operators member may start VMs in Lab VMs only, through the nested task', async (t) => {
    const [lab] = check('Lab VMs', [`${DOMAIN}-1105`], ['Start Virtual Machine'])
    t.equal(lab?.decision, 'granted')
    const grant = lab?.because.find((b) => b.type === 'grant' && b.certainty === 'certain')
    t.match(grant, {
      roleAssignment: { name: 'VM Operators (Lab VMs)', scope: 'Lab VMs' },
      path: [{ type: 'role-definition', name: 'VM Operator (Lab VMs)', scope: 'Lab VMs' }, { type: 'task', name: 'Operate Virtual Machine' }, { type: 'task', name: 'Operate Virtual Machine Power' }, { type: 'operation', id: 315 }],
      member: [{ type: 'sid', sid: `${DOMAIN}-1105` }, { type: 'group', name: 'VM Operators', level: 'application' }],
    })
    const [prod] = check('Production VMs', [`${DOMAIN}-1105`], [315])
    t.equal(prod?.decision, 'denied')
    const [app] = check(undefined, [`${DOMAIN}-1105`], [315])
    t.equal(app?.decision, 'denied')
  })

  t.test('a token holding a member and the non-member of VM Operators is excluded, with the proof', async (t) => {
    const [r] = check('Lab VMs', [`${DOMAIN}-1105`, `${DOMAIN}-1107`], [315])
    t.equal(r?.decision, 'conditional', 'non-membership beats membership; only the LDAP-query group path is left')
    const excluded = r?.because.filter((b) => b.type === 'excluded') ?? []
    t.ok(excluded.length > 0)
    t.match(excluded[0], { type: 'excluded', member: [{ sid: `${DOMAIN}-1105` }, { name: 'VM Operators' }], excludedBy: { group: { name: 'VM Operators' }, nonMember: [{ type: 'sid', sid: `${DOMAIN}-1107` }] } })
  })
})

t.test('real stores: BizRule tasks and LDAP-query groups are conditional', async (t) => {
  const policy = load(shared('windows-sdk-asp-AzStore.xml'))
  const index = AccessIndex.build(policy, 'Expense Web')
  const [submit, approve] = checkAccess(index, { sids: ['S-1-1-0'], operations: ['Submit', 'Approve'], explain: true })
  t.equal(submit?.decision, 'conditional', 'Everyone submits, subject to the BizRule')
  t.match(submit?.because[0], { type: 'grant', certainty: 'conditional', conditions: [{ type: 'bizrule-task', task: { name: 'Submit Expense', bizRule: { language: 'VBScript' } } }] })
  t.equal(approve?.decision, 'conditional', 'Approve Expense has a language but no BizRule text; the Managers LDAP group decides')
  t.match(approve?.because[0], { conditions: [{ type: 'ldap-query-group', group: { name: 'Managers', level: 'store' }, query: '(title=Manager)' }] })
  t.notOk(JSON.stringify(approve).includes('bizrule-task'), 'an empty BizRule is no rule')
})
