/**
 * Warnings a plan gives before anything is written: a destructive or
 * host-wide Hyper-V operation granted at application level, and a scope
 * renamed or deleted (the VMs bound to it fall back to the application level).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'

function copyOf(dir: string): string {
  const path = join(dir, 'store.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  return path
}

async function warningsOf(t: Test, args: string[]): Promise<string[]> {
  const run = await runCli([...args, '--dry-run', '--json'])
  t.equal(run.code, 0, run.stderr)
  return (JSON.parse(run.stdout) as { plan: { warnings: string[] } }).plan.warnings
}

t.test('delete VM (305) delegated at application level warns that it applies to every VM; in a scope it does not', async (t) => {
  const store = copyOf(t.testdir())
  const appLevel = await warningsOf(t, ['delegate', store, '--app', APP, '--operation', '305', '--operation', '335', '--sid', USER])
  const hostWide = appLevel.filter((w) => w.includes('at application level: there it applies to every VM'))
  t.equal(hostWide.length, 1, 'one warning')
  t.match(hostWide[0], /305 "Delete Virtual Machine"/)
  t.notMatch(hostWide[0], /335/, 'a view operation is not host-wide')
  const inScope = await warningsOf(t, ['delegate', store, '--app', APP, '--scope', 'Lab VMs', '--operation', '305', '--sid', USER])
  t.equal(inScope.filter((w) => w.includes('applies to every VM on the host')).length, 0, 'no warning in a scope')
})

t.test('scope rename --dry-run warns that bound VMs fall back to the application level; delete too', async (t) => {
  const dir = t.testdir()
  const store = copyOf(dir)
  const text = await runCli(['scope', 'rename', store, '--app', APP, '--name', 'Lab VMs', '--new-name', 'Test VMs', '--dry-run'])
  t.equal(text.code, 0, text.stderr)
  t.match(
    text.stdout + text.stderr,
    /scope "Lab VMs" is renamed to "Test VMs" in application "Hyper-V services": every VM bound to "Lab VMs" \(its ScopeOfResidence\) falls back to the application level/,
  )
  const deleted = await warningsOf(t, ['scope', 'delete', store, '--app', APP, '--name', 'Production VMs'])
  const before = join(dir, 'before.xml')
  copyFileSync(store, before)
  t.equal((await runCli(['scope', 'rename', store, '--app', APP, '--name', 'Lab VMs', '--new-name', 'Test VMs'])).code, 0)
  const diff = await runCli(['diff', before, store, '--json'])
  const consequences = (JSON.parse(diff.stdout) as { consequences: string[] }).consequences
  t.equal(consequences.length, 1, 'diff reports the rename with its consequence')
  t.match(consequences[0], /"Lab VMs" is renamed to "Test VMs".*falls back to the application level/)
  const diffText = await runCli(['diff', before, store])
  t.match(diffText.stdout, /On the host \(not in the effective access below\):\n  scope "Lab VMs" is renamed/)
  t.equal(deleted.filter((w) => w.includes('scope "Production VMs" is deleted') && w.includes('falls back to the application level')).length, 1)
})

t.test('with host facts (--facts), a scope rename or deletion counts and names the VMs bound to it', async (t) => {
  const dir = t.testdir()
  const store = copyOf(dir)
  const facts = sample('hosts/hv01.json')
  const rename = await warningsOf(t, ['scope', 'rename', store, '--app', APP, '--name', 'Lab VMs', '--new-name', 'Test VMs', '--facts', facts])
  const bound = rename.filter((w) => w.includes('bound to'))
  t.equal(bound.length, 1, 'one warning about bound VMs')
  t.match(bound[0], /2 VMs bound to "Lab VMs" on the hosts whose facts were given \("lab-web01", "lab-sql01"\) falls back/)
  const del = await warningsOf(t, ['scope', 'delete', store, '--app', APP, '--name', 'Production VMs', '--facts', facts])
  t.match(del.join('\n'), /1 VM bound to "Production VMs" on the hosts whose facts were given \("prod-dc02"\)/)
  const two = await warningsOf(t, ['scope', 'delete', store, '--app', APP, '--name', 'Production VMs', '--facts', facts, '--facts', sample('hosts/hv02.json')])
  t.match(two.join('\n'), /"prod-dc02 on HV01"/, 'several hosts: each VM with its host')
  const changes = join(dir, 'changes.json')
  writeFileSync(changes, JSON.stringify({ changes: [{ type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'Test VMs' }] }))
  const planned = await runCli(['plan', store, changes, '--facts', facts, '--json'])
  t.equal(planned.code, 0, planned.stderr)
  t.match(planned.stdout, /2 VMs bound to/, 'plan --facts too')
  const applied = await warningsOf(t, ['apply', store, changes, '--facts', facts])
  t.match(applied.join('\n'), /2 VMs bound to/, 'apply --facts too')
})

t.test('--facts with a file that is not facts: exit 2, AZMAN_ERR_HOST_FACTS, nothing written', async (t) => {
  const dir = t.testdir()
  const store = copyOf(dir)
  const before = readFileSync(store)
  const bad = join(dir, 'bad.json')
  writeFileSync(bad, '{"format": "azman-host-facts/1"}')
  const run = await runCli(['scope', 'rename', store, '--app', APP, '--name', 'Lab VMs', '--new-name', 'Test VMs', '--facts', bad])
  t.equal(run.code, 2)
  t.match(run.stderr, /AZMAN_ERR_HOST_FACTS|collectedAt/)
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace')
  t.same(readFileSync(store), before, 'store unchanged')
})
