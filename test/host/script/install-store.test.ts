/**
 * `azman host script --install-store`: the script carries the edited store and installs it where the
 * host's StoreLocation points, only over the version it was planned from. Run under Node in the
 * Windows Script Host sandbox (test/host/collector/wsh: fakes of WMI, the FileSystemObject,
 * ADODB.Stream and MSXML that follow Microsoft's documentation; nothing Windows runs here), against
 * the 2008 R2 fixture host whose store file is the undelegated sample.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parse } from 'acorn'
import t from 'tap'
import { hostScript, MAX_INSTALL_BYTES, type HostScriptRequest, type HostScriptStore } from '../../../src/host/script/host-script.js'
import { parseXmlStore, versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT } from '../../cli/run-cli.js'
import { ES3, laterBuiltIns } from '../collector/es3-rules.js'
import { DEFAULT_STORE_LOCATION, hyperVHost, type HostOptions } from '../collector/hosts/base.js'
import { runWsh, type WshRun } from '../collector/wsh/sandbox.js'
import type { FakeHost } from '../collector/wsh/host.js'

/** On the host: the store as Hyper-V installed it. Planned: the same store after a delegation. */
const BASE = readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2.xml`)
const EDITED = readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`)
const PATH = DEFAULT_STORE_LOCATION.slice('msxml://'.length)
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const EDITED_STORE: HostScriptStore = { reference: 'hv01-store.xml', version: versionOf(EDITED), bytes: EDITED }
const policy = parseXmlStore(EDITED).policy

async function script(request: Partial<HostScriptRequest> = {}, store: HostScriptStore = EDITED_STORE): Promise<string> {
  return (await hostScript(policy, store, { vms: [], grant: [], installStore: { baseSha256: sha(BASE) }, ...request })).text
}

function host(options: HostOptions = {}): FakeHost {
  return hyperVHost({ storeBytes: BASE, ...options })
}

function run(source: string, on: FakeHost, args: readonly string[] = []): WshRun {
  return runWsh(source, on, { args, scriptName: 'hv01-store.js' })
}

const fileOf = (h: FakeHost, path: string) => Object.entries(h.files).find(([k]) => k.toLowerCase() === path.toLowerCase())?.[1]
const backups = (h: FakeHost) => Object.keys(h.files).filter((k) => k.startsWith(`${PATH}.azman-backup-`))
const vmms = (h: FakeHost) => h.namespaces['root\\cimv2']?.classes.Win32_Service?.find((s) => s.Name === 'vmms')
const lines = (out: string, prefix: string) => out.split('\r\n').filter((l) => l.startsWith(prefix))

t.test('dry run, /apply, again: the store is installed byte for byte over the planned-from file, with a backup; a second run changes nothing', async (t) => {
  const source = await script()
  const h = host()
  const dry = run(source, h)
  t.equal(dry.exitCode, 0, dry.stderr)
  t.equal(lines(dry.stdout, 'would: ').length, 2)
  t.match(dry.stdout, new RegExp(`would: keep a copy of the store file .*InitialStore\\.xml as .*InitialStore\\.xml\\.azman-backup-\\d{8}T\\d{6}Z`))
  t.match(dry.stdout, `would: install the store azman planned (${EDITED.length} bytes, SHA-256 ${sha(EDITED)}) at ${PATH}, replacing the version it was planned from (SHA-256 ${sha(BASE)})`)
  t.ok(Buffer.from(fileOf(h, PATH)?.bytes ?? []).equals(BASE), 'a dry run changes nothing')
  t.same(backups(h), [], 'and keeps no copy')

  const applied = run(source, h, ['/apply'])
  t.equal(applied.exitCode, 0, applied.stderr)
  t.match(applied.stdout, /done: 2 change\(s\) made/)
  t.ok(Buffer.from(fileOf(h, PATH)?.bytes ?? []).equals(EDITED), 'the host file is the planned store, byte for byte (CRLF, declaration and all)')
  t.equal(backups(h).length, 1)
  t.ok(Buffer.from(fileOf(h, backups(h)[0] ?? '')?.bytes ?? []).equals(BASE), 'the backup is the file it replaced')
  t.match(applied.stdout, /note: the Hyper-V Virtual Machine Management service \(vmms\) may go on using the store it read before; run again with \/restart-vmms/)
  t.equal(vmms(h)?.ProcessId, 1844, 'vmms is left alone without /restart-vmms')

  const again = run(source, h, ['/apply'])
  t.equal(again.exitCode, 0, again.stderr)
  t.match(again.stdout, /nothing to change: every change is in place/)
  t.notMatch(again.stdout, /note:/)
  t.equal(backups(h).length, 1, 'no second copy')
})

