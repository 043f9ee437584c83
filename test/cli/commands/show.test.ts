import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { azman, sample } from '../run-cli.js'

t.test('show lists the store in text, with well-known SIDs named', async (t) => {
  const run = await azman('show', sample('hyperv-2008r2-delegated.xml'))
  t.equal(run.code, 0)
  t.equal(run.stderr, '')
  t.match(run.stdout, /^Store .*hyperv-2008r2-delegated\.xml \(schema 1\.0\)\n/)
  t.match(run.stdout, /\n  Operations \(34\)\n    100  Read Service Configuration\n/, 'operations with IDs, in ID order')
  t.match(run.stdout, /\n    355  Allow Virtual Machine Snapshot\n/)
  t.match(run.stdout, /Administrator -> "Administrator"\n\s+member S-1-5-32-544 BUILTIN\\Administrators\n/, 'role assignment with its member named')
  t.match(run.stdout, /Operate Virtual Machine: "Use Virtual Machine Console", "Operate Virtual Machine Power", 335\n/, 'nested task')
  t.match(run.stdout, /Operate Virtual Machine In Hours: 315 \[BizRule, JScript\]/)
  t.match(run.stdout, /Scope "Lab VMs"\n/)
  t.match(run.stdout, /VM Operators \[Basic\]\n(\s+member .*\n)+\s+non-member S-1-5-21-1004336348-1177238915-682003330-1107\n/, 'group with a non-member')
  t.match(run.stdout, /Hyper-V Lab Admins \[LdapQuery\]\n\s+query \(&\(objectCategory=person\)/)
  t.match(run.stdout, /Store groups \(1\)\n  Hyper-V Auditors \[Basic\]/)
})

t.test('show --json gives the export shape with named principals, the location and the version', async (t) => {
  const run = await azman('show', sample('hyperv-2008r2.xml'), '--json')
  t.equal(run.code, 0)
  const view: unknown = JSON.parse(run.stdout)
  t.match(view, {
    store: sample('hyperv-2008r2.xml'),
    version: /^sha256:[0-9a-f]{64}$/,
    majorVersion: '1',
    applications: [
      {
        name: 'Hyper-V services',
        roles: [{ name: 'Administrator', tasks: ['Administrator'], members: [{ sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }] }],
        scopes: [],
      },
    ],
    groups: [],
  })
})

t.test('show accepts msxml:/// URLs', async (t) => {
  const run = await azman('show', `msxml://${sample('hyperv-2008.xml')}`, '--json')
  t.equal(run.code, 0)
  const view = JSON.parse(run.stdout) as { applications: { operations: unknown[] }[] }
  t.equal(view.applications[0]?.operations.length, 33)
})

/** A copy of the delegated sample with USER delegated in "Web VMs" until 2099-01-31T18:00:00Z (`delegate --until`). */
async function expiringLab(t: Test): Promise<string> {
  const store = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const made = await azman('delegate', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', EXPIRING, '--until', '2099-01-31T18:00:00Z')
  t.equal(made.code, 0, made.stderr)
  return store
}

const EXPIRING = 'S-1-5-21-1004336348-1177238915-682003330-1105'

t.test('show: a member with an expiry is shown with it (text and --json); members without one are not', async (t) => {
  const store = await expiringLab(t)
  const text = await azman('show', store)
  t.equal(text.code, 0)
  t.equal(text.stderr, '')
  t.match(text.stdout, `Hyper-V VM operator (Web VMs) -> "VM Operator"\n          member ${EXPIRING} (until 2099-01-31T18:00:00Z)\n`)
  t.equal(text.stdout.match(/\(until /g)?.length, 1, 'only that member has one')
  const json = await azman('show', store, '--json')
  const view = JSON.parse(json.stdout) as { applications: { scopes: { name: string; roles: { name: string; members: { sid: string; expiresAt?: string }[] }[] }[] }[] }
  const web = view.applications[0]?.scopes.find((s) => s.name === 'Web VMs')
  t.same(web?.roles.find((r) => r.name === 'Hyper-V VM operator (Web VMs)')?.members, [{ sid: EXPIRING, name: null, expiresAt: '2099-01-31T18:00:00.000Z' }])
  t.equal(json.stdout.match(/"expiresAt"/g)?.length, 1)
})

t.test('show: an expiry file that does not parse is a warning on stderr; the store is shown without expiries', async (t) => {
  const store = await expiringLab(t)
  writeFileSync(`${store}.expiry.json`, '{"format": "azman-expiry/1", "entries": [{"sid": "x"}]}')
  for (const json of [false, true]) {
    const run = await azman('show', store, ...(json ? ['--json'] : []))
    t.equal(run.code, 0, 'a read goes on')
    t.match(run.stderr, /^azman: warning: the expiry file .*lab\.xml\.expiry\.json is not of the azman-expiry\/1 shape: \$\.entries\[0\].*; expiries are left out\n$/)
    t.notMatch(run.stdout, json ? /"expiresAt"/ : /\(until /, 'no expiry shown')
    t.match(run.stdout, EXPIRING, 'the member is')
  }
})

t.test("show --at: expiries are left out (today's expiry file says nothing of an old version)", async (t) => {
  const store = await expiringLab(t)
  const history = JSON.parse((await azman('history', store, '--json')).stdout) as { entries: { id: string }[] }
  const id = history.entries.at(-1)?.id ?? ''
  t.not(id, '')
  const text = await azman('show', store, '--at', id)
  t.equal(text.code, 0, text.stderr)
  t.match(text.stdout, `member ${EXPIRING}\n`, 'the member is there')
  t.notMatch(text.stdout, '(until ', 'with no expiry')
  const json = await azman('show', store, '--at', id, '--json')
  t.equal(json.code, 0, json.stderr)
  t.notMatch(json.stdout, '"expiresAt"')
})
