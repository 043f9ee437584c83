/**
 * `azman delegate --template` reuses what exists: the README's five steps
 * make a role definition "Lab VM Operator" (315, 320, 325 through the nested
 * task "Operate VMs") and a role assignment "Lab operators" in "Lab VMs" that
 * grants exactly it. Delegating the same operations from a template then
 * creates no twin role definition or role assignment. Regression: it created
 * a second, identical role definition (named after the template) beside it.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import type { Application } from '../../../src/model/policy.js'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const ALICE = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const BOB = 'S-1-5-21-1004336348-1177238915-682003330-1106'

/** A template for exactly what the five steps grant: 315, 320 and 325, under another role definition name. */
const POWER_TEMPLATE = {
  format: 'azman-template/1',
  name: 'lab-power-operator',
  title: 'Lab power operator',
  description: 'Start, stop, pause and restart the VMs of one scope.',
  application: APP,
  roleDefinition: 'VM Power Operator',
  assignableAt: 'scope',
  operations: [
    { id: 315, name: 'Start Virtual Machine', required: true },
    { id: 320, name: 'Stop Virtual Machine', required: true },
    { id: 325, name: 'Pause and Restart Virtual Machine', required: true },
  ],
  forbiddenPrincipals: [{ sid: 'S-1-1-0', name: 'Everyone' }],
}

async function ok(t: Test, ...args: string[]): Promise<string> {
  const run = await runCli(args)
  t.equal(run.code, 0, `azman ${args.slice(0, 2).join(' ')} exits 0${run.stderr ? `: ${run.stderr}` : ''}`)
  return run.stdout
}

