/** `azman host script` through the CLI: the file it writes, its refusals and their exit codes. */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { hyperVHost } from '../../host/collector/hosts/base.js'
import { runWsh } from '../../host/collector/wsh/sandbox.js'
import { runCli, sample, STACK_LINE } from '../run-cli.js'

const GROUP = 'S-1-5-21-1004336348-1177238915-682003330-1108'
const BASE = ['host', 'script', sample('hyperv-2008r2-delegated.xml'), '--scope', 'Lab VMs', '--vm', 'lab-01']

t.test('writes the script, says what it does, and refuses to overwrite without --force', async (t) => {
  const dir = t.testdir({})
  const out = join(dir, 'hv01.js')
  const run = await runCli([...BASE, '--grant', GROUP, '--out', out])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /^wrote .*hv01\.js \(\d+ bytes, sha256 [0-9a-f]{64}\): it binds 1 VM\(s\) to scope "Lab VMs" and grants remote Hyper-V Manager access for 1 principal\(s\)\n/)
  t.match(run.stdout, /cscript \/\/nologo hv01\.js \(a dry run\), then with \/apply/)
  const text = readFileSync(out, 'utf8')
  const host = {
    ...hyperVHost({ vms: [{ name: 'lab-01', guid: '6F1C2A3B-0000-4000-8000-000000000001', state: 2, scope: '' }] }),
    accounts: { [GROUP]: { domain: 'CONTOSO', name: 'Hyper-V Lab Operators' } },
  }
  const dry = runWsh(text, host, { scriptName: 'hv01.js' })
  t.match(dry.stdout, /would: bind VM "lab-01"/, 'the file runs')
  const again = await runCli([...BASE, '--out', out])
  t.equal(again.code, 5, 'exists: exit 5')
  t.match(again.stderr, /already exists; pass --force to replace it \[AZMAN_ERR_CONFLICT_EXISTS\]/)
  t.equal(readFileSync(out, 'utf8'), text, 'unchanged')
  const json = await runCli([...BASE, '--revoke', '--out', out, '--force', '--json'])
  t.equal(json.code, 0)
  t.match(JSON.parse(json.stdout), { path: out, sha256: /^[0-9a-f]{64}$/, plan: { app: 'Hyper-V services', scope: 'Lab VMs', vms: ['lab-01'], principals: [], revoke: true } })
})

t.test('refusals: exit code, message, no stack trace, nothing written', async (t) => {
  const dir = t.testdir({ 'target.js': 'keep' })
  const link = join(dir, 'link.js')
  symlinkSync(join(dir, 'target.js'), link)
  const out = join(dir, 'new.js')
  const cases: [string, string[], number, RegExp][] = [
    ['no --out', [...BASE], 3, /give --out FILE/],
    ['no --scope', ['host', 'script', sample('hyperv-2008r2-delegated.xml'), '--vm', 'x', '--out', out], 3, /give --scope/],
    ['no action', ['host', 'script', sample('hyperv-2008r2-delegated.xml'), '--scope', 'Lab VMs', '--out', out], 3, /nothing to do/],
    ['unknown scope', [...BASE.slice(0, 4), 'Web VMs', '--vm', 'x', '--out', out], 3, /has no scope "Web VMs".*\[AZMAN_ERR_NOT_FOUND\]/],
    ['Everyone', [...BASE, '--grant', 'Everyone', '--out', out], 4, /Everyone\) stands for every user.*\[AZMAN_ERR_CHANGE_BROAD_PRINCIPAL\]/],
    ['Domain Users', [...BASE, '--grant', 'S-1-5-21-1004336348-1177238915-682003330-513', '--out', out], 4, /\[AZMAN_ERR_CHANGE_BROAD_PRINCIPAL\]/],
    ['unknown account', [...BASE, '--grant', 'CONTOSO\\helpdesk', '--out', out], 4, /cannot tell the SID of "CONTOSO\\\\helpdesk".*\[AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT\]/],
    ['not a SID', [...BASE, '--grant', 'S-1-5-x', '--out', out], 4, /is not a SID \[AZMAN_ERR_CHANGE_INVALID_SID\]/],
    ['--install-store', [...BASE, '--install-store', '--out', out], 3, /--install-store is not available in this version/],
    ['a link', [...BASE, '--out', link, '--force'], 2, /it is a symbolic link; azman writes host scripts only to a regular file/],
    ['a missing store', ['host', 'script', join(dir, 'none.xml'), '--scope', 'Lab VMs', '--vm', 'x', '--out', out], 2, /\[AZMAN_ERR_STORE_IO\]/],
  ]
  for (const [name, args, code, message] of cases) {
    const run = await runCli(args)
    t.equal(run.code, code, `${name}: exit ${code}`)
    t.match(run.stderr, message, name)
    t.notMatch(run.stderr, STACK_LINE, `${name}: no stack trace`)
    t.notOk(existsSync(out), `${name}: nothing written`)
  }
  t.equal(cases.length, 11)
  t.equal(readFileSync(join(dir, 'target.js'), 'utf8'), 'keep')
  const allowed = await runCli([...BASE, '--grant', 'Everyone', '--allow-broad', '--out', out])
  t.equal(allowed.code, 0, '--allow-broad lets it through')
  t.match(readFileSync(out, 'utf8'), /'sid': 'S-1-1-0'/)
})

