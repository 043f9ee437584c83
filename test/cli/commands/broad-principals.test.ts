/**
 * Granting anything to a broad principal (Everyone, Domain Users ...) is
 * refused on every CLI write path, exit 4 with AZMAN_ERR_CHANGE_BROAD_PRINCIPAL,
 * and leaves the store and its journal untouched; `--allow-broad` lets it
 * through with a warning, and the journal records the allowance.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const EVERYONE = 'S-1-1-0'
const DOMAIN_USERS = 'S-1-5-21-1004336348-1177238915-682003330-513'

function copyOf(dir: string, name = 'store.xml'): string {
  const path = join(dir, name)
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  return path
}

/** Each write path, as the arguments after the store (a change-set file is written into the test folder). */
function paths(dir: string): Record<string, (store: string) => string[]> {
  const changes = join(dir, 'changes.json')
  writeFileSync(changes, JSON.stringify({ changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'VM Operators (Lab VMs)', members: [{ sid: EVERYONE }] }] }))
  return {
    'role-assignment add-member Everyone': () => ['role-assignment', 'add-member', '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--account', 'Everyone'],
    'role-assignment add-member Domain Users at application level': () => ['role-assignment', 'add-member', '--app', APP, '--name', 'Hyper-V Manager Connect', '--sid', DOMAIN_USERS],
    'group add-member Everyone': () => ['group', 'add-member', '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Owners', '--sid', EVERYONE],
    'delegate --operation 305 to Domain Users': () => ['delegate', '--app', APP, '--operation', '305', '--sid', DOMAIN_USERS],
    'apply a change set': () => ['apply', changes],
  }
}

function argsFor(path: (store: string) => string[], store: string): string[] {
  const [command, ...rest] = path(store)
  const sub = command === 'role-assignment' || command === 'group' ? [command, rest[0] ?? '', store, ...rest.slice(1)] : [command ?? '', store, ...rest]
  return sub
}

t.test('refused without --allow-broad on every path: exit 4, the code, nothing written', async (t) => {
  let checked = 0
  const dir = t.testdir()
  for (const [name, path] of Object.entries(paths(dir))) {
    const store = copyOf(dir, `store-${checked}.xml`)
    const before = readFileSync(store)
    const run = await runCli(argsFor(path, store))
    t.equal(run.code, 4, `${name}: exit 4`)
    t.match(run.stderr, /AZMAN_ERR_CHANGE_BROAD_PRINCIPAL/, `${name}: the code`)
    t.match(run.stderr, /--allow-broad/, `${name}: says how to allow it`)
    t.notMatch(run.stderr, /\n\s+at /, `${name}: no stack trace`)
    t.same(readFileSync(store), before, `${name}: the store is unchanged`)
    t.notOk(existsSync(`${store}.journal.jsonl`), `${name}: nothing journaled`)
    checked++
  }
  t.equal(checked, 5, 'five write paths checked')
})

t.test('a dry run and plan are refused the same way', async (t) => {
  const dir = t.testdir()
  const store = copyOf(dir)
  const dry = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', EVERYONE, '--dry-run'])
  t.equal(dry.code, 4)
  t.match(dry.stderr, /Everyone/)
  const changes = join(dir, 'c.json')
  writeFileSync(changes, JSON.stringify({ changes: [{ type: 'add-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: DOMAIN_USERS }] }] }))
  const plan = await runCli(['plan', store, changes])
  t.equal(plan.code, 4)
  t.match(plan.stderr, /every user of the domain/)
  const allowed = await runCli(['plan', store, changes, '--allow-broad', '--json'])
  t.equal(allowed.code, 0, allowed.stderr)
})

t.test('--allow-broad: written with a warning, and the journal records the allowance', async (t) => {
  const store = copyOf(t.testdir())
  const run = await runCli([
    'role-assignment',
    'add-member',
    store,
    '--app',
    APP,
    '--scope',
    'Lab VMs',
    '--name',
    'VM Operators (Lab VMs)',
    '--sid',
    EVERYONE,
    '--allow-broad',
    '--reason',
    'CHG-9',
    '--json',
  ])
  t.equal(run.code, 0, run.stderr)
  const out = JSON.parse(run.stdout) as { written: boolean; plan: { warnings: string[] } }
  t.equal(out.written, true)
  t.ok(
    out.plan.warnings.some((w) => w.includes('S-1-1-0 (Everyone)') && w.includes('allowed with --allow-broad')),
    'the plan warns',
  )
  const entries = readFileSync(`${store}.journal.jsonl`, 'utf8').trim().split('\n')
  t.equal(entries.length, 1)
  t.match(JSON.parse(entries[0] ?? '{}'), { reason: 'CHG-9', changes: { allowBroad: true } }, 'the journal records allowBroad')
})

t.test('a broad principal already a member is not asked about again; removing one is not refused', async (t) => {
  const store = copyOf(t.testdir())
  t.equal((await runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', EVERYONE, '--allow-broad'])).code, 0)
  const again = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', EVERYONE])
  t.equal(again.code, 0, again.stderr)
  const remove = await runCli(['role-assignment', 'remove-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', EVERYONE])
  t.equal(remove.code, 0, remove.stderr)
})
