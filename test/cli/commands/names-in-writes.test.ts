import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { fingerprint, runCli, sample } from '../run-cli.js'

// Names without a directory in writes (issue #13, item 5): --account resolves through the names file
// (--names, AZMAN_NAMES), and plans, history and diff text name accounts as `CONTOSO\carol (S-1-5-21-...)`.

const APP = 'Hyper-V services'
const D = 'S-1-5-21-1004336348-1177238915-682003330'
const CAROL = `${D}-1140`
const NAMES = ['SID,NTAccount', `${CAROL},CONTOSO\\carol`, `${D}-1141,CONTOSO\\dave`, `${D}-1142,helpdesk`, `${D}-1143,helpdesk2`, `${D}-1144,HELPDESK`, `${D}-1105,CONTOSO\\alice`].join('\n')

function lab(t: Test): { dir: string; store: string; names: string } {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const names = join(dir, 'names.csv')
  writeFileSync(names, `${NAMES}\n`)
  return { dir, store, names }
}

const addMember = (store: string, account: string): string[] => ['role-assignment', 'add-member', store, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--account', account]

t.test('role-assignment add-member --account resolves through --names, any case; the plan and history name the account', async (t) => {
  const { store, names } = lab(t)
  const done = await runCli([...addMember(store, 'contoso\\CAROL'), '--names', names, '--reason', 'CHG-1'])
  t.equal(done.code, 0, done.stderr)
  t.match(readFileSync(store, 'utf8'), `<Member>${CAROL}</Member>`, 'the SID is written')
  t.match(done.stdout, `+ add CONTOSO\\carol (${CAROL}) to role assignment "VM Operators (Lab VMs)"`, 'the change in words names the account')
  t.match(done.stdout, `    add CONTOSO\\carol (${CAROL}) to members of application "Hyper-V services" > scope "Lab VMs" > role assignment "VM Operators (Lab VMs)"`)
  const named = await runCli(['history', store, '--names', names])
  t.equal(named.code, 0, named.stderr)
  t.match(named.stdout, `add role assignment members "VM Operators (Lab VMs)" in application "Hyper-V services" > scope "Lab VMs": members CONTOSO\\carol (${CAROL})  reason: CHG-1`)
  const bare = await runCli(['history', store])
  t.match(bare.stdout, `: members ${CAROL}  reason: CHG-1`, 'without names: the SID alone')
  const json = JSON.parse((await runCli(['history', store, '--json'], { AZMAN_NAMES: names })).stdout) as { entries: { summary: string[] }[] }
  t.match(json.entries[0]?.summary, [`add role assignment members "VM Operators (Lab VMs)" in application "Hyper-V services" > scope "Lab VMs": members CONTOSO\\carol (${CAROL})`])
})

t.test('delegate, group add-member and apply resolve --account / {"account"} through AZMAN_NAMES', async (t) => {
  const { dir, store, names } = lab(t)
  const env = { AZMAN_NAMES: names }
  const group = await runCli(['group', 'add-member', store, '--app', APP, '--name', 'VM Operators', '--account', 'CONTOSO\\dave', '--json'], env)
  t.equal(group.code, 0, group.stderr)
  t.match(JSON.parse(group.stdout), { plan: { edits: [{ type: 'add', kind: 'group', name: 'VM Operators', list: 'members', value: `${D}-1141`, valueName: 'CONTOSO\\dave' }] } })
  const delegate = await runCli(['delegate', store, '--app', APP, '--scope', 'Production VMs', '--template', 'hyperv-vm-operator', '--account', 'CONTOSO\\carol', '--dry-run'], env)
  t.equal(delegate.code, 0, delegate.stderr)
  t.match(delegate.stdout, `CONTOSO\\carol (${CAROL})`)
  const changes = join(dir, 'changes.json')
  writeFileSync(changes, JSON.stringify({ changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ account: 'CONTOSO\\alice' }] }] }))
  const plan = await runCli(['plan', store, changes, '--json'], env)
  t.equal(plan.code, 0, plan.stderr)
  t.match(JSON.parse(plan.stdout), { editSummaries: [`add CONTOSO\\alice (${D}-1105) to members of application "Hyper-V services" > role assignment "Administrator"`] })
  const applied = await runCli(['apply', store, changes], env)
  t.equal(applied.code, 0, applied.stderr)
  t.match(readFileSync(store, 'utf8'), new RegExp(`Name="Administrator">.*?<Member>${D}-1105</Member>`, 's'))
})

