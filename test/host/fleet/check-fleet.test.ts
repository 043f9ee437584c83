import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { HostFactsError } from '../../../src/errors/input-errors.js'
import { UsageError } from '../../../src/errors/usage-error.js'
import { checkFleet } from '../../../src/host/fleet/check-fleet.js'
import type { FleetHost, StoreLoader } from '../../../src/host/fleet/fleet-types.js'
import { storeLoader } from '../../../src/host/fleet/open-stores.js'
import { sample } from '../../cli/run-cli.js'
import { factsOf, fleetStores, OTHER_USER, PROD_USER } from './fleet-fixtures.js'

/** A host reading `store` (its SHA-256 in the facts), checked against it; without `store`, against the fleet store (the delegated sample). */
const host = (name: string, store?: string): FleetHost => ({
  label: `${name.toLowerCase()}.json`,
  facts: () => Promise.resolve(factsOf(name, store ?? sample('hyperv-2008r2-delegated.xml'))),
  ...(store === undefined ? {} : { store }),
})

t.test('a fleet of 3 hosts, one with a drifted store: drift, the principals that differ, a host not reporting', async (t) => {
  const s = fleetStores(t.testdir({}))
  const result = await checkFleet(
    {
      hosts: [host('HV01', s.same1), host('HV02', s.same2), host('HV03', s.drifted)],
      reference: sample('hyperv-2008r2-delegated.xml'),
      expected: ['hv01', 'HV04.contoso.com', 'hv02.contoso.com', 'hv04'],
    },
    { loadStore: storeLoader() },
  )
  t.same(
    result.hosts.map((h) => [h.host, h.label]),
    [
      ['HV01', 'hv01.json'],
      ['HV02', 'hv02.json'],
      ['HV03', 'hv03.json'],
    ],
    'a summary per host, in input order',
  )
  const drift = result.findings.filter((f) => f.code === 'FLEET_STORE_DRIFT')
  t.equal(drift.length, 1, 'one drifted host')
  t.match(drift[0], { severity: 'medium', host: null, hosts: ['HV03'], scope: 'Production VMs', principal: null })
  t.match(drift[0]?.message, `${PROD_USER} lost 9 operation(s) in "Production VMs": Read Service Configuration (100), View Switches (265), `, 'names what it lost')
  t.match(drift[0]?.message, `${OTHER_USER} gained 9 operation(s) in "Production VMs"`, 'and what another gained')
  t.match(drift[0]?.message, '18 change(s)', 'how many changes')
  t.match(drift[0]?.message, /in "Production VMs"/)
  t.ok(
    drift[0]?.operations.some((o) => o.id === 335),
    'the operations concerned',
  )

  const differs = result.findings.filter((f) => f.code === 'FLEET_PRINCIPAL_DIFFERS')
  t.same(
    differs.map((f) => [f.principal?.sid, f.hosts]),
    [
      [PROD_USER, ['HV03']],
      [OTHER_USER, ['HV03']],
    ],
    'the principal who lost and the one who gained, each against the other two hosts',
  )
  t.match(
    differs[0]?.message,
    /on HV03 than on 2 other host\(s\) \(HV01, HV02\): without Read Service Configuration \(100\) in "Production VMs"; without View Switches \(265\) in "Production VMs"; .* and 3 more$/,
  )
  t.match(differs[1]?.message, /: with Read Service Configuration \(100\) in "Production VMs"; /)
  t.equal(differs[0]?.scope, 'Production VMs')
  t.equal(differs[0]?.severity, 'low')

  const missing = result.findings.filter((f) => f.code === 'FLEET_HOST_NOT_REPORTING')
  t.same(
    missing.map((f) => f.hosts),
    [['HV04.contoso.com']],
    'HV04 named once (by its first given name); HV01 and HV02 matched by computer name, any case, FQDN or not',
  )
  t.same(result.stores.map((x) => x.ref)[0], sample('hyperv-2008r2-delegated.xml'), 'the reference is read first')
  t.equal(result.stores.length, 4, 'each store read once in the list')
})

