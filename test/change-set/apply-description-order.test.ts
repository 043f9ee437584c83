import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { APP, applyOne, hyperV, parsedSample, SAMPLE } from './change-set-helpers.js'

/**
 * Every kind of object compares an update's description with the one it has
 * before checking it. Operations used to check first, so repeating the
 * description an operation already had (one AzMan's rules refuse, as a store
 * may hold) was refused with AZMAN_ERR_CHANGE_INVALID_TEXT where a task, role
 * assignment or group reported the same update in place.
 */

const STORED = 'kept\tas the store has it'

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? Mutable<U>[] : T[K] }

function withStoredDescriptions(): PolicyStore {
  const policy = structuredClone(parsedSample(SAMPLE.delegated).policy) as Mutable<PolicyStore>
  const app = policy.applications.find((a) => a.name === APP)
  if (!app) throw new Error('no Hyper-V application')
  for (const list of [app.operations, app.tasks, app.roleAssignments, app.groups]) {
    const first = list[0]
    if (first) first.description = STORED
  }
  return policy
}

const policy = withStoredDescriptions()
const app = hyperV(policy)
const cases: [string, (description: string) => Change][] = [
  ['operation', (description) => ({ type: 'update-operation', app: APP, name: app.operations[0]?.name ?? '', description })],
  [
    app.tasks[0]?.roleDefinition === true ? 'role definition' : 'task',
    (description) => ({ type: app.tasks[0]?.roleDefinition === true ? 'update-role-definition' : 'update-task', app: APP, name: app.tasks[0]?.name ?? '', description }),
  ],
  ['role assignment', (description) => ({ type: 'update-role-assignment', app: APP, name: app.roleAssignments[0]?.name ?? '', description })],
  ['group', (description) => ({ type: 'update-group', app: APP, name: app.groups[0]?.name ?? '', description })],
]

for (const [kind, update] of cases) {
  t.test(`${kind}: repeating a stored description AzMan's rules refuse is in place; a new one is checked`, async (t) => {
    const same = applyOne(policy, update(STORED))
    t.equal(same.outcome.status, 'in-place')
    t.equal(same.policy, policy, 'nothing changed')
    t.throws(() => applyOne(policy, update('new\tvalue')), { code: 'AZMAN_ERR_CHANGE_INVALID_TEXT' })
  })
}
