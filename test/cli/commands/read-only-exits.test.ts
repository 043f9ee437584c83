/**
 * Read-only commands never exit 4 ("an invalid change"): an account a query
 * cannot find is AZMAN_ERR_NOT_FOUND (exit 3), and what would be an invalid
 * change in a write (a template that cannot be found or read) is input that
 * cannot be used (exit 2, same code). Writes keep exit 4.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { COMMANDS, READ_ONLY_COMMANDS } from '../../../src/cli/main.js'
import { fingerprint, runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'
const STORE = sample('hyperv-2008r2-delegated.xml')

t.test('check and what-can: an account that cannot be found is not found (exit 3), not an invalid change', async (t) => {
  const before = fingerprint(STORE)
  const cases = [
    ['what-can', STORE, '--app', APP, '--account', 'LAB\\nobody'],
    ['check', STORE, '--app', APP, '--account', 'LAB\\nobody', '--operation', '315'],
    ['check', STORE, '--app', APP, '--scope', 'Lab VMs', '--sid', 'Everyone', '--account', 'nobody@lab.example', '--operation', '315'],
  ]
  for (const args of cases) {
    const run = await runCli(args)
    t.equal(run.code, 3, args.join(' '))
    t.match(run.stderr, /^azman: "(LAB\\nobody|nobody@lab\.example)" is not a well-known account; resolving domain accounts needs a directory: pass --directory .* \[AZMAN_ERR_NOT_FOUND\]\n$/)
    const json = await runCli([...args, '--json'])
    t.match(JSON.parse(json.stdout), { error: { code: 'AZMAN_ERR_NOT_FOUND', exitCode: 3 } }, 'the JSON error says exit 3 too')
  }
  t.same(fingerprint(STORE), before, 'nothing written')
  t.equal(cases.length, 3)
  const wellKnown = await runCli(['what-can', STORE, '--app', APP, '--account', 'Everyone'])
  t.equal(wellKnown.code, 0, 'a well-known account is found without a directory')
})

t.test('a template that cannot be found: exit 2 from audit, which only reads; exit 4 from delegate, which writes', async (t) => {
  const dir = t.testdir({})
  const lab = join(dir, 'lab.xml')
  copyFileSync(STORE, lab)
  const before = fingerprint(lab)
  const audit = await runCli(['audit', lab, '--template', 'hyperv-nope', '--json'])
  t.equal(audit.code, 2)
  t.match(JSON.parse(audit.stdout), { error: { code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', exitCode: 2 } })
  const delegate = await runCli(['delegate', lab, '--app', APP, '--scope', 'Lab VMs', '--template', 'hyperv-nope', '--sid', 'S-1-5-21-1004336348-1177238915-682003330-1105', '--json'])
  t.equal(delegate.code, 4)
  t.match(JSON.parse(delegate.stdout), { error: { code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', exitCode: 4 } })
  t.same(fingerprint(lab), before, 'nothing written')
})

t.test('the read-only commands are commands, and none of them writes', async (t) => {
  const names = new Set(COMMANDS.map((c) => c.name))
  let checked = 0
  for (const entry of READ_ONLY_COMMANDS) {
    const [name = '', action] = entry.split(' ')
    const command = COMMANDS.find((c) => c.name === name)
    t.ok(names.has(name), `${name} is a command`)
    if (action !== undefined) t.ok(command?.actions?.includes(action), `${entry} is an action`)
    else t.notMatch(command?.usage ?? '', /--dry-run/, `${name} takes no --dry-run: it does not write`)
    checked++
  }
  t.equal(checked, 14, 'show, validate, audit, export, templates, history, check, who-can, what-can, matrix, diff, host collector, host check, verify-report')
  t.notOk(READ_ONLY_COMMANDS.has('host script'), 'host script grants: its refusals are exit 4')
  for (const name of ['apply', 'plan', 'copy', 'delegate', 'undelegate', 'rollback', 'role-assignment', 'group', 'scope', 'task', 'role-definition']) {
    t.notOk(READ_ONLY_COMMANDS.has(name), `${name} is not read-only`)
  }
})