t.test('/restart-vmms: restarts vmms after installing; later, only when vmms started before the store file was written', async (t) => {
  const source = await script()
  const h = host()
  const dry = run(source, h, ['/restart-vmms'])
  t.equal(lines(dry.stdout, 'would: ').length, 3)
  t.match(dry.stdout, /would: restart the Hyper-V Virtual Machine Management service \(vmms\), so that it reads the store\r\n/)
  const applied = run(source, h, ['/apply', '/restart-vmms'])
  t.equal(applied.exitCode, 0, applied.stderr)
  t.match(applied.stdout, /done: 3 change\(s\) made/)
  t.match(vmms(h), { State: 'Running' })
  t.not(vmms(h)?.ProcessId, 1844, 'a new vmms process')
  const again = run(source, h, ['/apply', '/restart-vmms'])
  t.match(again.stdout, /in place: restart the Hyper-V Virtual Machine Management service \(vmms\), so that it reads the store \(it started after the store file was last written\)/)
  t.match(again.stdout, /nothing to change/)

  // Installed without /restart-vmms first, then run again with it: the store is in place, vmms still has the old one.
  const h2 = host()
  t.equal(run(source, h2, ['/apply']).exitCode, 0)
  const later = run(source, h2, ['/apply', '/restart-vmms'])
  t.equal(later.exitCode, 0, later.stderr)
  t.same(lines(later.stdout, 'doing: '), ['doing: restart the Hyper-V Virtual Machine Management service (vmms), so that it reads the store'])

  const stopped = host({ vmms: { State: 'Stopped', StartMode: 'Manual' } })
  const s = run(source, stopped, ['/apply', '/restart-vmms'])
  t.equal(s.exitCode, 0, s.stderr)
  t.match(s.stdout, /in place: restart vmms: it is stopped, and reads the store when it starts/)
  t.match(vmms(stopped), { State: 'Stopped' }, 'a stopped vmms is not started')
})

