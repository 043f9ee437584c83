/**
 * `azman delegate --template T --with-connect`: T in the scope plus its
 * companions (hyperv-manager-connect) at application level, for the same
 * members, in one change set; without the flag, a warning that names it.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const TEMPLATES = ['--template', 'templates/']

interface Outcome {
  readonly written: boolean
  readonly plan: { readonly changes: readonly { type: string; name?: string; scope?: string }[]; readonly warnings: readonly string[] }
}

function copyOf(t: Test, name: string): string {
  const path = join(t.testdir(), 'store.xml')
  copyFileSync(sample(name), path)
  return path
}

async function delegate(t: Test, ...args: string[]): Promise<Outcome> {
  const run = await runCli(['delegate', ...args, '--json'])
  t.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout) as Outcome
}

async function cannotConnect(store: string): Promise<string[]> {
  const run = await runCli(['audit', store, ...TEMPLATES, '--json', '--fail-on', 'none'])
  const report = JSON.parse(run.stdout) as { findings: { code: string; principal: { sid: string } | null }[] }
  return report.findings.filter((f) => f.code === 'AUDIT_CANNOT_CONNECT').map((f) => f.principal?.sid ?? '')
}

t.test('without --with-connect: the delegation warns, naming the flag, and audit reports the member', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const out = await delegate(t, store, '--app', APP, '--scope', 'Lab VMs', '--template', 'hyperv-vm-operator', '--sid', USER)
  t.ok(
    out.plan.warnings.includes(
      `${USER} would lack 100 "Read Service Configuration", 295 "View Virtual Switch Management Service" at application level, which template hyperv-vm-operator needs from its companion hyperv-manager-connect: add --with-connect ("withConnect": true over REST) to delegate hyperv-manager-connect too`,
    ),
    'the warning names --with-connect',
  )
  t.same(await cannotConnect(store), [USER], 'and audit finds the member unable to connect')
})

t.test('--with-connect: the template and its companion in one change set, one journal entry, the member can connect', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const out = await delegate(t, store, '--app', APP, '--scope', 'Lab VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--with-connect', '--reason', 'CHG-7')
  t.equal(out.written, true)
  t.same(
    out.plan.changes.filter((c) => c.type === 'create-role-assignment').map((c) => [c.scope ?? null, c.name]),
    [
      ['Lab VMs', 'Hyper-V VM operator (Lab VMs)'],
      [null, 'Hyper-V Manager connect (application level)'],
    ],
    'the scope assignment and the application-level connect assignment',
  )
  t.equal(out.plan.changes.filter((c) => c.type === 'add-role-assignment-members').length, 2, 'the same member in both')
  t.ok(out.plan.warnings.includes('with --with-connect: also template hyperv-manager-connect at application level, for the same members'))
  t.notOk(
    out.plan.warnings.some((w) => /would lack|cannot connect/.test(w)),
    'no connect warning is left',
  )
  const history = await runCli(['history', store, '--json'])
  t.equal((JSON.parse(history.stdout) as { entries: unknown[] }).entries.length, 1, 'one change set: one journal entry')
  t.same(await cannotConnect(store), [], 'audit: nobody who cannot connect')
})

t.test('--with-connect on the delegated sample reuses its connect definition and assignment', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2-delegated.xml')
  const out = await delegate(t, store, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--with-connect')
  t.ok(
    out.plan.warnings.some((w) => w.startsWith('reused role assignment "Hyper-V Manager Connect"')),
    'the connect part joins the existing assignment',
  )
  t.notOk(
    out.plan.changes.some((c) => c.type === 'create-role-assignment' && c.scope === undefined),
    'no second connect assignment',
  )
  t.notOk((await cannotConnect(store)).includes(USER))
})

t.test('--with-connect with a template that names no companions says it adds nothing', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const out = await delegate(t, store, '--app', APP, '--template', 'hyperv-network-administrator', '--sid', USER, '--with-connect', '--dry-run')
  t.ok(out.plan.warnings.includes('--with-connect adds nothing: template hyperv-network-administrator names no companions'))
})

t.test('--with-connect with a bad delegation: exit 4 and nothing written', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const before = readFileSync(store)
  const run = await runCli(['delegate', store, '--app', APP, '--scope', 'Lab VMs', '--template', 'hyperv-vm-operator', '--sid', 'S-1-1-0', '--with-connect'])
  t.equal(run.code, 4, run.stderr)
  t.match(run.stderr, /\[AZMAN_ERR_CHANGE_FORBIDDEN_PRINCIPAL\]\n$/)
  t.ok(readFileSync(store).equals(before), 'bytes unchanged')
})

t.test("azman templates names each template's companions", async (t) => {
  const run = await runCli(['templates'])
  t.equal(run.code, 0)
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('  needs at application level: '))
  t.same(lines, Array(3).fill('  needs at application level: hyperv-manager-connect (delegate --with-connect applies them too)'), 'the three scope templates')
  const json = await runCli(['templates', '--json'])
  const listed = (JSON.parse(json.stdout) as { templates: { name: string; companions: string[] }[] }).templates
  t.same(listed.find((x) => x.name === 'hyperv-vm-operator')?.companions, ['hyperv-manager-connect'], '--json lists them')
})
