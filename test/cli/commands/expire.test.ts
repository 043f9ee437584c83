import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { openStore } from '../../../src/store/open-store.js'
import { fingerprint, runCli, sample, STACK_LINE } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const OTHER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const UNTIL = '2099-01-31T18:00:00Z'
const BEFORE = '2099-01-31T17:59:59Z'
const AFTER = '2099-01-31T18:00:00Z'

/** A copy of the delegated sample. */
function lab(t: Test, dir = t.testdir(), name = 'lab.xml'): string {
  const store = join(dir, name)
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  return store
}

/** The SIDs of a role assignment's members, as the store file holds them. */
async function members(t: Test, store: string, scope: string, ra: string): Promise<string[]> {
  const { policy } = await openStore(store).load()
  const found = policy.applications
    .find((a) => a.name === APP)
    ?.scopes.find((s) => s.name === scope)
    ?.roleAssignments.find((r) => r.name === ra)
  t.ok(found, `role assignment ${ra} is in ${scope}`)
  return [...(found?.members ?? [])]
}

interface Entry {
  readonly id: string
  readonly actor: string
  readonly reason?: string
}

async function journal(store: string): Promise<Entry[]> {
  return (JSON.parse((await runCli(['history', store, '--json'])).stdout) as { entries: Entry[] }).entries
}

const delegateArgs = (store: string, ...more: string[]) => ['delegate', store, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, ...more]
const RA = 'Hyper-V VM operator (Web VMs)'

t.test('done when: an expiring delegation made with delegate --until is removed by expire', async (t) => {
  const store = lab(t)
  const made = await runCli(delegateArgs(store, '--until', UNTIL, '--reason', 'CHG-1235'))
  t.equal(made.code, 0, made.stderr)
  t.match(made.stdout, `expires 2099-01-31T18:00:00.000Z: 1 member(s) recorded in ${store}.expiry.json`)
  t.same(await members(t, store, 'Web VMs', RA), [USER], 'the member is there')
  const added = (await journal(store)).at(-1)
  // A second before its time: nothing happens.
  const early = await runCli(['expire', store, '--now', BEFORE])
  t.equal(early.code, 0, early.stderr)
  t.match(early.stdout, /nothing has expired/)
  t.same(await members(t, store, 'Web VMs', RA), [USER], 'still there a second before')
  // At its time: removed, journaled as expiry, naming the journal entry that added it.
  const run = await runCli(['expire', store, '--now', AFTER])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, `${USER} in role assignment "${RA}"`)
  t.same(await members(t, store, 'Web VMs', RA), [], 'the member is gone')
  const last = (await journal(store)).at(-1)
  t.equal(last?.actor, 'expiry')
  t.ok(added?.id !== undefined && last?.reason?.includes(added.id), `the reason names entry ${added?.id}: ${last?.reason}`)
  const sidecar = JSON.parse(readFileSync(`${store}.expiry.json`, 'utf8')) as { entries: unknown[] }
  t.same(sidecar.entries, [], 'the sidecar has no entry left')
  // Idempotent: again, nothing to do and nothing written.
  const before = fingerprint(store)
  const again = await runCli(['expire', store, '--now', AFTER])
  t.equal(again.code, 0)
  t.match(again.stdout, /nothing has expired/)
  t.same(fingerprint(store), before, 'the second run writes nothing')
})

t.test('the store stays what it would be without --until, byte for byte', async (t) => {
  const dir = t.testdir()
  const a = lab(t, dir, 'a.xml')
  const b = lab(t, dir, 'b.xml')
  t.equal((await runCli(delegateArgs(a, '--until', UNTIL, '--actor', 'x'))).code, 0)
  t.equal((await runCli(delegateArgs(b, '--actor', 'x'))).code, 0)
  // GUIDs of new objects are random: compare with them blanked.
  const blank = (p: string) => readFileSync(p, 'utf8').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'GUID')
  t.equal(blank(a), blank(b))
  t.ok(existsSync(`${a}.expiry.json`))
  t.notOk(existsSync(`${b}.expiry.json`), 'no sidecar without --until')
})