t.test('refused before any change: a host file that is not the planned-from version, an AD store, a damaged script, a missing file', async (t) => {
  const source = await script()
  const cases: [string, FakeHost, string, RegExp][] = [
    [
      'changed since',
      host({ storeBytes: Buffer.concat([BASE, Buffer.from('\r\n')]) }),
      source,
      /has SHA-256 [0-9a-f]{64}, neither the version azman planned from \([0-9a-f]{64}\) nor the planned one: it was changed since/,
    ],
    [
      'an AD store',
      host({ storeLocation: 'msldap://CN=Hyper-V,CN=Program Data,DC=contoso,DC=com' }),
      source,
      /StoreLocation is "msldap:\/\/CN=Hyper-V.*", not an XML file \(msxml:\/\/\): this script installs store files only/,
    ],
    ['no file', host({ storeBytes: null }), source, /the store file .*InitialStore\.xml \(StoreLocation\) is not there/],
    [
      'a damaged script',
      host(),
      source.replace(/^(var STORE = \[\n {2}')(.)/m, (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A')),
      /the store this script carries has SHA-256 [0-9a-f]{64}, not [0-9a-f]{64}: the script was changed or damaged/,
    ],
    [
      'a locked file',
      host({ failures: { [`read:${PATH}`]: 'The process cannot access the file because it is being used by another process.' } }),
      source,
      /FAILED before any change: .*being used by another process/,
    ],
  ]
  for (const [name, h, text, message] of cases) {
    const before = JSON.stringify(h.files)
    const r = run(text, h, ['/apply'])
    t.equal(r.exitCode, 1, `${name}: exit 1`)
    t.match(r.stderr, /^FAILED before any change: /, name)
    t.match(r.stderr, message, name)
    t.equal(JSON.stringify(h.files), before, `${name}: no file changed or added`)
  }
  t.equal(cases.length, 5)
  const vmm = run(source, host({ storeLocation: 'msxml://C:\\ProgramData\\Microsoft\\Virtual Machine Manager\\HyperVAuthStore.xml' }), ['/apply'])
  t.equal(vmm.exitCode, 2, 'a VMM host is refused (VMM rewrites its store)')
})

t.test('a write that fails or reads back wrong: the backup is put back, and the script says what was done', async (t) => {
  const source = await script()
  const cut = host({ failures: { [`truncate-once:${PATH}`]: 'cut short' } })
  const r = run(source, cut, ['/apply'])
  t.equal(r.exitCode, 1)
  t.match(r.stderr, /FAILED: install the store .*: the written store reads back with SHA-256 [0-9a-f]{64}; the store file was put back as it was \(from .*azman-backup-/)
  t.match(r.stderr, /already done \(1\): keep a copy of the store file/)
  t.ok(Buffer.from(fileOf(cut, PATH)?.bytes ?? []).equals(BASE), 'the host file is the one it was')
  const again = run(source, cut, ['/apply'])
  t.equal(again.exitCode, 0, 'run again, it installs')
  t.ok(Buffer.from(fileOf(cut, PATH)?.bytes ?? []).equals(EDITED))

  const denied = host({ failures: { [`write:${PATH}`]: 'Write to file failed.' } })
  const d = run(source, denied, ['/apply'])
  t.equal(d.exitCode, 1)
  t.match(d.stderr, /writing the store failed: Write to file failed\..*; the store file was not changed/, 'refused before a byte was written: no false alarm')
  t.ok(Buffer.from(fileOf(denied, PATH)?.bytes ?? []).equals(BASE), 'the fake refused the write, so the file is as it was')

  const noCopy = host({ failures: { [`copy:${PATH}`]: '0x80070070 There is not enough space on the disk.' } })
  const c = run(source, noCopy, ['/apply'])
  t.equal(c.exitCode, 1)
  t.match(c.stderr, /FAILED: keep a copy of the store file .*: There is not enough space on the disk\. \(0x80070070\)\r\nnothing was changed before it/)
  t.ok(Buffer.from(fileOf(noCopy, PATH)?.bytes ?? []).equals(BASE), 'no copy, no install')
})

t.test('the plan: an XML store only, not with --revoke, a SHA-256, bounded; the script parses as ES3 and carries the store as Base64 only', async (t) => {
  const source = await script({ scope: 'Lab VMs', vms: ['lab-01'] })
  const { later, statements } = laterBuiltIns(source)
  t.same(later, [])
  t.ok(statements > 30)
  parse(source, ES3)
  t.notMatch(source, /[^\n\x20-\x7e]/, 'printable ASCII and LF only')
  t.notMatch(source, /@AZMAN_(PLAN|VERSION|STORE|SHARED)@/, 'every marker filled in')
  t.match(source, /^function fileSha256\(path\) \{$/m, "the collector's SHA-256 is in it")
  const store = /^var STORE = \[\n((?: {2}'[A-Za-z0-9+/=]{1,100}',?\n)+)\];$/m.exec(source)
  t.ok(store, 'STORE is lines of Base64 literals')
  t.ok(Buffer.from((store?.[1] ?? '').replace(/[\s',]/g, ''), 'base64').equals(EDITED), 'which decode to the store, byte for byte')
  t.match(await script({ installStore: { baseSha256: `sha256:${sha(BASE).toUpperCase()}` } }), `'baseSha256': '${sha(BASE)}'`, 'the sha256: prefix and case are taken')
  t.match(await hostScript(policy, EDITED_STORE, { scope: 'Lab VMs', vms: ['lab-01'], grant: [] }).then((s) => s.text), /^var STORE = null;$/m, 'no install: no store in the script')

  const refusals: [string, Promise<unknown>, RegExp][] = [
    ['an AD store', script({}, { reference: 'msldap://dc/CN=x', version: 'usn:1' }), /is not a store file .*: there is nothing to install/],
    ['--revoke', script({ revoke: true, scope: 'Lab VMs', vms: ['lab-01'] }), /does not go with --revoke/],
    ['not a SHA-256', script({ installStore: { baseSha256: 'abc' } }), /"abc" is not a SHA-256/],
    ['bytes of another version', script({}, { ...EDITED_STORE, bytes: BASE }), /changed while it was read/],
    [
      'too large',
      script(
        {},
        (() => {
          const big = new Uint8Array(MAX_INSTALL_BYTES + 1)
          return { reference: 'big.xml', version: versionOf(big), bytes: big }
        })(),
      ),
      /a script installs at most 33554432/,
    ],
  ]
  for (const [name, made, message] of refusals) await t.rejects(made, message, name)
  t.equal(refusals.length, 5)
})
