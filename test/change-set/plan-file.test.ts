import t, { type Test } from 'tap'
import type { Change } from '../../src/change-set/change.js'
import { parseChangeInput } from '../../src/change-set/plan-file.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { APP, planOn, user } from './change-set-helpers.js'

const CHANGES: readonly Change[] = [
  { type: 'create-scope', app: APP, name: 'Test VMs' },
  { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: user(1150) }] },
]

/** A plan as `azman plan --out` saves it, read back. */
function saved(): Record<string, unknown> {
  const { plan } = planOn(CHANGES)
  return JSON.parse(`${JSON.stringify(plan, null, 2)}\n`) as Record<string, unknown>
}

function refuse(t: Test, value: unknown, message: RegExp): void {
  let error: unknown
  try {
    parseChangeInput(value)
  } catch (e) {
    error = e
  }
  t.type(error, InvalidChangeError)
  t.match(error, { code: 'AZMAN_ERR_CHANGE_SET_INVALID', exitCode: 4, message })
}

t.test('a bare change set', async (t) => {
  const input = parseChangeInput({ changes: CHANGES })
  t.strictSame(input, { kind: 'changes', changeSet: { changes: CHANGES } })
})

t.test('a saved plan: what to replay and the edits it promised', async (t) => {
  const file = saved()
  const input = parseChangeInput(file)
  if (input.kind !== 'plan') {
    t.fail('read as a bare change set')
    return
  }
  t.equal(input.plan.baseVersion, file.baseVersion)
  t.match(input.plan.baseVersion, /^sha256:[0-9a-f]{64}$/)
  t.same(input.plan.guids, file.guids)
  t.equal(input.plan.guids.length, 1)
  t.strictSame(input.plan.changeSet, { changes: CHANGES }, 'the changes are parsed as strictly as a bare set')
  t.same(input.plan.edits, file.edits, 'the edits are kept as saved, to be compared with the replay')
})

t.test('the changes of a saved plan are checked like any change set, with their JSON path', async (t) => {
  const file = saved()
  refuse(t, { ...file, changes: [{ type: 'create-scope', app: APP, name: 'X', color: 'red' }] }, /^\$\.changes\[0\]\.color: is not a field/)
  refuse(t, { ...file, changes: undefined }, /^\$\.changes: is required/)
})

t.test('a saved plan without what makes it a plan is refused', async (t) => {
  const file = saved()
  refuse(t, { ...file, baseVersion: undefined }, /^\$\.baseVersion: a plan must say which store version it was made on$/)
  refuse(t, { ...file, baseVersion: 42 }, /^\$\.baseVersion/)
  refuse(t, { ...file, guids: 'aaaaaaaa-0000-4000-8000-000000000001' }, /^\$\.guids: must be an array of GUIDs$/)
  refuse(t, { ...file, guids: [1] }, /^\$\.guids/)
  refuse(t, { ...file, guids: ['aaaaaaaa-0000-4000-8000-000000000001', 1] }, /^\$\.guids: must be an array of GUIDs$/)
  refuse(t, { ...file, edits: [], baseVersion: 42, guids: 'x' }, /^\$\.baseVersion: a plan must say which store version it was made on$/)
  refuse(t, { ...file, edits: undefined }, /^\$\.edits: must be an array$/)
  refuse(t, { ...file, edits: {} }, /^\$\.edits/)
})

t.test('a plan of another format is not taken for a bare change set', async (t) => {
  refuse(t, { ...saved(), format: 'azman-plan/2' }, /^\$\./)
})

t.test('neither a plan nor a change set', async (t) => {
  refuse(t, null, /^\$: /)
  refuse(t, [CHANGES], /^\$: /)
  refuse(t, 'azman-plan/1', /^\$: /)
  refuse(t, { format: 'azman-plan/1' }, /^\$\.baseVersion/)
})
