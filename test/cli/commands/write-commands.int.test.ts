import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { validateStore } from '../../../src/model/integrity/validate.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
/** A domain user no sample store mentions. */
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const SAMPLES = ['hyperv-2008.xml', 'hyperv-2008r2.xml', 'hyperv-2008r2-delegated.xml']

function copyOf(t: Test, name: string): string {
  const dir = t.testdir()
  const path = join(dir, 'store.xml')
  copyFileSync(sample(name), path)
  return path
}

function errorsIn(path: string): string[] {
  return validateStore(parseXmlStore(readFileSync(path)).policy)
    .filter((f) => f.severity === 'error')
    .map((f) => f.code)
}

async function ok(t: Test, ...args: string[]): Promise<string> {
  const run = await runCli(args)
  t.equal(run.code, 0, `azman ${args.slice(0, 2).join(' ')} exits 0${run.stderr ? `: ${run.stderr}` : ''}`)
  return run.stdout
}

for (const name of SAMPLES) {
  t.test(`the five workflow steps on ${name}`, async (t) => {
    const store = copyOf(t, name)
    await ok(t, 'role-definition', 'create', store, '--app', APP, '--name', 'VM Operator', '--reason', 'step 1')
    await ok(t, 'task', 'create', store, '--app', APP, '--name', 'Operate VMs', '--operation', '315', '--operation', 'Stop Virtual Machine', '--operation', '325')
    await ok(t, 'role-definition', 'add-task', store, '--app', APP, '--name', 'VM Operator', '--task', 'Operate VMs')
    await ok(t, 'scope', 'create', store, '--app', APP, '--name', 'Lab VMs')
    await ok(t, 'role-assignment', 'create', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators')
    await ok(t, 'role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators', '--sid', USER, '--account', 'BUILTIN\\Hyper-V Administrators')
    await ok(t, 'role-assignment', 'add-task', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators', '--role-definition', 'VM Operator')
    t.same(errorsIn(store), [], 'the result passes azman validate')
    const shown = JSON.parse(await ok(t, 'export', store, '--json')) as {
      applications: { tasks: { name: string; operations: number[]; tasks: string[] }[]; scopes: { name: string; roles: { name: string; guid: string; tasks: string[]; members: string[] }[] }[] }[]
    }
    const app = shown.applications[0]
    // Links are written in ascending GUID order, as AzMan writes them, so compare as a set.
    t.same([...(app?.tasks.find((x) => x.name === 'Operate VMs')?.operations ?? [])].sort(), [315, 320, 325])
    t.match(
      app?.tasks.find((x) => x.name === 'VM Operator'),
      { tasks: ['Operate VMs'] },
    )
    const lab = app?.scopes.find((s) => s.name === 'Lab VMs')
    t.same(
      lab?.roles.find((r) => r.name === 'Lab operators'),
      {
        name: 'Lab operators',
        guid: lab?.roles.find((r) => r.name === 'Lab operators')?.guid,
        tasks: ['VM Operator'],
        operations: [],
        members: [USER, 'S-1-5-32-578'],
        appMembers: [],
      },
    )
  })

  t.test(`delegate from the VM-operator template on ${name}, twice`, async (t) => {
    const store = copyOf(t, name)
    const first = JSON.parse(await ok(t, 'delegate', store, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--json')) as {
      written: boolean
      plan: { results: { status: string }[]; warnings: string[] }
    }
    t.equal(first.written, true)
    t.ok(
      first.plan.warnings.some((w) => /Hyper-V Manager cannot connect/.test(w)),
      'warns that the member cannot connect with Hyper-V Manager',
    )
    t.same(errorsIn(store), [], 'valid')
    const bytes = readFileSync(store)
    const second = JSON.parse(await ok(t, 'delegate', store, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--json')) as {
      written: boolean
      plan: { results: { status: string }[] }
    }
    t.equal(second.written, false, 'the second run writes nothing')
    t.ok(second.plan.results.every((r) => r.status === 'in-place'))
    t.ok(readFileSync(store).equals(bytes), 'bytes unchanged')
  })
}

t.test('one add-member changes only that role assignment: the diff is one inserted Member element', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2-delegated.xml')
  const before = readFileSync(store, 'utf8')
  await ok(t, 'role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Administrators', '--sid', USER)
  const after = readFileSync(store, 'utf8')
  const inserted = `<Member>${USER}</Member>`
  const at = after.indexOf(inserted)
  t.not(at, -1)
  t.equal(after.slice(0, at) + after.slice(at + inserted.length), before, 'removing the one Member element gives back the original bytes')
  const parsed = parseXmlStore(readFileSync(store))
  const ra = parsed.policy.applications[0]?.scopes.find((s) => s.name === 'Lab VMs')?.roleAssignments.find((r) => r.name === 'Lab Administrators')
  const el = ra ? parsed.index.get(ra.guid)?.[0] : undefined
  t.ok(el && at > el.start && at < el.end, 'inside the Lab Administrators role assignment')
})

t.test('every write command with --dry-run writes nothing: bytes and time stamp unchanged', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2-delegated.xml')
  const bytes = readFileSync(store)
  const mtime = statSync(store).mtimeMs
  const where = ['--app', APP, '--scope', 'Lab VMs']
  const commands: string[][] = [
    ['role-definition', 'create', store, ...where, '--name', 'New RD', '--operation', '315'],
    ['task', 'create', store, ...where, '--name', 'New task', '--operation', '320'],
    ['role-assignment', 'create', store, ...where, '--name', 'New RA'],
    ['role-assignment', 'add-member', store, ...where, '--name', 'Lab Administrators', '--sid', USER],
    ['role-assignment', 'remove-task', store, ...where, '--name', 'Lab Administrators', '--role-definition', 'Administrator'],
    ['scope', 'create', store, '--app', APP, '--name', 'New scope'],
    ['scope', 'delete', store, '--app', APP, '--name', 'Lab VMs'],
    ['group', 'create', store, ...where, '--name', 'New group'],
    ['group', 'add-non-member', store, '--app', APP, '--name', 'VM Operators', '--sid', USER],
    ['delegate', store, ...where, '--template', 'hyperv-vm-operator', '--sid', USER],
    ['undelegate', store, ...where, '--group', 'Lab Owners'],
  ]
  for (const args of commands) {
    const run = await runCli([...args, '--dry-run', '--json'])
    t.equal(run.code, 0, `${args.slice(0, 2).join(' ')}: ${run.stderr}`)
    const out = JSON.parse(run.stdout) as { dryRun: boolean; written: boolean; plan: { edits: unknown[] } }
    t.same([out.dryRun, out.written], [true, false], `${args.slice(0, 2).join(' ')} says nothing was written`)
    t.ok(out.plan.edits.length > 0, `${args.slice(0, 2).join(' ')} plans at least one edit`)
  }
  t.ok(readFileSync(store).equals(bytes), 'bytes unchanged')
  t.equal(statSync(store).mtimeMs, mtime, 'time stamp unchanged')
})

t.test('plan --out, then apply the saved plan; a stale plan is refused with exit 5', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const changes = join(store, '..', 'changes.json')
  const planFile = join(store, '..', 'plan.json')
  writeFileSync(changes, JSON.stringify({ changes: [{ type: 'create-scope', app: APP, name: 'Lab VMs' }] }))
  const planned = await runCli(['plan', store, changes, '--out', planFile])
  t.equal(planned.code, 0)
  t.match(planned.stdout, /\+ create scope "Lab VMs"/)
  t.ok(readFileSync(store).equals(readFileSync(sample('hyperv-2008r2.xml'))), 'plan writes nothing to the store')
  const saved = JSON.parse(readFileSync(planFile, 'utf8')) as { format: string; baseVersion: string; guids: string[] }
  t.equal(saved.format, 'azman-plan/1')
  const applied = await runCli(['apply', store, planFile, '--json'])
  t.equal(applied.code, 0, applied.stderr)
  t.match(readFileSync(store, 'utf8'), new RegExp(`<AzScope Guid="${saved.guids[0] ?? 'none'}" Name="Lab VMs"/>`), 'the GUID the plan promised')
  // The store has moved on since: the same plan is stale now.
  const stale = await runCli(['apply', store, planFile])
  t.equal(stale.code, 5)
  t.match(stale.stderr, /changed since the plan was made.*\[AZMAN_ERR_CONFLICT_STALE\]/)
})

t.test('apply reads a change set from standard input', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  let stdout = ''
  let stderr = ''
  const { main } = await import('../../../src/cli/main.js')
  const code = await main(['apply', store, '-'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: process.cwd(),
    readStdin: async () => JSON.stringify({ changes: [{ type: 'create-scope', app: APP, name: 'From stdin' }] }),
  })
  t.equal(code, 0, stderr)
  t.match(stdout, /written:/)
  t.match(readFileSync(store, 'utf8'), /Name="From stdin"/)
})

