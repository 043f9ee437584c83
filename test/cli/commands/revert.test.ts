/**
 * azman revert: one journal entry undone by its inverse change set, later
 * entries kept; refused when later entries touched what it changed; the
 * broad-principal guard on revert and rollback; "allowBroad" in a change-set file.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const LAB_ADMINS = ['--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Administrators']

interface Entry {
  readonly id: string
  readonly changes: { readonly revertOf?: string; readonly allowBroad?: boolean; readonly rollbackBefore?: string }
}

async function ids(t: Test, store: string): Promise<Entry[]> {
  const run = await runCli(['history', store, '--json'])
  t.equal(run.code, 0, run.stderr)
  return (JSON.parse(run.stdout) as { entries: Entry[] }).entries
}

async function ok(t: Test, args: readonly string[]): Promise<string> {
  const run = await runCli(args)
  t.equal(run.code, 0, `${args.slice(0, 2).join(' ')}: ${run.stderr}`)
  return run.stdout
}

/** The delegated sample with three entries: a scope made (E1), a member added (E2), a role definition made in the new scope (E3). */
async function threeEntries(t: Test): Promise<{ store: string; e: string[] }> {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  await ok(t, ['scope', 'create', store, '--app', APP, '--name', 'Web VMs', '--reason', 'E1'])
  await ok(t, ['role-assignment', 'add-member', store, ...LAB_ADMINS, '--sid', USER, '--reason', 'E2'])
  await ok(t, ['role-definition', 'create', store, '--app', APP, '--scope', 'Web VMs', '--name', 'Web op', '--operation', '305', '--reason', 'E3'])
  return { store, e: (await ids(t, store)).map((x) => x.id) }
}

const state = (store: string): string => readFileSync(store, 'utf8') + (existsSync(`${store}.journal.jsonl`) ? readFileSync(`${store}.journal.jsonl`, 'utf8') : '')

t.test('revert undoes an entry in the middle and keeps the later ones; the journal says it is a revert', async (t) => {
  const { store, e } = await threeEntries(t)
  const out = await ok(t, ['revert', store, e[1] ?? '', '--reason', 'undo E2'])
  t.match(out, /remove S-1-5-21-1004336348-1177238915-682003330-1199 from role assignment "Lab Administrators"/)
  const xml = readFileSync(store, 'utf8')
  t.notMatch(xml, USER, 'the member E2 added is gone')
  t.match(xml, 'Web op', 'what E3 made stays')
  t.match(xml, 'Web VMs', 'what E1 made stays')
  const entries = await ids(t, store)
  t.equal(entries.length, 4)
  t.match(entries[3], { changes: { revertOf: e[1], changes: [{ type: 'remove-role-assignment-members' }] } })
  const text = await ok(t, ['history', store])
  t.match(text, new RegExp(`revert of entry ${e[1] ?? 'x'}: remove role assignment members "Lab Administrators" .*reason: undo E2`))
  // A revert of the revert is allowed: nothing later touched that role assignment.
  await ok(t, ['revert', store, entries[3]?.id ?? ''])
  t.match(readFileSync(store, 'utf8'), USER, 'the member is back')
})

t.test('a revert of a delete recreates the objects with their own GUIDs', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const original = readFileSync(store, 'utf8')
  await ok(t, ['scope', 'delete', store, '--app', APP, '--name', 'Lab VMs'])
  const [gone] = await ids(t, store)
  t.notMatch(readFileSync(store, 'utf8'), '62fe15f4-cfe7-4189-9880-5fec81647b0b')
  await ok(t, ['revert', store, gone?.id ?? ''])
  const xml = readFileSync(store, 'utf8')
  let checked = 0
  for (const guid of original.match(/Guid="[0-9a-f-]{36}"/g) ?? []) {
    t.ok(xml.includes(guid), `${guid} is back`)
    checked++
  }
  t.ok(checked > 20, `every GUID of the sample checked (${checked})`)
  const validate = await runCli(['validate', store])
  t.equal(validate.code, 0, validate.stdout)
})

t.test('revert is refused when a later entry touched what the entry changed, naming it; nothing changes', async (t) => {
  const { store, e } = await threeEntries(t)
  const before = state(store)
  const run = await runCli(['revert', store, e[0] ?? ''])
  t.equal(run.code, 5, 'exit 5, like the other conflicts')
  t.match(run.stderr, 'AZMAN_ERR_CONFLICT_REVERT')
  t.match(run.stderr, `entry ${e[2] ?? 'x'}`, 'names the later entry')
  t.match(run.stderr, 'role definition "Web op"', 'names the object')
  t.match(run.stderr, `rollback --before ${e[0] ?? 'x'}`)
  t.equal(state(store), before, 'store and journal unchanged')
})

