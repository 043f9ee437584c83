/**
 * A store that already has two objects with one GUID (AZ_DUPLICATE_GUID, which
 * `validate` reports). Regression: every create on such a store failed with
 * "the change cannot be written faithfully ... first: {json}", because the
 * read-back comparison paired objects by GUID and lost the second of the two.
 * Now a change set that does not make the defect worse is written, with a
 * warning that names the pre-existing error; one that edits or links to a
 * duplicated object is refused with a message naming the GUID and both
 * objects and pointing at `azman validate`.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { applyChangeSet } from '../../src/change-set/apply-changes.js'
import type { Change } from '../../src/change-set/change.js'
import { planChanges } from '../../src/change-set/plan.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { fixture, runCli } from '../cli/run-cli.js'
import { assertUntouched, copyOf, refused } from './change-set-helpers.js'

const FILES = [fixture('integrity/duplicate-guid.xml'), fixture('integrity/duplicate-guid-different-case.xml')]
const GUID = /5f1c0e2a-7b3d-4c8e-9a1f-000000000011/i

t.test('an unrelated create is written, with a warning naming the pre-existing duplicate', async (t) => {
  let checked = 0
  for (const file of FILES) {
    const creates: Change[][] = [
      [{ type: 'create-scope', app: 'App', name: 'S1' }],
      [{ type: 'create-operation', app: 'App', name: 'Delete', operationId: 3 }],
      [
        { type: 'create-operation', app: 'App', name: 'Delete', operationId: 3 },
        { type: 'create-role-definition', app: 'App', name: 'Deleter', operations: [3] },
      ],
    ]
    for (const changes of creates) {
      const copy = copyOf(t, file)
      const applied = await applyChangeSet(copy.store, { changes }, { actor: 'test' })
      const after = readFileSync(copy.path)
      t.equal(applied.result.edits.length, changes.length, `${changes.map((c) => c.type).join(', ')}: written`)
      const parsed = parseXmlStore(copy.bytes)
      const replay = planChanges({ policy: parsed.policy, version: parsed.version }, { changes }, { store: 'replay', guids: applied.plan.guids })
      t.same(diffPolicies(parseXmlStore(after).policy, replay.policy), [], 'the file reads back as the planned policy')
      const before = parseXmlStore(copy.bytes).policy.applications[0]?.operations
      t.same(parseXmlStore(after).policy.applications[0]?.operations.slice(0, 2), before, 'both duplicates are kept as they were')
      t.equal(applied.plan.warnings.length, 1)
      t.match(applied.plan.warnings[0], /AZ_DUPLICATE_GUID/)
      t.match(applied.plan.warnings[0], GUID)
      t.match(applied.plan.warnings[0], /azman validate/)
      checked++
    }
  }
  t.equal(checked, 6)
})

t.test('a change to a duplicated object, or a new link to one, is refused naming both and azman validate', async (t) => {
  let checked = 0
  for (const file of FILES) {
    const refusals: Change[][] = [
      [{ type: 'update-operation', app: 'App', name: 'Write', description: 'changed' }],
      [{ type: 'update-operation', app: 'App', name: 'Read', description: 'changed' }],
      [{ type: 'delete-operation', app: 'App', name: 'Write' }],
      [{ type: 'create-role-definition', app: 'App', name: 'Reader', operations: [1] }],
      [{ type: 'create-role-definition', app: 'App', name: 'Writer', operations: ['Write'] }],
    ]
    for (const changes of refusals) {
      const copy = copyOf(t, file)
      await refused(t, applyChangeSet(copy.store, { changes }, { actor: 'test' }), {
        type: InvalidChangeError,
        code: 'AZMAN_ERR_CHANGE_AMBIGUOUS_GUID',
        exitCode: 4,
        message: [GUID, 'operation "Read"', 'operation "Write"', 'azman validate'],
      })
      await assertUntouched(t, copy)
      checked++
    }
  }
  t.equal(checked, 10)
})

t.test('the CLI says it on one line', async (t) => {
  const copy = copyOf(t, FILES[0])
  const ok = await runCli(['scope', 'create', copy.path, '--app', 'App', '--name', 'S1'])
  t.equal(ok.code, 0, ok.stderr)
  t.match(ok.stdout, /^warning: .*AZ_DUPLICATE_GUID.*azman validate/m)
  const no = await runCli(['role-definition', 'create', copy.path, '--app', 'App', '--name', 'R', '--operation', '2'])
  t.equal(no.code, 4)
  t.match(no.stderr, /^azman: [^\n]*AZ_DUPLICATE_GUID[^\n]*azman validate[^\n]*\[AZMAN_ERR_CHANGE_AMBIGUOUS_GUID\]\n$/)
})