t.test('a DOMAIN\\name is resolved through the names file', async (t) => {
  const dir = t.testdir({ 'names.csv': `sid,name\n${GROUP},CONTOSO\\Hyper-V Lab Operators\n` })
  const out = join(dir, 'x.js')
  const run = await runCli(['--names', join(dir, 'names.csv'), ...BASE, '--grant', 'CONTOSO\\Hyper-V Lab Operators', '--out', out])
  t.equal(run.code, 0, run.stderr)
  t.match(readFileSync(out, 'utf8'), new RegExp(`'sid': '${GROUP}'`))
  writeFileSync(out, '')
})

t.test('delegate --host-script: the delegation applied, then its host script (its scope, its members, the VMs given)', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  writeFileSync(store, readFileSync(sample('hyperv-2008r2-delegated.xml')))
  const out = join(dir, 'hv01-web.js')
  const MEMBER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
  const args = [
    'delegate',
    store,
    '--app',
    'Hyper-V services',
    '--scope',
    'Web VMs',
    '--template',
    'hyperv-vm-operator',
    '--sid',
    MEMBER,
    '--with-connect',
    '--host-script',
    out,
    '--vm',
    'web-01',
    '--reason',
    'test',
  ]
  const run = await runCli(args)
  t.equal(run.code, 0, run.stderr)
  t.match(run.stderr, /wrote the host script .*hv01-web\.js \(\d+ bytes, sha256 [0-9a-f]{64}\)/)
  const text = readFileSync(out, 'utf8')
  t.match(text, /'scope': 'Web VMs'/, 'the scope the delegation created')
  t.match(text, new RegExp(`'sid': '${MEMBER}'`))
  t.match(text, /'vms': \[\n\s+'web-01'\n\s+\]/)
  const before = readFileSync(store)
  const again = await runCli(args)
  t.equal(again.code, 5, 'the script exists: refused before anything is applied')
  t.same(readFileSync(store), before, 'the store is unchanged')
  const cases: [string[], RegExp][] = [
    [
      ['delegate', store, '--app', 'Hyper-V services', '--template', 'hyperv-manager-connect', '--sid', MEMBER, '--host-script', join(dir, 'a.js')],
      /--host-script binds VMs to the delegation's scope: give --scope/,
    ],
    [[...args.slice(0, 11), '--host-script', join(dir, 'b.js'), '--dry-run'], /--host-script is written for the delegation once it is applied: drop --dry-run/],
    [[...args.slice(0, 11), '--vm', 'x'], /--vm names the VMs of --host-script/],
  ]
  for (const [a, message] of cases) {
    const r = await runCli(a)
    t.equal(r.code, 3)
    t.match(r.stderr, message)
  }
  t.same(readFileSync(store), before, 'refusals change nothing')
  t.equal(cases.length, 3)
})
