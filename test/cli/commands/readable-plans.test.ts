import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runCli, sample } from '../run-cli.js'

// Plans name objects by kind, name and place, never by GUID alone (issue #13, item 4), and dry runs say "would apply".

const APP = 'Hyper-V services'
const SID = 'S-1-5-21-1004336348-1177238915-682003330-1110'
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/** Creates one object of every kind the later change set edits. */
const SETUP = [
  { type: 'create-operation', app: APP, name: 'Export VM', operationId: 900 },
  { type: 'create-task', app: APP, name: 'Operate VMs', operations: [315] },
  { type: 'create-role-definition', app: APP, name: 'VM Operator', tasks: ['Operate VMs'], operations: [] },
  { type: 'create-scope', app: APP, name: 'Test VMs' },
  { type: 'create-group', app: APP, scope: 'Test VMs', name: 'Test owners', groupType: 'Basic', members: [{ sid: SID }], nonMembers: [] },
  { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Test operators', roleDefinitions: ['VM Operator'], tasks: [] },
]

/** Every family of change on the objects SETUP made: fields, links, members, renames, deletes. */
const EDITS = [
  { type: 'update-operation', app: APP, name: 'Export VM', description: 'Exports a VM' },
  { type: 'update-task', app: APP, name: 'Operate VMs', addOperations: [320], removeOperations: [315] },
  { type: 'update-role-definition', app: APP, name: 'VM Operator', removeTasks: ['Operate VMs'], addOperations: [335] },
  { type: 'rename-scope', app: APP, name: 'Test VMs', newName: 'Test machines' },
  { type: 'add-group-members', app: APP, scope: 'Test machines', group: 'Test owners', members: [{ account: 'Everyone' }], nonMembers: [] },
  { type: 'add-role-assignment-members', app: APP, scope: 'Test machines', roleAssignment: 'Test operators', members: [{ sid: SID }, { group: 'Test owners' }] },
  { type: 'add-role-assignment-tasks', app: APP, scope: 'Test machines', roleAssignment: 'Test operators', tasks: ['Operate VMs'] },
  { type: 'delete-operation', app: APP, name: 'Export VM' },
]

/** A copy of the delegated sample with the SETUP and EDITS change sets beside it. */
function labStore(t: Test): { dir: string; store: string; setup: string; edits: string } {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const setup = join(dir, 'setup.json')
  const edits = join(dir, 'edits.json')
  writeFileSync(setup, JSON.stringify({ changes: SETUP }))
  writeFileSync(edits, JSON.stringify({ changes: EDITS }))
  return { dir, store, setup, edits }
}

t.test('no line of a plan, a dry run or an apply names an object by a bare GUID', async (t) => {
  const { store, setup, edits } = labStore(t)
  let checked = 0
  const check = (text: string, what: string): void => {
    for (const line of text.split('\n')) {
      t.notMatch(line, GUID, `${what}: ${line}`)
      checked++
    }
  }
  const dry = await runCli(['apply', '--allow-broad', store, setup, '--dry-run'])
  t.equal(dry.code, 0, dry.stderr)
  check(dry.stdout, 'dry run')
  t.match(dry.stdout, /^\+ would apply: create role definition "VM Operator"/m, 'a dry run says "would apply"')
  t.notMatch(dry.stdout, /\bapplied\b/, 'a dry run never says "applied"')
  t.match(dry.stdout, /create application "Hyper-V services" > role definition "VM Operator"/, 'role definitions are called role definitions')
  const done = await runCli(['apply', '--allow-broad', store, setup])
  t.equal(done.code, 0, done.stderr)
  check(done.stdout, 'apply')
  const plan = await runCli(['plan', '--allow-broad', store, edits])
  t.equal(plan.code, 0, plan.stderr)
  check(plan.stdout, 'plan')
  t.match(plan.stdout, /add application "Hyper-V services" > task "Operate VMs" to taskLinks of application "Hyper-V services" > scope "Test machines" > role assignment "Test operators"/)
  t.match(plan.stdout, /remove application "Hyper-V services" > task "Operate VMs" from taskLinks of application "Hyper-V services" > role definition "VM Operator"/)
  t.match(plan.stdout, /add Everyone \(S-1-1-0\) to members of application "Hyper-V services" > scope "Test machines" > group "Test owners"/, 'a named account: name (SID)')
  t.match(plan.stdout, new RegExp(`add ${SID} to members of`), 'an account without a known name: the SID alone')
  t.match(plan.stdout, /set name of application "Hyper-V services" > scope "Test machines"/)
  t.match(plan.stdout, /delete application "Hyper-V services" > operation "Export VM"/)
  const applied = await runCli(['apply', '--allow-broad', store, edits, '--dry-run'])
  check(applied.stdout, 'dry run of the edits')
  t.ok(checked > 40, `checked ${checked} lines`)
  const edited = readFileSync(store, 'utf8')
  t.notMatch(edited, /Test machines/, 'dry runs and plans wrote nothing')
})

t.test('a JSON dry run says would-apply, never applied; a write says applied', async (t) => {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const changes = join(dir, 'c.json')
  writeFileSync(changes, JSON.stringify({ changes: [SETUP[3]] }))
  const dry = await runCli(['apply', '--allow-broad', store, changes, '--dry-run', '--json'])
  t.equal(dry.code, 0, dry.stderr)
  const d = JSON.parse(dry.stdout) as { plan: { results: { status: string }[]; editSummaries: string[] } }
  t.same(
    d.plan.results.map((r) => r.status),
    ['would-apply'],
  )
  t.same(d.plan.editSummaries, ['create application "Hyper-V services" > scope "Test VMs"'])
  const real = await runCli(['apply', '--allow-broad', store, changes, '--json'])
  const r = JSON.parse(real.stdout) as { plan: { results: { status: string }[] } }
  t.same(
    r.plan.results.map((x) => x.status),
    ['applied'],
  )
})

t.test('history: one line per change in words, a rollback in words, no GUID; --json keeps the detail and adds the summary', async (t) => {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const setup = join(dir, 'setup.json')
  writeFileSync(setup, JSON.stringify({ changes: SETUP }))
  t.equal((await runCli(['apply', '--allow-broad', store, setup, '--reason', 'CHG-7', '--actor', 'alice'])).code, 0)
  const json = JSON.parse((await runCli(['history', store, '--json'])).stdout) as { entries: { id: string; changes: unknown; summary: string[] }[] }
  const first = json.entries[0]
  t.match(first, { changes: { changes: SETUP } }, 'the changes as applied are kept')
  t.same(first?.summary.length, SETUP.length, 'one phrase per change')
  t.equal((await runCli(['rollback', store, '--before', first?.id ?? ''])).code, 0)
  const text = await runCli(['history', store])
  t.equal(text.code, 0, text.stderr)
  const lines = text.stdout.trimEnd().split('\n')
  t.equal(lines.length, SETUP.length + 1, 'a line per change, and one for the rollback')
  let checked = 0
  for (const line of lines) {
    t.notMatch(line, GUID, line)
    checked++
  }
  t.equal(checked, SETUP.length + 1)
  t.match(lines[2], /alice  create role definition "VM Operator" in application "Hyper-V services" \(broad grant allowed\)  reason: CHG-7$/, 'journaled with --allow-broad: said in words')
  t.match(lines[4], /create group "Test owners" in application "Hyper-V services" > scope "Test VMs"/)
  t.match(lines.at(-1), new RegExp(`rollback: the store restored as it was before entry ${first?.id ?? 'x'}`))
  t.notMatch(text.stdout, /[{}]/, 'no raw JSON')
})

t.test('diff text names linked objects and accounts, never by a bare GUID', async (t) => {
  const { dir, store, setup, edits } = labStore(t)
  t.equal((await runCli(['apply', '--allow-broad', store, setup])).code, 0)
  const middle = join(dir, 'middle.xml')
  copyFileSync(store, middle)
  t.equal((await runCli(['apply', '--allow-broad', store, edits])).code, 0)
  const diff = await runCli(['diff', middle, store])
  t.equal(diff.code, 1, 'the stores differ')
  const lines = diff.stdout.split('\n')
  let checked = 0
  for (const line of lines) {
    t.notMatch(line, GUID, line)
    checked++
  }
  t.ok(checked > 10, `checked ${checked} lines`)
  t.match(diff.stdout, /taskLinks \+ "Operate VMs"/, 'a linked task by name')
  t.match(diff.stdout, /members \+ Everyone \(S-1-1-0\)/, 'an account as name (SID)')
})

t.test('rollback text names what it removes, also after the objects are gone (regression: a GUID after a real rollback)', async (t) => {
  const { store, setup } = labStore(t)
  t.equal((await runCli(['apply', '--allow-broad', store, setup])).code, 0)
  const [entry] = (JSON.parse((await runCli(['history', store, '--json'])).stdout) as { entries: { id: string }[] }).entries
  for (const dryRun of [true, false]) {
    const run = await runCli(['rollback', store, '--before', entry?.id ?? '', ...(dryRun ? ['--dry-run'] : [])])
    t.equal(run.code, 0, run.stderr)
    const lines = run.stdout.split('\n')
    for (const line of lines) t.notMatch(line, GUID, `${dryRun ? 'dry run' : 'rollback'}: ${line}`)
    t.ok(lines.length > SETUP.length, `checked ${lines.length} lines`)
    t.match(run.stdout, /delete application "Hyper-V services" > role definition "VM Operator"/)
  }
})