t.test('write commands refuse wrong usage with exit 3 and invalid changes with exit 4, store unchanged', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const bytes = readFileSync(store)
  const usage: string[][] = [
    ['role-assignment', 'frobnicate', store],
    ['role-assignment', 'create', store, '--name', 'X'],
    ['role-assignment', 'add-member', store, '--app', APP, '--name', 'Administrator'],
    ['delegate', store, '--app', APP, '--scope', 'S', '--sid', USER],
    ['scope', 'create', store, '--app', APP, '--name', 'S', '--lock-timeout', 'soon'],
    ['rollback', store],
  ]
  for (const args of usage) {
    const run = await runCli(args)
    t.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`)
    t.match(run.stderr, /^azman: .*\[AZMAN_ERR_USAGE\]\n$/)
  }
  const invalid: [string[], string][] = [
    [['role-assignment', 'add-member', store, '--app', APP, '--name', 'Administrator', '--account', 'LAB\\alice'], 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT'],
    [['role-assignment', 'add-member', store, '--app', APP, '--name', 'Nobody', '--sid', USER], 'AZMAN_ERR_CHANGE_NOT_FOUND'],
    [['task', 'create', store, '--app', APP, '--name', 'Bad: name'], 'AZMAN_ERR_CHANGE_INVALID_NAME'],
    [['delegate', store, '--app', APP, '--template', 'hyperv-vm-operator', '--sid', USER], 'AZMAN_ERR_CHANGE_TEMPLATE_MISMATCH'],
    [['delegate', store, '--app', APP, '--scope', 'S', '--template', 'no-such-template', '--sid', USER], 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND'],
    [['delegate', store, '--app', APP, '--scope', 'S', '--template', 'hyperv-vm-operator', '--sid', 'S-1-5-21-1-2-3-513'], 'AZMAN_ERR_CHANGE_FORBIDDEN_PRINCIPAL'],
    [['role-assignment', 'remove-member', store, '--app', APP, '--name', 'Administrator', '--sid', 'S-1-5-32-544'], 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT'],
  ]
  for (const [args, code] of invalid) {
    const run = await runCli(args)
    t.equal(run.code, 4, `${args.slice(0, 2).join(' ')} ${code}: ${run.stderr}`)
    t.match(run.stderr, new RegExp(`^azman: .*\\[${code}\\]\\n$`))
  }
  t.ok(readFileSync(store).equals(bytes), 'store unchanged')
  const forced = await runCli(['role-assignment', 'remove-member', store, '--app', APP, '--name', 'Administrator', '--sid', 'S-1-5-32-544', '--force'])
  t.equal(forced.code, 0, '--force overrides the administrators guard')
  t.match(forced.stdout, /warning: after this change BUILTIN\\Administrators .* \(forced\)/)
})

t.test('adding a member to a scope role assignment warns when Hyper-V Manager could not connect', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2-delegated.xml')
  const lacking = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Administrators', '--sid', USER])
  t.match(lacking.stdout, /warning: S-1-5-21-1004336348-1177238915-682003330-1199 lacks 100 "Read Service Configuration" and 295 "View Virtual Switch Management Service" at application level/)
  // -1108 holds "Hyper-V Manager Connect" at application level in this sample.
  const connected = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Administrators', '--sid', 'S-1-5-21-1004336348-1177238915-682003330-1108'])
  t.equal(connected.code, 0)
  t.notMatch(connected.stdout, /warning/, 'no warning for a member who can connect')
  const appLevel = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--name', 'Auditors', '--sid', USER])
  t.notMatch(appLevel.stdout, /warning/, 'application-level additions are not scope delegations')
})