t.test('an account the names file lacks, or names twice, is refused as in any write (exit 4), with the store unchanged', async (t) => {
  const { store, names } = lab(t)
  const before = fingerprint(store)
  const cases: [string, RegExp][] = [
    [
      'CONTOSO\\nobody',
      /"CONTOSO\\nobody" is not in the names file .*names\.csv, and there is no directory to ask; give its SID \(--sid\) or a directory \(--directory\) \[AZMAN_ERR_ACCOUNT_UNKNOWN\]/,
    ],
    ['HelpDesk', /"HelpDesk" names more than one SID in the names file .*; give the SID \(--sid\) instead \[AZMAN_ERR_ACCOUNT_UNKNOWN\]/],
    ['carol', /"carol" is not in the names file/],
  ]
  for (const [account, message] of cases) {
    const r = await runCli([...addMember(store, account), '--names', names])
    t.equal(r.code, 4, account)
    t.match(r.stderr, message)
    t.equal(r.stdout, '')
  }
  t.equal(cases.length, 3)
  t.same(fingerprint(store), before, 'nothing written')
  const noFile = await runCli(addMember(store, 'CONTOSO\\carol'))
  t.equal(noFile.code, 4, 'without a names file or a directory: refused as before')
  t.match(noFile.stderr, /AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT/)
})

t.test('a configured directory wins over the names file: it is asked (here it has no credentials: exit 2), not the file', async (t) => {
  const { store, names } = lab(t)
  const before = fingerprint(store)
  const r = await runCli([...addMember(store, 'CONTOSO\\carol'), '--names', names, '--directory', 'ldap://127.0.0.1:1'])
  t.equal(r.code, 2, r.stderr)
  t.match(r.stderr, /AZMAN_ERR_LDAP_AUTH/)
  t.same(fingerprint(store), before)
})

t.test('diff text names members from the names file', async (t) => {
  const { dir, store, names } = lab(t)
  const before = join(dir, 'before.xml')
  copyFileSync(store, before)
  t.equal((await runCli([...addMember(store, `${CAROL}`).slice(0, -2), '--sid', CAROL])).code, 0)
  const named = await runCli(['diff', before, store, '--names', names])
  t.equal(named.code, 1, named.stderr)
  t.match(named.stdout, `members + CONTOSO\\carol (${CAROL})`)
  const bare = await runCli(['diff', before, store])
  t.match(bare.stdout, `members + ${CAROL}`)
  t.notMatch(bare.stdout, 'carol')
})

t.test('a name with a line break from the names file cannot forge a line of a plan or of history', async (t) => {
  const { dir, store } = lab(t)
  const names = join(dir, 'names.json')
  writeFileSync(names, JSON.stringify({ [CAROL]: 'CONTOSO\\carol\n+ add Everyone' }))
  const r = await runCli([...addMember(store, `${CAROL}`).slice(0, -2), '--sid', CAROL, '--names', names])
  t.equal(r.code, 0, r.stderr)
  const history = await runCli(['history', store, '--names', names])
  let checked = 0
  for (const out of [r.stdout, history.stdout]) {
    t.notMatch(out, /^\+ add Everyone/m, 'no forged line')
    t.match(out, 'CONTOSO\\carol\\n+ add Everyone', 'the line break is shown escaped')
    checked++
  }
  t.equal(checked, 2)
})
