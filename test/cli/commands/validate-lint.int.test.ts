import t from 'tap'
import { fingerprint, fixture, runCli, sample, realStore, spawnCli } from '../run-cli.js'

interface LintJson {
  readonly code: string
  readonly path: readonly { kind: string; name: string }[]
  readonly location: string
  readonly guid?: string
  readonly message: string
}

interface ValidateJson {
  readonly valid: boolean
  readonly errors: number
  readonly warnings: number
  readonly findings: readonly { code: string }[]
  readonly lintWarnings: number
  readonly lint: readonly LintJson[]
}

t.test('validate --json lists lint warnings apart from integrity findings; the exit code ignores them', async (t) => {
  const path = realStore('windows-sdk-asp-AzStore.xml')
  const before = fingerprint(path)
  const run = await runCli(['validate', path, '--json'])
  t.equal(run.code, 0, 'valid: lint warnings never fail validate')
  const report = JSON.parse(run.stdout) as ValidateJson
  t.match(report, { valid: true, errors: 0, warnings: 0, findings: [] }, 'no integrity finding')
  t.equal(report.lintWarnings, report.lint.length)
  t.same(
    report.lint.map((w) => w.code),
    ['LINT_BROAD_PRINCIPAL', 'LINT_LDAP_QUERY_GROUP', 'LINT_OPERATION_NEVER_GRANTED', 'LINT_OPERATION_NEVER_GRANTED', 'LINT_OPERATION_NEVER_GRANTED'],
  )
  t.same(report.lint[0], {
    code: 'LINT_BROAD_PRINCIPAL',
    path: [
      { kind: 'application', name: 'Expense Web' },
      { kind: 'role-assignment', name: 'Submitter' },
    ],
    location: 'application "Expense Web" > role assignment "Submitter"',
    guid: 'cc2b6d9a-56cb-4244-a750-8ef031ed9451',
    message: 'S-1-1-0 (Everyone) is a member: this role is held by every user, including guests; grant it to a specific group instead',
  })
  t.same(fingerprint(path), before, 'unchanged')
})

t.test('validate (text) prints one "lint" line per warning and counts them in the summary', async (t) => {
  const path = sample('hyperv-2008r2-delegated.xml')
  const run = await runCli(['validate', path])
  t.equal(run.code, 0)
  const lines = run.stdout.trimEnd().split('\n')
  t.same(lines.slice(0, -1), [
    'lint LINT_LDAP_QUERY_GROUP application "Hyper-V services" > group "Hyper-V Lab Admins": an LDAP-query group (the query "(&(objectCategory=person)(objectClass=user)(department=Lab))"): its members are whoever the directory matches at access time, so access through it cannot be reviewed from the store; prefer a basic group or a directory group',
    'lint LINT_HYPERV_APP_LEVEL_VM_OPERATIONS application "Hyper-V services" > role assignment "Auditors": an application-level role assignment grants VM operations (335 "View Virtual Machine Configuration"): it applies to every virtual machine, whatever its scope; assign them in the scope of the VMs they are meant for',
  ])
  t.equal(lines[lines.length - 1], `${path}: valid (0 errors, 0 warnings; 2 lint warnings)`)
  const clean = await runCli(['validate', sample('hyperv-2008r2.xml')])
  t.equal(clean.stdout, `${sample('hyperv-2008r2.xml')}: valid (0 errors, 0 warnings)\n`, 'no lint, no lint count')
})

t.test('an invalid store still exits 1, with its lint warnings listed too', async (t) => {
  const run = spawnCli(['validate', fixture('integrity/dangling-task-link.xml'), '--json'])
  t.equal(run.code, 1)
  const report = JSON.parse(run.stdout) as ValidateJson
  t.equal(report.valid, false)
  t.ok(
    report.lint.some((w) => w.code === 'LINT_ASSIGNMENT_GRANTS_NOTHING'),
    'the role assignment whose only task link dangles grants nothing',
  )
})
