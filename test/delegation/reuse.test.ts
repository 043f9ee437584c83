/**
 * planDelegation's reuse, on models built in the test: a role definition is
 * reused only when its effective operations, with no business rule on the
 * way, are exactly the template's; a role assignment only when it grants
 * exactly that definition.
 */
import t from 'tap'
import { planDelegation } from '../../src/delegation/delegate.js'
import { loadTemplate } from '../../src/templates/load-template.js'
import { baseStore, opLinks, ra, rd, scoped, task, withAdded } from '../audit/hyperv-store.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const template = await loadTemplate('hyperv-manager-connect')

const types = (changes: readonly { type: string }[]): string[] => changes.map((c) => c.type)

t.test('reused through nested role definitions; the plan names it', async (t) => {
  const p = baseStore()
  const inner = rd(p, 'Inner', 100)
  const outer = { ...rd(p, 'Connect people', 295), taskLinks: [inner.guid] }
  const planned = planDelegation(withAdded(p, { tasks: [inner, outer] }), { app: APP, template, principals: [{ sid: USER }] })
  t.same(types(planned.changeSet.changes), ['create-role-assignment', 'add-role-assignment-members'], 'no role definition created')
  t.match(planned.changeSet.changes[0], { roleDefinitions: ['Connect people'] })
  t.same(planned.notes, ['reused role definition "Connect people" at application level: its effective operations are exactly template hyperv-manager-connect\'s; no new role definition'])
})

t.test('not reused: a business rule on the way, more operations, or fewer', async (t) => {
  const p = baseStore()
  const ruled = task('After hours', { operationLinks: opLinks(p, 295), script: 'AzBizRuleContext.BusinessRuleResult = true;', language: 'JScript' })
  const cases = [
    ['a BizRule task', [ruled, { ...rd(p, 'Ruled', 100), taskLinks: [ruled.guid] }]],
    ['one more operation', [rd(p, 'More', 100, 295, 105)]],
    ['one fewer', [rd(p, 'Fewer', 100)]],
  ] as const
  for (const [what, tasks] of cases) {
    const planned = planDelegation(withAdded(p, { tasks }), { app: APP, template, principals: [{ sid: USER }] })
    t.same(types(planned.changeSet.changes), ['create-role-definition', 'create-role-assignment', 'add-role-assignment-members'], `${what}: a new role definition`)
    t.same(planned.notes, [], `${what}: nothing said about reuse`)
  }
  t.equal(cases.length, 3)
})

t.test('a role assignment is reused only when it grants exactly that definition', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Connect', 100, 295)
  const extra = rd(p, 'Extra', 105)
  const both = withAdded(p, { tasks: [def, extra], roleAssignments: [ra('Two definitions', [def, extra], [])] })
  t.same(
    types(planDelegation(both, { app: APP, template, principals: [{ sid: USER }] }).changeSet.changes),
    ['create-role-assignment', 'add-role-assignment-members'],
    'one linking two definitions is not reused',
  )
  const exact = withAdded(p, { tasks: [def], roleAssignments: [ra('Readers', [def], [])] })
  const planned = planDelegation(exact, { app: APP, template, principals: [{ sid: USER }] })
  t.same(planned.changeSet.changes, [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Readers', members: [{ sid: USER }] }])
  const named = planDelegation(exact, { app: APP, template, principals: [{ sid: USER }], name: 'Own name' })
  t.match(named.changeSet.changes[0], { type: 'create-role-assignment', name: 'Own name', roleDefinitions: ['Connect'] }, 'a name given: that role assignment, with the reused definition')
})

t.test('a scope-level role definition is reused in its scope only', async (t) => {
  const p = baseStore()
  const scopedDef = rd(p, 'Scope connect', 100, 295)
  const store = withAdded(p, { scopes: [scoped('Lab VMs', [], { tasks: [scopedDef] })] })
  const appLevel = planDelegation(store, { app: APP, template, principals: [{ sid: USER }] })
  t.ok(types(appLevel.changeSet.changes).includes('create-role-definition'), 'not visible at application level')
})

t.test('neither a template nor operations: AZMAN_ERR_CHANGE_DELEGATION', async (t) => {
  t.throws(() => planDelegation(baseStore(), { app: APP, principals: [{ sid: USER }] }), { code: 'AZMAN_ERR_CHANGE_DELEGATION', message: /give a template or operations/ })
})
