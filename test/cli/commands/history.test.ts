import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { fingerprint, runCli, sample, STACK_LINE } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const OTHER = 'S-1-5-21-1004336348-1177238915-682003330-1198'

interface Entry {
  readonly id: string
  readonly actor: string
  readonly reason?: string
  readonly action: string
  readonly changes: unknown
  readonly before: string
  readonly after: string
}

function isEntry(v: unknown): v is Entry {
  return typeof v === 'object' && v !== null && 'id' in v && typeof v.id === 'string' && 'before' in v && 'after' in v
}

async function historyOf(t: Test, store: string): Promise<Entry[]> {
  const run = await runCli(['history', store, '--json'])
  t.equal(run.code, 0, 'history exits 0')
  const parsed: unknown = JSON.parse(run.stdout)
  const entries = typeof parsed === 'object' && parsed !== null && 'entries' in parsed && Array.isArray(parsed.entries) ? parsed.entries : []
  return entries.filter(isEntry)
}

/** A copy of the 2008 R2 sample, with two journaled writes: the bytes of every version, oldest first. */
async function journaled(t: Test): Promise<{ store: string; versions: Buffer[] }> {
  const store = join(t.testdir(), 'store.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const versions = [readFileSync(store)]
  const first = await runCli(['scope', 'create', store, '--app', APP, '--name', 'Lab VMs', '--actor', 'alice', '--reason', 'CHG-1'])
  t.equal(first.code, 0, first.stderr)
  versions.push(readFileSync(store))
  const second = await runCli(['delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--actor', 'bob', '--reason', 'CHG-2'])
  t.equal(second.code, 0, second.stderr)
  versions.push(readFileSync(store))
  return { store, versions }
}

t.test('history lists each applied change set with actor, reason and versions; text and JSON', async (t) => {
  const { store, versions } = await journaled(t)
  const entries = await historyOf(t, store)
  t.equal(entries.length, 2)
  t.match(entries[0], { actor: 'alice', reason: 'CHG-1', action: 'apply', changes: { changes: [{ type: 'create-scope', name: 'Lab VMs' }] } })
  t.match(entries[1], { actor: 'bob', reason: 'CHG-2', action: 'apply' })
  t.equal(entries[0]?.after, entries[1]?.before, 'the versions chain')
  t.not(versions[0]?.equals(versions[1] ?? Buffer.alloc(0)), true)
  const text = await runCli(['history', store])
  t.equal(text.code, 0)
  t.match(text.stdout, new RegExp(`^${entries[0]?.id ?? 'x'} .* alice  create scope "Lab VMs" in application "Hyper-V services"  reason: CHG-1$`, 'm'))
  t.notMatch(text.stdout, /change\(s\)/, 'each change in words, not a count')
  t.match(text.stdout, /bob .* reason: CHG-2/)
})

t.test('a store without a journal has an empty history', async (t) => {
  const store = join(t.testdir(), 'store.xml')
  copyFileSync(sample('hyperv-2008.xml'), store)
  t.same(await historyOf(t, store), [])
  t.equal((await runCli(['history', store])).stdout, 'no journaled changes\n')
})

t.test('rollback --to restores the exact bytes the store had after that entry, and is journaled', async (t) => {
  const { store, versions } = await journaled(t)
  const [first] = await historyOf(t, store)
  const run = await runCli(['rollback', store, '--to', first?.id ?? '', '--reason', 'undo CHG-2', '--json'])
  t.equal(run.code, 0, run.stderr)
  t.ok(readFileSync(store).equals(versions[1] ?? Buffer.alloc(0)), 'byte for byte the store after entry 1')
  t.match(JSON.parse(run.stdout), { dryRun: false, written: true, rolledBackTo: first?.id })
  const entries = await historyOf(t, store)
  t.equal(entries.length, 3)
  t.match(entries[2], { action: 'rollback', reason: 'undo CHG-2', changes: { rollbackTo: first?.id } })
  // Rolling forward again, to the delegation, is a rollback too.
  const second = entries[1]?.id ?? ''
  t.equal((await runCli(['rollback', store, '--to', second])).code, 0)
  t.ok(readFileSync(store).equals(versions[2] ?? Buffer.alloc(0)), 'byte for byte the store after entry 2')
})

t.test('rollback --before undoes an entry and everything after it, back to the exact original bytes', async (t) => {
  const { store, versions } = await journaled(t)
  const [first] = await historyOf(t, store)
  const run = await runCli(['rollback', store, '--before', first?.id ?? ''])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /rolled back/)
  t.ok(readFileSync(store).equals(versions[0] ?? Buffer.alloc(0)), 'byte for byte the original sample')
  t.match((await historyOf(t, store))[2], { action: 'rollback', changes: { rollbackBefore: first?.id } })
})

