/**
 * `azman delegate` names the role assignment "<template title> (<scope>)" when
 * --name is not given (and, with --operation, the role definition too).
 * Regression: a long scope name made that name longer than AzMan's 64
 * characters, and a scope named like a path or URL (scopes may contain
 * \ / : * ? " < > |, other names may not) made it contain refused characters:
 * the delegation failed on a name the user never typed. The derived name now
 * always fits; it is the same on every run, so delegating again is in place.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { delegate } from '../../src/delegation/delegate.js'
import { nameProblem } from '../../src/model/integrity/check-names.js'
import { charLength } from '../../src/model/limits.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { loadTemplate } from '../../src/templates/load-template.js'
import { runCli, sample } from '../cli/run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const LONG = `${'Very long scope name '.repeat(30)}end`

const SCOPES: readonly string[] = [LONG, `${LONG} two`, 'C:\\VMs\\Lab', 'http://lab.example.com/vms?x=*', 'Lab "quoted" <VMs> | all', `Lab${'\t'}VMs`, 'Lab VMs']

t.test('the default names of delegate always follow the name rules', async (t) => {
  const template = await loadTemplate('hyperv-vm-operator')
  const policy = parseXmlStore(readFileSync(sample('hyperv-2008r2.xml'))).policy
  let checked = 0
  const names = new Set<string>()
  for (const scope of SCOPES) {
    for (const how of [{ template }, { operations: [315, 320] }] as const) {
      const { changes } = delegate(policy, { app: APP, scope, principals: [{ sid: USER }], ...how })
      for (const c of changes) {
        if (c.type === 'create-role-assignment' || c.type === 'create-role-definition') {
          const kind = c.type === 'create-role-assignment' ? 'role-assignment' : 'role-definition'
          t.equal(nameProblem(kind, c.name), undefined, `${kind} ${JSON.stringify(c.name)} for scope ${JSON.stringify(scope.slice(0, 40))}`)
          t.ok(charLength(c.name) <= 64)
          if (kind === 'role-assignment') names.add(c.name)
          checked++
        }
      }
    }
  }
  t.equal(checked, SCOPES.length * 4, 'a role definition and a role assignment per delegation')
  t.equal(names.size, SCOPES.length * 2, 'two scopes with a long common beginning get different names')
  t.ok(names.has('Hyper-V VM operator (Lab VMs)'), 'a name that fits is kept as it is')
})

t.test('delegate on a long scope name and on a path-like scope name writes, and again is in place', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  for (const scope of [LONG, 'C:\\VMs\\Lab']) {
    for (const how of [
      ['--template', 'hyperv-vm-operator'],
      ['--operation', '315', '--operation', '320'],
    ]) {
      const args = ['delegate', store, '--app', APP, '--scope', scope, ...how, '--sid', USER]
      const first = await runCli(args)
      t.equal(first.code, 0, first.stderr)
      t.match(first.stdout, /written:/)
      const again = await runCli(args)
      t.equal(again.code, 0, again.stderr)
      t.match(again.stdout, /nothing to write/, 'the same name is derived again')
    }
  }
  const validate = await runCli(['validate', store])
  t.equal(validate.code, 0, validate.stdout)
})

t.test('a template whose role definition name breaks the rules names the flag to pass', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'bad.json')
  const template = JSON.parse(readFileSync(new URL('../../templates/hyperv-vm-operator.json', import.meta.url), 'utf8')) as Record<string, unknown>
  const { writeFileSync } = await import('node:fs')
  writeFileSync(file, JSON.stringify({ ...template, name: 'bad-rd', roleDefinition: 'VM operator: lab' }))
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const r = await runCli(['delegate', store, '--app', APP, '--scope', 'Lab', '--template', file, '--sid', USER])
  t.equal(r.code, 4)
  t.match(r.stderr, /--role-definition/)
  t.match(r.stderr, /^azman: [^\n]*\[AZMAN_ERR_CHANGE_INVALID_NAME\]\n$/)
  const ok = await runCli(['delegate', store, '--app', APP, '--scope', 'Lab', '--template', file, '--sid', USER, '--role-definition', 'VM operator lab'])
  t.equal(ok.code, 0, ok.stderr)
})
