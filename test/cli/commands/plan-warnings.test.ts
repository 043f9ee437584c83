/**
 * Warnings a plan gives before anything is written: a destructive or
 * host-wide Hyper-V operation granted at application level, and a scope
 * renamed or deleted (the VMs bound to it fall back to the application level).
 */
import { copyFileSync } from 'node:fs'
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
