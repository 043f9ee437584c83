/**
 * azman history --since ID and --follow: the entries after an entry with
 * their access delta; --follow prints entries as they are appended until
 * interrupted (main called with an abort signal); an unknown id is exit 3.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { CliIo } from '../../../src/cli/io.js'
import { main } from '../../../src/cli/main.js'
import { REPO_ROOT, runCli, sample, STACK_LINE } from '../run-cli.js'

const APP = 'Hyper-V services'
const D = 'S-1-5-21-1004336348-1177238915-682003330-'
const add = (store: string, n: number) =>
  runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', `${D}${3000 + n}`, '--reason', `CHG-${n}`])

t.test('history --since lists the entries after an id with their access delta; an unknown id is exit 3', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  for (let n = 0; n < 3; n++) t.equal((await add(store, n)).code, 0)
  const ids = (JSON.parse((await runCli(['history', store, '--json'])).stdout) as { entries: { id: string }[] }).entries.map((e) => e.id)
  const run = await runCli(['history', store, '--since', ids[0] ?? '', '--json'])
  t.equal(run.code, 0, run.stderr)
  const out = JSON.parse(run.stdout) as { entries: { id: string; access: { principal: { sid: string }; change: string }[] }[] }
  t.same(
    out.entries.map((e) => e.id),
    ids.slice(1),
  )
  t.match(out.entries[0]?.access, [{ principal: { sid: `${D}3001` }, change: 'gained' }])
  const text = await runCli(['history', store, '--since', ids[1] ?? ''])
  t.match(text.stdout, /reason: CHG-2\n {4}GAINS S-1-5-21-1004336348-1177238915-682003330-3002: 315 "Start Virtual Machine" in scope "Lab VMs"/)
  const bad = await runCli(['history', store, '--since', 'nope', '--follow'])
  t.equal(bad.code, 3)
  t.match(bad.stderr, /holds no entry "nope"/)
  t.notMatch(bad.stderr, STACK_LINE)
  const mixed = await runCli(['history', store, '--principal', `${D}3001`, '--since', ids[0] ?? ''])
  t.equal(mixed.code, 3)
})

t.test('history --follow prints each entry as it is appended, once, until interrupted', async (t) => {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  t.equal((await add(store, 0)).code, 0, 'an entry before following: not printed')
  let stdout = ''
  const controller = new AbortController()
  const io: CliIo = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: () => true }, env: {}, cwd: REPO_ROOT, signal: controller.signal }
  const following = main(['history', store, '--follow', '--json'], io)
  await new Promise((r) => setTimeout(r, 300))
  for (let n = 1; n <= 5; n++) t.equal((await add(store, n)).code, 0)
  const deadline = Date.now() + 10_000
  while (stdout.trim().split('\n').filter(Boolean).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  controller.abort()
  t.equal(await following, 0, 'exits 0 when interrupted')
  const reasons = stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { reason: string }).reason)
  t.same(reasons, ['CHG-1', 'CHG-2', 'CHG-3', 'CHG-4', 'CHG-5'], 'each new entry once, in order (JSON Lines)')
})