t.test('an unknown entry is NOT_FOUND, exit 3; a dry run writes nothing and says "would apply"', async (t) => {
  const { store, e } = await threeEntries(t)
  const before = state(store)
  const unknown = await runCli(['revert', store, '20000101T000000.000Z-000000'])
  t.equal(unknown.code, 3)
  t.match(unknown.stderr, 'AZMAN_ERR_NOT_FOUND')
  const usage = await runCli(['revert', store])
  t.equal(usage.code, 3, 'no entry given')
  const dry = await runCli(['revert', store, e[2] ?? '', '--dry-run'])
  t.equal(dry.code, 0, dry.stderr)
  t.match(dry.stdout, /would apply: delete role definition "Web op"/)
  t.match(dry.stdout, 'dry run: nothing written')
  t.equal(state(store), before, 'nothing written')
})

/** A store where Everyone was granted (allowed) then taken away again: reverting or rolling back the removal grants it again. */
async function broadThenRemoved(t: Test, store: string): Promise<{ store: string; removal: string }> {
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  await ok(t, ['role-assignment', 'add-member', store, ...LAB_ADMINS, '--account', 'Everyone', '--allow-broad'])
  await ok(t, ['role-assignment', 'remove-member', store, ...LAB_ADMINS, '--account', 'Everyone'])
  const entries = await ids(t, store)
  return { store, removal: entries[1]?.id ?? '' }
}

t.test('revert and rollback are held to the broad-principal guard', async (t) => {
  const dir = t.testdir()
  for (const command of ['revert', 'rollback'] as const) {
    const { store, removal } = await broadThenRemoved(t, join(dir, `${command}.xml`))
    const args = command === 'revert' ? ['revert', store, removal] : ['rollback', store, '--before', removal]
    const before = state(store)
    const refused = await runCli(args)
    t.equal(refused.code, 4, `${command} without the allowance: exit 4`)
    t.match(refused.stderr, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL')
    t.equal(state(store), before, `${command}: nothing changed`)
    await ok(t, [...args, '--allow-broad'])
    t.match(readFileSync(store, 'utf8'), 'S-1-1-0', `${command}: Everyone granted again`)
    const last = (await ids(t, store)).at(-1)
    t.equal(last?.changes.allowBroad, true, `${command}: the journal records the allowance`)
    t.match((await ok(t, ['history', store])).trim().split('\n').at(-1), /\(broad grant allowed\)$/, `${command}: history says so`)
  }
})

t.test('a change-set file may carry "allowBroad": true, as --allow-broad', async (t) => {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const changes = [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', members: [{ account: 'Everyone' }] }]
  const without = join(dir, 'without.json')
  const withIt = join(dir, 'with.json')
  const wrong = join(dir, 'wrong.json')
  writeFileSync(without, JSON.stringify({ changes }))
  writeFileSync(withIt, JSON.stringify({ allowBroad: true, changes }))
  writeFileSync(wrong, JSON.stringify({ allowBroad: 'yes', changes }))
  const before = state(store)
  const refused = await runCli(['apply', store, without])
  t.equal(refused.code, 4)
  t.match(refused.stderr, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL')
  const bad = await runCli(['apply', store, wrong])
  t.equal(bad.code, 4)
  t.match(bad.stderr, /AZMAN_ERR_CHANGE_SET_INVALID/)
  t.match(bad.stderr, '$.allowBroad')
  t.equal(state(store), before, 'nothing changed')
  await ok(t, ['apply', store, withIt])
  t.equal((await ids(t, store))[0]?.changes.allowBroad, true, 'journaled with the allowance')
})

t.test('a change made outside azman to what the entry changed is a conflict too', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  await ok(t, ['role-assignment', 'add-member', store, ...LAB_ADMINS, '--sid', USER])
  const [entry] = await ids(t, store)
  // Another tool changes the member azman added.
  writeFileSync(store, readFileSync(store, 'utf8').replace(USER, 'S-1-5-21-1004336348-1177238915-682003330-1198'))
  const before = state(store)
  const run = await runCli(['revert', store, entry?.id ?? ''])
  t.equal(run.code, 5)
  t.match(run.stderr, 'AZMAN_ERR_CONFLICT_REVERT')
  t.match(run.stderr, 'a change not in the journal (application "Hyper-V services" > scope "Lab VMs" > role assignment "Lab Administrators")')
  t.equal(state(store), before, 'nothing changed')
})

t.test('what no change set can write back (unknown XML) is refused, not reverted in part', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  writeFileSync(store, readFileSync(store, 'utf8').replace('Name="Auditors"', 'Name="Auditors" Extra="kept"'))
  await ok(t, ['role-assignment', 'delete', store, '--app', APP, '--name', 'Auditors'])
  const [entry] = await ids(t, store)
  const before = state(store)
  const run = await runCli(['revert', store, entry?.id ?? ''])
  t.equal(run.code, 4)
  t.match(run.stderr, 'AZMAN_ERR_CHANGE_REVERT_INEXACT')
  t.match(run.stderr, 'role assignment "Auditors"')
  t.equal(state(store), before, 'nothing changed')
  await ok(t, ['rollback', store, '--before', entry?.id ?? ''])
  t.match(readFileSync(store, 'utf8'), 'Extra="kept"', 'rollback restores it')
})
