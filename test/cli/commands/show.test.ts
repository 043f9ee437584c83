import t from 'tap'
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