t.test('role-assignment add-member --until, and --json of expire', async (t) => {
  const store = lab(t)
  const where = ['--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)']
  const added = await runCli(['role-assignment', 'add-member', store, ...where, '--sid', OTHER, '--until', '2099-03-01', '--json'])
  t.equal(added.code, 0, added.stderr)
  const out = JSON.parse(added.stdout) as { expiry: { expiresAt: string; entries: { sid: string; addedBy?: string }[] } }
  t.equal(out.expiry.expiresAt, '2099-03-01T00:00:00.000Z')
  t.equal(out.expiry.entries.length, 1)
  t.equal(out.expiry.entries[0]?.sid, OTHER)
  t.type(out.expiry.entries[0]?.addedBy, 'string')
  const dry = await runCli(['expire', store, '--now', '2099-03-01T00:00:00Z', '--dry-run', '--json'])
  t.equal(dry.code, 0, dry.stderr)
  const plan = JSON.parse(dry.stdout) as { dryRun: boolean; expired: { outcome: string }[] }
  t.same([plan.dryRun, plan.expired.map((e) => e.outcome)], [true, ['removed']])
  t.ok((await members(t, store, 'Lab VMs', 'VM Operators (Lab VMs)')).includes(OTHER), 'a dry run removes nothing')
  const run = await runCli(['expire', store, '--now', '2099-03-02T00:00:00Z', '--json'])
  t.equal(run.code, 0, run.stderr)
  t.notOk((await members(t, store, 'Lab VMs', 'VM Operators (Lab VMs)')).includes(OTHER))
})

t.test('a member removed by hand is only dropped from the sidecar', async (t) => {
  const store = lab(t)
  t.equal((await runCli(delegateArgs(store, '--until', UNTIL))).code, 0)
  t.equal((await runCli(['role-assignment', 'remove-member', store, '--app', APP, '--scope', 'Web VMs', '--name', RA, '--sid', USER])).code, 0)
  const entries = (await journal(store)).length
  const run = await runCli(['expire', store, '--now', AFTER])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /already gone, dropped from the expiry file/)
  t.equal((await journal(store)).length, entries, 'no write, no journal entry')
  t.same((JSON.parse(readFileSync(`${store}.expiry.json`, 'utf8')) as { entries: unknown[] }).entries, [])
})

t.test('--until in the past or unparsable: exit 3, nothing written', async (t) => {
  const store = lab(t)
  const cases = [
    ['2001-01-01T00:00:00Z', /is not in the future/],
    ['tomorrow', /takes an ISO 8601 time/],
    ['2099-02-30', /takes an ISO 8601 time/],
    ['2099-01-31T18:00:00', /takes an ISO 8601 time/],
  ] as const
  let checked = 0
  for (const [until, message] of cases) {
    const before = fingerprint(store)
    const run = await runCli(delegateArgs(store, '--until', until))
    t.equal(run.code, 3, `${until}: exit 3`)
    t.match(run.stderr, message)
    t.notMatch(run.stderr, STACK_LINE)
    t.same(fingerprint(store), before, `${until}: the store is unchanged`)
    t.notOk(existsSync(`${store}.expiry.json`), `${until}: no sidecar`)
    checked++
  }
  t.equal(checked, cases.length)
  const group = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--group', 'Lab Owners', '--until', UNTIL])
  t.equal(group.code, 3)
  t.match(group.stderr, /--until records members by SID/)
  const notAdd = await runCli(['role-assignment', 'remove-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', OTHER, '--until', UNTIL])
  t.equal(notAdd.code, 3)
  t.match(notAdd.stderr, /--until is for add-member/)
  const now = await runCli(['expire', store, '--now', 'soon'])
  t.equal(now.code, 3)
  t.match(now.stderr, /expire: --now takes an ISO 8601 time/)
})