/** A copy of the 2008 R2 sample after the README's five steps, and the template file. */
async function fiveSteps(t: Test): Promise<{ store: string; template: string }> {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const template = join(dir, 'lab-power-operator.json')
  writeFileSync(template, JSON.stringify(POWER_TEMPLATE))
  await ok(t, 'role-definition', 'create', store, '--app', APP, '--name', 'Lab VM Operator')
  await ok(t, 'task', 'create', store, '--app', APP, '--name', 'Operate VMs', '--operation', '315', '--operation', '320', '--operation', 'Pause and Restart Virtual Machine')
  await ok(t, 'role-definition', 'add-task', store, '--app', APP, '--name', 'Lab VM Operator', '--task', 'Operate VMs')
  await ok(t, 'scope', 'create', store, '--app', APP, '--name', 'Lab VMs')
  await ok(t, 'role-assignment', 'create', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators')
  await ok(t, 'role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators', '--sid', ALICE)
  await ok(t, 'role-assignment', 'add-task', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators', '--role-definition', 'Lab VM Operator')
  return { store, template }
}

function app(store: string): Application {
  const found = parseXmlStore(readFileSync(store)).policy.applications.find((a) => a.name === APP)
  if (!found) throw new Error('no Hyper-V application')
  return found
}

const roleDefinitions = (store: string): string[] =>
  app(store)
    .tasks.filter((x) => x.roleDefinition)
    .map((x) => x.name)
const labAssignments = (store: string): { name: string; members: readonly string[] }[] =>
  (app(store).scopes.find((s) => s.name === 'Lab VMs')?.roleAssignments ?? []).map((r) => ({ name: r.name, members: r.members }))

interface Outcome {
  readonly written: boolean
  readonly plan: { readonly changes: readonly { type: string }[]; readonly warnings: readonly string[] }
}

t.test('the five steps, then delegate --template for the same people and scope: no duplicate, the reuse is said', async (t) => {
  const { store, template } = await fiveSteps(t)
  const definitions = roleDefinitions(store)
  t.same(definitions, ['Administrator', 'Lab VM Operator'], 'the five steps made one role definition')
  const before = readFileSync(store)
  const same = JSON.parse(await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--sid', ALICE, '--json')) as Outcome
  t.equal(same.written, false, 'the same people: nothing to write')
  t.ok(readFileSync(store).equals(before), 'bytes unchanged')
  t.notOk(
    same.plan.changes.some((c) => c.type === 'create-role-definition' || c.type === 'create-role-assignment'),
    'no role definition or role assignment to create',
  )
  t.ok(
    same.plan.warnings.includes('reused role definition "Lab VM Operator" at application level: its effective operations are exactly template lab-power-operator\'s; no new role definition'),
    'the plan says which role definition it reused',
  )
  t.ok(same.plan.warnings.includes('reused role assignment "Lab operators": it grants exactly role definition "Lab VM Operator"; the members are added to it'), 'and which role assignment')

  const text = await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--sid', BOB, '--reason', 'CHG-1')
  t.match(text, /reused role definition "Lab VM Operator"/, 'the text plan says it too')
  t.same(roleDefinitions(store), definitions, 'still no second role definition')
  t.same(labAssignments(store), [{ name: 'Lab operators', members: [ALICE, BOB] }], 'the new member joins the existing role assignment')
})

t.test('a shipped template over a role definition with its operations under another name', async (t) => {
  const { store } = await fiveSteps(t)
  // The operator template is 315, 320, 325, 340 and 345: give the step-1 definition 340 and 345 through a second nested task.
  await ok(t, 'task', 'create', store, '--app', APP, '--name', 'Use VM console', '--operation', '340', '--operation', '345')
  await ok(t, 'role-definition', 'add-task', store, '--app', APP, '--name', 'Lab VM Operator', '--task', 'Use VM console')
  const out = JSON.parse(await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', 'hyperv-vm-operator', '--sid', BOB, '--json')) as Outcome
  t.ok(out.plan.warnings.some((w) => w.startsWith('reused role definition "Lab VM Operator"')))
  t.same(roleDefinitions(store), ['Administrator', 'Lab VM Operator'], 'no "VM Operator" beside it')
  t.same(labAssignments(store), [{ name: 'Lab operators', members: [ALICE, BOB] }])
})

t.test('names given are kept: --role-definition and --name create what they name', async (t) => {
  const { store, template } = await fiveSteps(t)
  const out = JSON.parse(
    await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--sid', BOB, '--role-definition', 'Power', '--role-assignment', 'Power users', '--json'),
  ) as Outcome
  t.notOk(
    out.plan.warnings.some((w) => w.startsWith('reused')),
    'nothing reused',
  )
  t.same(roleDefinitions(store), ['Administrator', 'Lab VM Operator', 'Power'])
  t.same(
    labAssignments(store).map((r) => r.name),
    ['Lab operators', 'Power users'],
  )
})

t.test('a role definition that grants more is not reused', async (t) => {
  const { store, template } = await fiveSteps(t)
  await ok(t, 'task', 'add-operation', store, '--app', APP, '--name', 'Operate VMs', '--operation', '330')
  await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--sid', BOB)
  t.same(roleDefinitions(store), ['Administrator', 'Lab VM Operator', 'VM Power Operator'], "the template's own role definition is created")
  t.same(
    labAssignments(store).map((r) => r.name),
    ['Lab operators', 'Lab power operator (Lab VMs)'],
  )
})

t.test('--template plus --operation extends the template and says so', async (t) => {
  const { store, template } = await fiveSteps(t)
  const out = JSON.parse(await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--operation', '340', '--operation', '315', '--sid', BOB, '--json')) as Outcome
  t.ok(
    out.plan.warnings.includes('the result is no longer template lab-power-operator: it adds 340 "Allow Input to Virtual Machine" (role definition "VM Power Operator plus 340")'),
    'the plan says the result is no longer the template (315, already in it, is not counted)',
  )
  t.same(roleDefinitions(store), ['Administrator', 'Lab VM Operator', 'VM Power Operator plus 340'], 'a role definition named for what it is')
  t.same(
    labAssignments(store).map((r) => r.name),
    ['Lab operators', 'Lab power operator plus 340 (Lab VMs)'],
  )
  const again = JSON.parse(await ok(t, 'delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--operation', '340', '--sid', BOB, '--json')) as Outcome
  t.equal(again.written, false, 'the same extension again: reused, nothing written')
  t.ok(again.plan.warnings.some((w) => w.startsWith('reused role definition "VM Power Operator plus 340"')))
})

t.test('--template plus an unknown --operation: exit 4, the store unchanged', async (t) => {
  const { store, template } = await fiveSteps(t)
  const before = readFileSync(store)
  const run = await runCli(['delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', template, '--operation', '999', '--sid', BOB])
  t.equal(run.code, 4, run.stderr)
  t.match(run.stderr, /^azman: .*999.*\[AZMAN_ERR_CHANGE_NOT_FOUND\]\n$/)
  t.ok(readFileSync(store).equals(before), 'bytes unchanged')
})
