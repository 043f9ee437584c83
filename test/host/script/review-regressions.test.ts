/**
 * Regression tests for the adversarial review of the host script, each failing before its fix:
 * Windows writes well-known SIDs in SDDL as two-letter codes; a write refused before a byte was
 * written is no damage; the vmms restart comes after the VM bindings; local groups cannot join
 * Distributed COM Users; a value holding a template marker is data; delegate checks the script's
 * inputs before it changes the store. Run in the WSH sandbox (test/host/collector/wsh).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { hostScript, type HostScriptRequest } from '../../../src/host/script/host-script.js'
import { parseXmlStore, versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT, runCli, sample, STACK_LINE } from '../../cli/run-cli.js'
import { DEFAULT_GROUPS, hyperVHost, MACHINE_SID, type HostOptions } from '../collector/hosts/base.js'
import { runWsh } from '../collector/wsh/sandbox.js'
import type { FakeHost } from '../collector/wsh/host.js'
import { withSidCodes } from '../collector/wsh/wmi.js'

const STORE = `${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`
const BYTES = readFileSync(STORE)
const policy = parseXmlStore(BYTES).policy
const VMS = [{ name: 'lab-01', guid: '6F1C2A3B-0000-4000-8000-000000000001', state: 2, scope: '' }]

async function script(request: Partial<HostScriptRequest>): Promise<string> {
  return (await hostScript(policy, { reference: 'lab.xml', version: versionOf(BYTES), bytes: BYTES }, { scope: 'Lab VMs', vms: [], grant: [], ...request })).text
}

function host(options: HostOptions = {}): FakeHost {
  return hyperVHost({ vms: VMS, ...options })
}

const run = (source: string, h: FakeHost, args: string[] = []) => runWsh(source, h, { args, scriptName: 'x.js' })
/** A namespace's security as Windows shows it (BinarySDToSDDL: well-known SIDs as codes). */
const sddl = (h: FakeHost, ns: string) => withSidCodes(h.namespaces[ns]?.sddl ?? '')

t.test('a well-known SID read back as its SDDL code (S-1-5-11 as AU): granted once, in place on the second run, revoked for real', async (t) => {
  const h = host()
  const grant = await script({ grant: ['S-1-5-11'], allowBroad: true })
  const first = run(grant, h, ['/apply'])
  t.equal(first.exitCode, 0, first.stderr)
  for (const ns of ['root\\cimv2', 'root\\virtualization']) t.match(sddl(h, ns), /\(A;CI;CCWP;;;AU\)$/, `${ns}: the ACE, shown by Windows with the code`)
  const again = run(grant, h, ['/apply'])
  t.match(again.stdout, /nothing to change/, 'the ACE read back as AU is the grant: no duplicate')
  t.equal(sddl(h, 'root\\cimv2').split('(A;CI;CCWP;;;AU)').length, 2, 'one ACE, not two')
  const revoke = run(await script({ grant: ['S-1-5-11'], allowBroad: true, revoke: true }), h, ['/apply'])
  t.equal(revoke.exitCode, 0, revoke.stderr)
  t.match(revoke.stdout, /doing: remove the Enable Account and Remote Enable entry of S-1-5-11/)
  for (const ns of ['root\\cimv2', 'root\\virtualization']) {
    t.notMatch(sddl(h, ns), /CCWP;;;AU\)/, `${ns}: the grant's ACE is gone`)
    t.match(sddl(h, ns), /\(A;CI;CCDC;;;AU\)/, `${ns}: Windows' own AU entry is kept`)
  }
  const denied = host({ namespaceSddl: { cimv2: 'O:BAG:BAD:(D;CI;WP;;;AU)(A;CI;CCDCLCSWRPWPRCWD;;;BA)', virtualization: 'O:BAG:BAD:(A;CI;CCDCLCSWRPWPRCWD;;;BA)' } })
  const d = run(grant, denied, ['/apply'])
  t.equal(d.exitCode, 1)
  t.match(d.stderr, /FAILED before any change: the security of root\\cimv2 denies S-1-5-11 \(\(D;CI;WP;;;AU\)\)/, 'a deny ACE written as a code is seen')
})