t.test('a sidecar edited by hand that no longer parses: writes refuse (exit 2, the file named)', async (t) => {
  const store = lab(t)
  t.equal((await runCli(delegateArgs(store, '--until', UNTIL))).code, 0)
  const sidecar = `${store}.expiry.json`
  const broken = [
    ['{"format": "azman-expiry/1", "entries": [', /is not valid JSON/],
    [
      '{"format": "azman-expiry/1", "entries": [{"app": "A", "roleAssignment": {"name": "R", "guid": "x"}, "sid": "S-1-5-32-544", "expiresAt": "2099-01-01T00:00:00Z"}]}',
      /\$\.entries\[0\]\.roleAssignment\.guid must be a GUID/,
    ],
    ['{"format": "azman-expiry/1", "entries": [], "note": 1}', /\$ .*"note".*is not a field of an expiry file|note/],
  ] as const
  let checked = 0
  for (const [text, message] of broken) {
    writeFileSync(sidecar, text)
    const before = fingerprint(store)
    for (const args of [['expire', store, '--now', AFTER], delegateArgs(store, '--until', '2099-06-01')]) {
      const run = await runCli(args)
      t.equal(run.code, 2, `${args[0]}: exit 2`)
      t.match(run.stderr, sidecar)
      t.match(run.stderr, message)
      t.match(run.stderr, /AZMAN_ERR_EXPIRY_FILE/)
      t.notMatch(run.stderr, STACK_LINE)
      t.same(fingerprint(store), before, `${args[0]}: the store is unchanged`)
      t.equal(readFileSync(sidecar, 'utf8'), text, `${args[0]}: the sidecar is unchanged`)
      checked++
    }
  }
  t.equal(checked, 2 * broken.length)
})

t.test('audit reports an expired member still present; a broken sidecar is a warning for reads', async (t) => {
  const store = lab(t)
  t.equal((await runCli(delegateArgs(store, '--until', UNTIL))).code, 0)
  const sidecar = `${store}.expiry.json`
  // The time passes, and expire has not run.
  writeFileSync(sidecar, readFileSync(sidecar, 'utf8').replace('2099-01-31T18:00:00.000Z', '2020-01-31T18:00:00.000Z'))
  const run = await runCli(['audit', store, '--template', 'templates/', '--json'])
  const findings = (JSON.parse(run.stdout) as { findings: { code: string; severity: string; principal: { sid: string } | null; roleAssignment: string | null }[] }).findings
  const expired = findings.filter((f) => f.code === 'AUDIT_EXPIRED_MEMBER')
  t.same(
    expired.map((f) => [f.severity, f.principal?.sid, f.roleAssignment]),
    [['high', USER, RA]],
  )
  t.equal(run.code, 1, 'findings at high: exit 1')
  writeFileSync(sidecar, '{"format": "azman-expiry/1", "entries": [')
  const broken = await runCli(['audit', store, '--template', 'templates/', '--json'])
  t.match(broken.stderr, `azman: warning: the expiry file ${sidecar} is not valid JSON`)
  t.notMatch(broken.stderr, STACK_LINE)
  t.notOk(broken.stdout.includes('AUDIT_EXPIRED_MEMBER'), 'the expiries are left out')
})

t.test('add-member --until of a member already there records no expiry: a standing member stays standing', async (t) => {
  const store = lab(t)
  const where = ['--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)']
  t.equal((await runCli(['role-assignment', 'add-member', store, ...where, '--sid', OTHER])).code, 0)
  const again = await runCli(['role-assignment', 'add-member', store, ...where, '--sid', OTHER, '--until', '2099-03-01', '--json'])
  t.equal(again.code, 0, again.stderr)
  const out = JSON.parse(again.stdout) as { expiry: { entries: unknown[]; alreadyMembers: string[] } }
  t.same(out.expiry.entries, [])
  t.same(out.expiry.alreadyMembers, [OTHER])
  const text = await runCli(['role-assignment', 'add-member', store, ...where, '--sid', OTHER, '--until', '2099-03-01'])
  t.equal(text.code, 0, text.stderr)
  t.match(text.stdout, `already a member: no expiry recorded: ${OTHER}`)
  const run = await runCli(['expire', store, '--now', '2099-03-02T00:00:00Z'])
  t.equal(run.code, 0, run.stderr)
  t.ok((await members(t, store, 'Lab VMs', 'VM Operators (Lab VMs)')).includes(OTHER), 'the standing member stays')
})