t.test('rollback to the version the store is at writes nothing', async (t) => {
  const { store } = await journaled(t)
  const entries = await historyOf(t, store)
  const before = fingerprint(store)
  const run = await runCli(['rollback', store, '--to', entries[1]?.id ?? ''])
  t.equal(run.code, 0)
  t.match(run.stdout, /nothing to write/)
  t.same(fingerprint(store), before)
  t.equal((await historyOf(t, store)).length, 2, 'not journaled')
})

t.test('rollback --dry-run shows the edits and writes nothing: store, journal, lock and backup untouched', async (t) => {
  const { store } = await journaled(t)
  const [first] = await historyOf(t, store)
  const dir = join(store, '..')
  const files = readdirSync(dir).sort()
  const before = fingerprint(store)
  const journal = fingerprint(`${store}.journal.jsonl`)
  const backup = fingerprint(`${store}.bak`)
  const run = await runCli(['rollback', store, '--to', first?.id ?? '', '--dry-run', '--json'])
  t.equal(run.code, 0, run.stderr)
  const out: unknown = JSON.parse(run.stdout)
  t.match(out, { dryRun: true, written: false, rolledBackTo: first?.id, after: first?.after })
  t.ok(typeof out === 'object' && out !== null && 'edits' in out && Array.isArray(out.edits) && out.edits.length > 0, 'the edits are shown')
  t.same(fingerprint(store), before)
  t.same(fingerprint(`${store}.journal.jsonl`), journal)
  t.same(fingerprint(`${store}.bak`), backup)
  t.same(readdirSync(dir).sort(), files, 'no lock or temporary file left')
  const text = await runCli(['rollback', store, '--to', first?.id ?? '', '--dry-run'])
  t.match(text.stdout, /dry run: nothing written/)
})

t.test('bad rollback requests: a clear error, a stable exit code, no stack trace, nothing written', async (t) => {
  const { store } = await journaled(t)
  const [first] = await historyOf(t, store)
  const before = fingerprint(store)
  const cases: [string, string[], number, RegExp][] = [
    ['an unknown id', ['rollback', store, '--to', 'no-such-entry'], 4, /no journal entry "no-such-entry".*azman history/],
    ['no --to', ['rollback', store], 3, /--to <id> or --before <id>/],
    ['both --to and --before', ['rollback', store, '--to', first?.id ?? '', '--before', first?.id ?? ''], 3, /one of them/],
    ['a store that does not exist', ['rollback', `${store}.missing`, '--to', first?.id ?? ''], 2, /missing/],
  ]
  for (const [what, args, code, message] of cases) {
    const run = await runCli(args)
    t.equal(run.code, code, `${what}: exit ${code}`)
    t.match(run.stderr, message, what)
    t.notMatch(run.stderr, STACK_LINE, `${what}: no stack trace`)
    t.same(fingerprint(store), before, `${what}: store unchanged`)
  }
  t.equal((await historyOf(t, store)).length, 2, 'nothing journaled')
  t.notOk(existsSync(`${store}.lock`), 'no lock left')
})

t.test('an archived version that was damaged is refused with the store unchanged', async (t) => {
  const { store } = await journaled(t)
  const [first] = await historyOf(t, store)
  const archive = `${store}.versions`
  const file = readdirSync(archive).find((n) => n.startsWith((first?.after ?? '').replace('sha256:', '')))
  t.ok(file, 'the version is archived under its hash')
  writeFileSync(join(archive, file ?? 'x'), 'not gzip')
  const before = fingerprint(store)
  const run = await runCli(['rollback', store, '--to', first?.id ?? ''])
  t.equal(run.code, 2)
  t.notMatch(run.stderr, STACK_LINE)
  t.same(fingerprint(store), before)
})

t.test('the same history with a second store next to it: journals do not mix', async (t) => {
  const { store } = await journaled(t)
  const other = join(store, '..', 'other.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), other)
  t.equal((await runCli(['role-assignment', 'add-member', other, '--app', APP, '--name', 'Administrator', '--sid', OTHER])).code, 0)
  t.equal((await historyOf(t, other)).length, 1)
  t.equal((await historyOf(t, store)).length, 2)
})
