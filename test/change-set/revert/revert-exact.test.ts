/**
 * runRevert on real stores: for change sets of every kind of change, applied
 * to a copy of the delegated sample and then reverted, the store ends exactly
 * as it was before (no object-level difference), and the journal records the
 * revert. Guards the inverse computation (inverse-changes.ts) against
 * reverting a write in part.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { Change } from '../../../src/change-set/change.js'
import { applyChangeSet } from '../../../src/change-set/apply-changes.js'
import { runRevert } from '../../../src/change-set/revert/run-revert.js'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import { openStore } from '../../../src/store/open-store.js'
import { sample } from '../../cli/run-cli.js'

const APP = 'Hyper-V services'
const SID = 'S-1-5-21-1004336348-1177238915-682003330-'
const SETTINGS = { actor: 'tester', dryRun: false } as const

/** Change sets of every kind, each one journal entry. */
const CASES: readonly { readonly name: string; readonly changes: readonly Change[] }[] = [
  { name: 'a scope deleted with everything in it', changes: [{ type: 'delete-scope', app: APP, name: 'Lab VMs' }] },
  { name: 'a scope renamed', changes: [{ type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'Lab machines' }] },
  {
    name: 'objects created and linked',
    changes: [
      { type: 'create-operation', app: APP, name: 'Custom', operationId: 900, description: 'custom' },
      { type: 'create-task', app: APP, name: 'Custom task', operations: [900, 305], bizRule: { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' } },
      { type: 'create-role-definition', app: APP, scope: 'Lab VMs', name: 'Custom RD', tasks: ['Custom task'], operations: [315] },
      { type: 'create-group', app: APP, scope: 'Lab VMs', name: 'Custom group', groupType: 'Basic', members: [{ sid: `${SID}1301` }], nonMembers: [{ group: 'Lab Owners' }] },
      { type: 'create-role-assignment', app: APP, scope: 'Lab VMs', name: 'Custom RD', roleDefinitions: ['Custom RD'] },
      { type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'Custom RD', members: [{ group: 'Custom group' }, { sid: `${SID}1302` }] },
    ],
  },
  {
    name: 'objects updated: names, descriptions, links, members, rules',
    changes: [
      { type: 'update-role-definition', app: APP, scope: 'Lab VMs', name: 'VM Operator (Lab VMs)', newName: 'Lab operators', description: 'changed', addOperations: [305] },
      { type: 'update-task', app: APP, name: 'Operate Virtual Machine In Hours', bizRule: null, description: null },
      { type: 'update-group', app: APP, scope: 'Lab VMs', name: 'Lab Owners', newName: 'Lab owners 2', description: 'owners' },
      { type: 'add-group-members', app: APP, scope: 'Lab VMs', group: 'Lab owners 2', members: [{ sid: `${SID}1303` }], nonMembers: [{ sid: `${SID}1304` }] },
      { type: 'update-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab Administrators', newName: 'Lab admins', description: 'admins' },
      { type: 'remove-role-assignment-tasks', app: APP, scope: 'Lab VMs', roleAssignment: 'VM Operators (Lab VMs)', roleDefinitions: ['Lab operators'] },
    ],
  },
  {
    name: 'objects deleted',
    changes: [
      { type: 'delete-role-assignment', app: APP, scope: 'Production VMs', name: 'Production Monitors' },
      { type: 'delete-role-assignment', app: APP, name: 'Auditors' },
      { type: 'delete-group', app: APP, name: 'Hyper-V Auditors' },
    ],
  },
]

t.test('an applied change set, reverted, leaves the store exactly as before it', async (t) => {
  const dir = t.testdir()
  let checked = 0
  for (const [i, c] of CASES.entries()) {
    const path = join(dir, `case-${i}.xml`)
    copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
    const store = openStore(path)
    const original = (await store.load()).policy
    await applyChangeSet(store, { changes: c.changes }, SETTINGS)
    t.not(diffPolicies(original, (await store.load()).policy).length, 0, `${c.name}: the change set changed the store`)
    const entry = (await store.history())[0]
    const outcome = await runRevert(store, entry?.id ?? '', SETTINGS)
    t.equal(outcome.written, true, `${c.name}: written`)
    t.same(diffPolicies(original, (await store.load()).policy), [], `${c.name}: exactly as before`)
    const last = (await store.history()).at(-1)
    t.match(last?.changes, { revertOf: entry?.id }, `${c.name}: journaled as a revert`)
    checked++
  }
  t.equal(checked, CASES.length)
  t.equal(checked, 5)
})
