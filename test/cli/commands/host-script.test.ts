/** `azman host script` through the CLI: the file it writes, its refusals and their exit codes. */
import { createHash } from 'node:crypto'
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
    [
      '--install-store without a base',
      [...BASE, '--install-store', '--out', out],
      3,
      /--install-store needs the SHA-256 of the host's store file as it is now: give --base-sha256 HEX or --facts FILE/,
    ],
    ['--base-sha256 without --install-store', [...BASE, '--base-sha256', 'a'.repeat(64), '--out', out], 3, /--base-sha256 and --facts go with --install-store/],
    ['a bad --base-sha256', [...BASE, '--install-store', '--base-sha256', 'abc', '--out', out], 3, /"abc" is not a SHA-256/],
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
  t.equal(cases.length, 13)
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

/** A member of the sample's domain, delegated "Web VMs" by the delegate tests. */
const MEMBER = 'S-1-5-21-1004336348-1177238915-682003330-1105'

/** `delegate` of the VM operator template in "Web VMs" to MEMBER, with more arguments after the first 10. */
function delegateArgs(store: string, ...more: string[]): string[] {
  return ['delegate', store, '--app', 'Hyper-V services', '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', MEMBER, ...more, '--reason', 'test']
}

t.test('delegate --host-script: the delegation applied, then its host script (its scope, its members, the VMs given)', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  writeFileSync(store, readFileSync(sample('hyperv-2008r2-delegated.xml')))
  const out = join(dir, 'hv01-web.js')
  const args = delegateArgs(store, '--with-connect', '--host-script', out, '--vm', 'web-01')
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
    [[...args.slice(0, 11), '--vm', 'x'], /--vm and --install-store are for --host-script/],
    [[...args.slice(0, 11), '--install-store'], /--vm and --install-store are for --host-script/],
  ]
  for (const [a, message] of cases) {
    const r = await runCli(a)
    t.equal(r.code, 3)
    t.match(r.stderr, message)
  }
  t.same(readFileSync(store), before, 'refusals change nothing')
  t.equal(cases.length, 4)
})

t.test('--install-store: the base from the host facts or --base-sha256; the script installs the store file as it is', async (t) => {
  const dir = t.testdir({})
  const out = join(dir, 'hv01-store.js')
  const facts = sample('hosts/hv01.json')
  const factsSha = (JSON.parse(readFileSync(facts, 'utf8')) as { store: { sha256: string } }).store.sha256
  const run = await runCli(['host', 'script', sample('hyperv-2008r2-delegated.xml'), '--install-store', '--facts', facts, '--out', out, '--json'])
  t.equal(run.code, 0, run.stderr)
  const made = JSON.parse(run.stdout) as { plan: { scope: unknown; install: { baseSha256: string; sha256: string; size: number } } }
  const bytes = readFileSync(sample('hyperv-2008r2-delegated.xml'))
  t.same(made.plan.install, { sha256: createHash('sha256').update(bytes).digest('hex'), baseSha256: factsSha, size: bytes.length })
  t.equal(made.plan.scope, null, 'no scope needed to install a store')
  const text = await runCli(['host', 'script', sample('hyperv-2008r2-delegated.xml'), '--install-store', '--base-sha256', `sha256:${'AB'.repeat(32)}`, '--out', out, '--force'])
  t.match(text.stdout, `it installs the store (${bytes.length} bytes) over the host file with SHA-256 ${'ab'.repeat(32)}`)

  const noSha = join(dir, 'no-sha.json')
  const parsed = JSON.parse(readFileSync(facts, 'utf8')) as { store: Record<string, unknown> }
  delete parsed.store.sha256
  writeFileSync(noSha, JSON.stringify(parsed))
  const refused: [string[], number, RegExp][] = [
    [['--facts', noSha], 3, /the facts .*no-sha\.json have no SHA-256 of the store file \(it could not be read\): collect the host again, or give --base-sha256/],
    [['--facts', noSha, '--base-sha256', 'ab'.repeat(32)], 3, /give --base-sha256 HEX or --facts FILE \(the host's facts\), one of them/],
    [['--facts', join(dir, 'none.json')], 2, /none\.json/],
  ]
  const other = join(dir, 'other.js')
  for (const [extra, code, message] of refused) {
    const r = await runCli(['host', 'script', sample('hyperv-2008r2-delegated.xml'), '--install-store', ...extra, '--out', other])
    t.equal(r.code, code, extra.join(' '))
    t.match(r.stderr, message)
    t.notMatch(r.stderr, STACK_LINE)
    t.notOk(existsSync(other), 'nothing written')
  }
  t.equal(refused.length, 3)
})

t.test('delegate --host-script --install-store: the host file (the store before the delegation) becomes the delegated store', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  const original = readFileSync(sample('hyperv-2008r2-delegated.xml'))
  writeFileSync(store, original)
  const out = join(dir, 'hv01.js')
  const run = await runCli(delegateArgs(store, '--host-script', out, '--install-store'))
  t.equal(run.code, 0, run.stderr)
  const delegated = readFileSync(store)
  t.notOk(delegated.equals(original), 'the delegation changed the store')
  const host = { ...hyperVHost({ storeBytes: original }), accounts: { [MEMBER]: { domain: 'CONTOSO', name: 'web operators' } } }
  const applied = runWsh(readFileSync(out, 'utf8'), host, { args: ['/apply'], scriptName: 'hv01.js' })
  t.equal(applied.exitCode, 0, applied.stderr)
  const path = Object.keys(host.files).find((k) => k.endsWith('InitialStore.xml')) ?? ''
  t.ok(Buffer.from(host.files[path]?.bytes ?? []).equals(delegated), 'the host has the delegated store, byte for byte')
  t.match(applied.stdout, /doing: install the store azman planned/)
})
