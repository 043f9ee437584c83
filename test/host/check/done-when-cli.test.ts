/**
 * Issue #14's done-when through the real CLI: `azman host check` on the
 * delegated sample (a copy whose two scope-only holders were given the
 * connect role with `azman role-assignment add-member`, as `azman audit`
 * asks) with a host where "Lab VMs" has VMs and "Production VMs" none, and a
 * delegated group without WMI rights, reports exactly those findings and
 * exits 1 at `--fail-on medium`.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample, STACK_LINE } from '../../cli/run-cli.js'
import { DELEGATED_SIDS, DOMAIN, hostFacts } from '../support/facts-builder.js'

const APP = 'Hyper-V services'
const GROUP = `${DOMAIN}-1108`

t.test('the delegated sample, "Lab VMs" with VMs, "Production VMs" without, a group without WMI rights: exactly those findings, exit 1 at --fail-on medium', async (t) => {
  const dir = t.testdir()
  const store = join(dir, 'InitialStore.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const connect = await runCli(['role-assignment', 'add-member', store, '--app', APP, '--name', 'Hyper-V Manager Connect', '--sid', `${DOMAIN}-1110`, '--sid', `${DOMAIN}-1120`, '--reason', 'test'])
  t.equal(connect.code, 0, connect.stderr)
  const base = hostFacts({
    storeFile: 'hyperv-2008r2-delegated.xml',
    vms: [
      ['lab-01', 'Lab VMs'],
      ['lab-02', 'Lab VMs'],
    ],
    wmi: DELEGATED_SIDS.filter((s) => s !== GROUP),
  })
  const path = 'C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml'
  const sha256 = createHash('sha256').update(readFileSync(store)).digest('hex')
  const facts = {
    ...base,
    virtualization: { storeLocation: `msxml://${path}`, serviceApplication: APP },
    store: { kind: 'msxml', location: `msxml://${path}`, path, exists: true, size: readFileSync(store).length, sha256 },
  }
  const file = join(dir, 'hv01.json')
  writeFileSync(file, JSON.stringify(facts))

  const json = await runCli(['host', 'check', store, '--facts', file, '--fail-on', 'medium', '--json'])
  t.equal(json.code, 1, 'exit 1: a finding reaches medium')
  t.notMatch(json.stderr, STACK_LINE)
  const report = JSON.parse(json.stdout) as { findings: { code: string; severity: string; scope: string | null; principal: { sid: string | null } | null }[] }
  t.same(
    report.findings.map((f) => [f.code, f.severity, f.scope, f.principal?.sid ?? null]),
    [
      ['HOST_NO_WMI_RIGHTS', 'medium', null, GROUP],
      ['HOST_NO_WMI_RIGHTS', 'medium', null, GROUP],
      ['HOST_SCOPE_WITHOUT_VMS', 'low', 'Production VMs', null],
    ],
    'exactly: the group lacks WMI rights on both namespaces; "Production VMs" has no VM',
  )
  const text = await runCli(['host', 'check', store, '--facts', file, '--fail-on', 'medium'])
  t.equal(text.code, 1)
  t.match(text.stdout, /HOST_NO_WMI_RIGHTS/)
  t.match(text.stdout, /HOST_SCOPE_WITHOUT_VMS/)
  const high = await runCli(['host', 'check', store, '--facts', file, '--fail-on', 'high'])
  t.equal(high.code, 0, 'nothing reaches high: exit 0')
})
