/**
 * Only WBEM_E_INVALID_NAMESPACE means a namespace is not there: a connection refused for any other
 * reason (access denied, the RPC server unavailable) leaves hyperV.v1Namespace out with the reason,
 * and `host check` says it could not tell (HOST_FACT_MISSING) instead of HOST_AZMAN_NOT_ENFORCED.
 */
import t from 'tap'
import { checkHost } from '../../../src/host/check/check-host.js'
import { HostCode } from '../../../src/host/check/host-finding.js'
import { readHostFacts } from '../../../src/host/facts/read-facts.js'
import { sampleSha } from '../support/facts-builder.js'
import { connectedDelegatedStore, DELEGATED } from '../support/stores.js'
import { COLLECTOR_SOURCE } from './collector-source.js'
import { hyperVHost } from './hosts/base.js'
import { fixture } from './hosts/v1-access-denied.js'
import { collectFixture } from './write-fixture-facts.js'
import { runWsh } from './wsh/sandbox.js'

t.test('a v1 namespace WMI refuses to open is unknown, never absent', async (t) => {
  const refusals = [
    ['0x80041003 Access denied', 'Access denied (0x80041003)'],
    ['0x80070005 Access is denied.', 'Access is denied. (0x80070005)'],
    ['0x800706BA The RPC server is unavailable.', 'The RPC server is unavailable. (0x800706BA)'],
  ] as const
  let checked = 0
  for (const [raised, reason] of refusals) {
    const facts = readHostFacts(runWsh(COLLECTOR_SOURCE, hyperVHost({ failures: { 'connect:root\\virtualization': raised } })).stdout, 'facts.json')
    t.same(facts.hyperV, { v2Namespace: false, vmms: { state: 'Running', startMode: 'Auto' } }, `${reason}: v1Namespace left out`)
    t.same(
      facts.errors.filter((e) => e.fact !== 'wmiNamespaces'),
      [
        { fact: 'hyperV.v1Namespace', reason: `root\\virtualization: ${reason}` },
        { fact: 'vms', reason },
      ],
      `${reason}: the reason, for v1Namespace and for the VMs`,
    )
    checked++
  }
  t.equal(checked, 3, 'three refusals checked')
  const absent = readHostFacts(runWsh(COLLECTOR_SOURCE, hyperVHost({ v1: false })).stdout, 'absent.json')
  t.equal(absent.hyperV?.v1Namespace, false, 'WBEM_E_INVALID_NAMESPACE (0x8004100E) still means absent')
})

t.test('host check on a host whose v1 namespace is refused: HOST_FACT_MISSING, not HOST_AZMAN_NOT_ENFORCED', async (t) => {
  const facts = readHostFacts(collectFixture(fixture).stdout, 'v1-access-denied.json')
  const findings = await checkHost({ label: 'HV01', policy: connectedDelegatedStore(), facts, store: { reference: `store-samples/${DELEGATED}`, sha256: sampleSha(DELEGATED) } })
  const codes = findings.map((f) => f.code)
  t.notOk(codes.includes(HostCode.NotEnforced), 'no HOST_AZMAN_NOT_ENFORCED')
  const missing = findings.filter((f) => f.code === HostCode.FactMissing).map((f) => f.message)
  t.match(missing.find((m) => m.startsWith('whether the host')), /whether the host has root\\virtualization \(WMI v1\), without which AzMan governs nothing was not checked: the facts lack hyperV\.v1Namespace \(the collector says: root\\virtualization: Access denied \(0x80041003\)\)/)
  t.ok(missing.length >= 2, 'the VM scope checks say what they lack too')
})