t.test('/restart-vmms comes after the VM bindings; a failed restart says what state vmms is in', async (t) => {
  const base = readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2.xml`)
  const source = await script({ vms: ['lab-01'], installStore: { baseSha256: versionOf(base) } })
  const h = host({ storeBytes: base })
  const r = run(source, h, ['/apply', '/restart-vmms'])
  t.equal(r.exitCode, 0, r.stderr)
  const doing = r.stdout.split('\r\n').filter((l) => l.startsWith('doing: '))
  t.equal(doing.length, 4)
  t.match(doing[2], /^doing: bind VM "lab-01"/)
  t.match(doing[3], /^doing: restart the Hyper-V Virtual Machine Management service/, 'the restart is last')
  const failing = host({ storeBytes: base, failures: { 'method:StartService': 'The service cannot be started' } })
  const f = run(source, failing, ['/apply', '/restart-vmms'])
  t.equal(f.exitCode, 1)
  t.match(f.stderr, /The service cannot be started \(0x[0-9A-F]+\); vmms is now Stopped: start it with sc start vmms/)
})

t.test('a local group of the host is refused before any change: it cannot join Distributed COM Users', async (t) => {
  const local = `${MACHINE_SID}-1010`
  const h = host({ groups: [...DEFAULT_GROUPS, { sid: local, name: 'Lab Ops', members: [] }] })
  const before = JSON.stringify(h.namespaces)
  const r = run(await script({ grant: [local] }), h, ['/apply'])
  t.equal(r.exitCode, 1)
  t.match(r.stderr, /FAILED before any change: S-1-5-21-3623811015-3361044348-30300820-1010 is a local group of this host, and a local group cannot be a member of Distributed COM Users/)
  t.equal(JSON.stringify(h.namespaces), before, 'no namespace changed')
})

t.test('a value holding a template marker is written as data', async (t) => {
  const vm = 'x @AZMAN_VERSION@ // @AZMAN_SHARED@ var STORE = null; // @AZMAN_STORE@'
  const source = await script({ vms: [vm] })
  t.notMatch(source.split('var PLAN = ')[1]?.split('};')[0] ?? '', /@AZMAN/, 'no marker in the PLAN literal')
  const r = run(source, host(), [])
  t.equal(r.exitCode, 1)
  t.match(r.stderr, /no VM named "x @AZMAN_VERSION@ \/\/ @AZMAN_SHARED@ var STORE = null; \/\/ @AZMAN_STORE@" on this host/, 'the script reads the name back as it was')
})

t.test('delegate --host-script: inputs the script refuses are refused before the delegation changes the store', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  writeFileSync(store, readFileSync(sample('hyperv-2008r2-delegated.xml')))
  const before = readFileSync(store)
  const cases: [string[], RegExp][] = [
    [['--vm', ''], /a VM name must be 1 to 256 characters/],
    [['--vm', 'x'.repeat(300)], /a VM name must be 1 to 256 characters/],
  ]
  for (const [extra, message] of cases) {
    const r = await runCli([
      'delegate',
      store,
      '--app',
      'Hyper-V services',
      '--scope',
      'Web VMs',
      '--template',
      'hyperv-vm-operator',
      '--sid',
      'S-1-5-21-1004336348-1177238915-682003330-1199',
      '--host-script',
      join(dir, 'hv.js'),
      ...extra,
      '--reason',
      'test',
    ])
    t.equal(r.code, 3, extra.join(' '))
    t.match(r.stderr, message)
    t.notMatch(r.stderr, STACK_LINE)
    t.same(readFileSync(store), before, 'the store is unchanged')
  }
  t.equal(cases.length, 2)
})
