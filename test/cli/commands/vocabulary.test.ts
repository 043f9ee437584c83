/**
 * One vocabulary on the command line: flags are the change sets' and REST
 * bodies' field names in kebab case (`--role-assignment` for
 * `roleAssignment`, `--group-type` for `groupType`). The old flags are
 * accepted for one version with a one-line note on stderr (never in `--json`
 * stdout); both at once is a usage error (exit 3) that writes nothing.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { fingerprint, runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'

function labCopy(dir: string): string {
  const lab = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), lab)
  return lab
}

/** The names of the role assignments of a scope, and of the groups of the application with their types. */
function contents(store: string): { roleAssignments: string[]; groups: string[] } {
  const app = parseXmlStore(readFileSync(store)).policy.applications.find((a) => a.name === APP)
  return {
    roleAssignments: app?.scopes.find((s) => s.name === 'Lab VMs')?.roleAssignments.map((ra) => ra.name) ?? [],
    groups: app?.groups.map((g) => `${g.name}: ${g.groupType}`) ?? [],
  }
}

const DELEGATE = ['--app', APP, '--scope', 'Lab VMs', '--operation', '315', '--sid', USER]
const GROUP = ['--app', APP, '--name', 'Lab department']

t.test('the current flags: delegate --role-assignment, group create --group-type', async (t) => {
  const lab = labCopy(t.testdir({}))
  const delegated = await runCli(['delegate', lab, ...DELEGATE, '--role-assignment', 'Lab power', '--json'])
  t.equal(delegated.code, 0, delegated.stderr)
  t.notMatch(delegated.stderr, /deprecated/)
  t.ok(contents(lab).roleAssignments.includes('Lab power'), 'the role assignment has the name given')
  const created = await runCli(['group', 'create', lab, ...GROUP, '--group-type', 'Basic'])
  t.equal(created.code, 0, created.stderr)
  t.notMatch(created.stderr, /deprecated/)
  t.ok(contents(lab).groups.includes('Lab department: Basic'), 'a Basic group')
  const wrong = await runCli(['group', 'create', lab, ...GROUP, '--group-type', 'Dynamic'])
  t.equal(wrong.code, 3)
  t.match(wrong.stderr, /--group-type is Basic or LdapQuery/)
  const wrongOld = await runCli(['group', 'create', lab, ...GROUP, '--type', 'Dynamic'])
  t.equal(wrongOld.code, 3, 'the old flag is read as the new one')
  t.match(wrongOld.stderr, /--group-type is Basic or LdapQuery/)
})

t.test('each deprecated flag is still accepted, with one note on stderr and nothing on --json stdout', async (t) => {
  const aliases = [
    {
      old: '--name',
      current: '--role-assignment',
      args: (lab: string) => ['delegate', lab, ...DELEGATE, '--name', 'Lab power'],
      made: (lab: string) => contents(lab).roleAssignments.includes('Lab power'),
    },
    {
      old: '--type',
      current: '--group-type',
      args: (lab: string) => ['group', 'create', lab, ...GROUP, '--type', 'Basic'],
      made: (lab: string) => contents(lab).groups.includes('Lab department: Basic'),
    },
  ]
  let checked = 0
  for (const alias of aliases) {
    const lab = labCopy(t.testdir({}))
    const run = await runCli([...alias.args(lab), '--json'])
    t.equal(run.code, 0, `${alias.old}: ${run.stderr}`)
    t.ok(alias.made(lab), `${alias.old} does what ${alias.current} does`)
    const notes = run.stderr.split('\n').filter((line) => /deprecated/.test(line))
    t.same(notes, [`azman: warning: ${alias.old} is deprecated (accepted for one version); use ${alias.current}`], `${alias.old}: one note`)
    t.doesNotThrow(() => JSON.parse(run.stdout) as unknown, `${alias.old}: stdout is the JSON answer alone`)
    t.notMatch(run.stdout, /is deprecated/)
    checked++
  }
  t.equal(checked, 2, 'every deprecated flag was checked')
})

t.test('a flag and its deprecated old name at once: exit 3, nothing written', async (t) => {
  const lab = labCopy(t.testdir({}))
  const before = fingerprint(lab)
  const cases = [
    [['delegate', lab, ...DELEGATE, '--role-assignment', 'A', '--name', 'B'], /^azman: delegate: give --role-assignment or its deprecated old name --name, not both .*\[AZMAN_ERR_USAGE\]\n$/],
    [['group', 'create', lab, ...GROUP, '--group-type', 'Basic', '--type', 'Basic'], /^azman: group create: give --group-type or its deprecated old name --type, not both .*\[AZMAN_ERR_USAGE\]\n$/],
  ] as const
  for (const [args, message] of cases) {
    const run = await runCli(args)
    t.equal(run.code, 3, args.join(' '))
    t.match(run.stderr, message)
  }
  t.same(fingerprint(lab), before, 'nothing written')
  t.equal(cases.length, 2)
})

t.test('--help names the current flags and calls the old ones deprecated', async (t) => {
  const delegate = await runCli(['delegate', '--help'])
  t.match(delegate.stdout, /\[--role-assignment N\]/)
  t.match(delegate.stdout, /deprecated old name --name/)
  const group = await runCli(['group', '--help'])
  t.match(group.stdout, /\[--group-type Basic\|LdapQuery\]/)
  t.match(group.stdout, /--type, its deprecated old\s+name/)
})