t.test('hosts that all share the fleet store: no cross-host findings, the store read once', async (t) => {
  let loads = 0
  const loader = storeLoader()
  const counting: StoreLoader = (ref) => {
    loads++
    return loader(ref)
  }
  const hosts = ['A', 'B', 'C', 'D', 'E'].map((n) => host(n))
  const result = await checkFleet({ hosts, store: sample('hyperv-2008r2-delegated.xml') }, { loadStore: counting })
  t.equal(loads, 1, 'one read of the shared store')
  t.same(
    result.findings.filter((f) => f.code.startsWith('FLEET_')),
    [],
    'no fleet findings: the same store everywhere differs nowhere',
  )
  t.same(
    result.findings.map((f) => f.code),
    Array.from({ length: 10 }, () => 'HOST_NO_CONNECT_OPERATIONS'),
    "each host's own findings: the sample's two scope-only holders cannot connect, on each of the 5 hosts",
  )
  t.equal(result.hosts.length, 5)
})

t.test('memory stays bounded: never more than `concurrency` hosts held, facts read only when a host’s turn comes', async (t) => {
  const s = fleetStores(t.testdir({}))
  const loader = storeLoader()
  let held = 0
  let maxHeld = 0
  let factsRead = 0
  let maxFactsAhead = 0
  let finished = 0
  const loadStore: StoreLoader = async (ref) => {
    held++
    maxHeld = Math.max(maxHeld, held)
    await sleep(2)
    return loader(ref)
  }
  const hosts: FleetHost[] = Array.from({ length: 24 }, (_, i) => ({
    label: `h${i}.json`,
    store: i % 3 === 0 ? s.drifted : s.same1,
    facts: async () => {
      factsRead++
      maxFactsAhead = Math.max(maxFactsAhead, factsRead - finished)
      await sleep(1)
      return factsOf(`H${i}`)
    },
  }))
  const result = await checkFleet(
    {
      hosts,
      concurrency: 3,
      onProgress: (done) => {
        finished = done
        held--
      },
    },
    { loadStore },
  )
  t.equal(result.hosts.length, 24, 'every host checked')
  t.equal(maxHeld, 3, 'at most 3 stores held at once (and 3 were)')
  t.ok(maxFactsAhead <= 3, `at most 3 facts documents read ahead of the hosts finished (${maxFactsAhead})`)
  t.equal(factsRead, 24)
  t.equal(result.findings.filter((f) => f.code === 'FLEET_PRINCIPAL_DIFFERS').length, 2, 'the drifted third of the fleet is named')
  t.equal(result.findings.find((f) => f.code === 'FLEET_PRINCIPAL_DIFFERS')?.hosts.length, 8, 'with its 8 hosts')
})

t.test('a host whose facts cannot be read stops the fleet: the error, and no host started after it', async (t) => {
  let started = 0
  const hosts: FleetHost[] = Array.from({ length: 10 }, (_, i) => ({
    label: `h${i}.json`,
    facts: async () => {
      started++
      await sleep(1)
      if (i === 2) throw new HostFactsError(`h${i}.json: $.os.version does not match`)
      return factsOf(`H${i}`)
    },
  }))
  await t.rejects(checkFleet({ hosts, store: sample('hyperv-2008r2.xml'), concurrency: 2 }, { loadStore: storeLoader() }), { code: 'AZMAN_ERR_HOST_FACTS', message: 'h2.json: $.os.version' })
  t.ok(started <= 4, `hosts started: ${started} (at most the failing one's pair and one more)`)
})

t.test('a host with no store of its own and no fleet store is a usage error', async (t) => {
  await t.rejects(checkFleet({ hosts: [host('HV01')] }, { loadStore: storeLoader() }), UsageError)
})

t.test('a store that does not open stops the fleet with its error (exit 2)', async (t) => {
  await t.rejects(checkFleet({ hosts: [host('HV01', 'no-such-store.xml')] }, { loadStore: storeLoader() }), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2 })
})
