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

t.test('a host whose facts cannot be read is a finding about that host: the rest of the fleet is checked', async (t) => {
  const hosts: FleetHost[] = Array.from({ length: 10 }, (_, i) => ({
    label: `h${i}.json`,
    facts: async () => {
      await sleep(1)
      if (i === 2) throw new HostFactsError(`h${i}.json: $.os.version does not match`)
      return factsOf(`H${i}`)
    },
  }))
  const result = await checkFleet({ hosts, store: sample('hyperv-2008r2.xml'), concurrency: 2 }, { loadStore: storeLoader() })
  t.equal(result.hosts.length, 9, 'the 9 other hosts checked')
  const unreadable = result.findings.filter((f) => f.code === 'FLEET_FACTS_UNREADABLE')
  t.equal(unreadable.length, 1)
  t.match(unreadable[0], { severity: 'high', host: null, hosts: ['h2.json'], message: 'the facts of h2.json were not checked: h2.json: $.os.version does not match' })
})

t.test('one host (one facts document) whose facts cannot be read is still the error it was (AZMAN_ERR_HOST_FACTS)', async (t) => {
  const hosts: FleetHost[] = [{ label: 'h0.json', facts: () => Promise.reject(new HostFactsError('h0.json: $.os.version does not match')) }]
  await t.rejects(checkFleet({ hosts, store: sample('hyperv-2008r2.xml') }, { loadStore: storeLoader() }), { code: 'AZMAN_ERR_HOST_FACTS', message: 'h0.json: $.os.version' })
})

t.test('an error that is not about facts still stops the fleet', async (t) => {
  const hosts: FleetHost[] = ['A', 'B'].map((n) => ({ label: n, facts: () => Promise.reject(new Error(`boom ${n}`)) }))
  await t.rejects(checkFleet({ hosts, store: sample('hyperv-2008r2.xml') }, { loadStore: storeLoader() }), { message: /^boom/ })
})

t.test('the stores are listed in input order, whatever order they load in', async (t) => {
  const s = fleetStores(t.testdir({}))
  const loader = storeLoader()
  // The first host's store loads last, the last host's first.
  const delay: Record<string, number> = { [s.same1]: 30, [s.same2]: 15, [s.drifted]: 1 }
  const loadStore: StoreLoader = async (ref) => {
    await sleep(delay[ref] ?? 0)
    return loader(ref)
  }
  const hosts = [host('HV01', s.same1), host('HV02', s.same2), host('HV03', s.drifted)]
  for (const concurrency of [1, 3]) {
    const result = await checkFleet({ hosts, concurrency, reference: sample('hyperv-2008r2-delegated.xml') }, { loadStore })
    t.same(
      result.stores.map((x) => x.ref),
      [sample('hyperv-2008r2-delegated.xml'), s.same1, s.same2, s.drifted],
      `the reference, then the hosts' stores in input order (concurrency ${concurrency})`,
    )
  }
})

t.test('two facts documents of one computer: FLEET_DUPLICATE_HOST, the newest checked once', async (t) => {
  const older = { ...host('HV01'), label: 'old/hv01.json' }
  const newer: FleetHost = { label: 'new/hv01.json', facts: async () => ({ ...factsOf('HV01', sample('hyperv-2008r2-delegated.xml')), collectedAt: '2030-01-01T00:00:00Z' }) }
  const tieA = host('HV02')
  const tieB = { ...host('HV02'), label: 'again/hv02.json' }
  const result = await checkFleet({ hosts: [older, newer, tieA, tieB, host('HV03')], store: sample('hyperv-2008r2-delegated.xml') }, { loadStore: storeLoader() })
  t.same(
    result.hosts.map((h) => h.label),
    ['new/hv01.json', 'hv02.json', 'hv03.json'],
    'each computer once: the newest facts of HV01, the first of the two HV02 collected at the same time',
  )
  const dup = result.findings.filter((f) => f.code === 'FLEET_DUPLICATE_HOST')
  t.same(
    dup.map((f) => [f.severity, f.host, f.hosts]),
    [
      ['medium', 'HV01', ['new/hv01.json', 'old/hv01.json']],
      ['medium', 'HV02', ['hv02.json', 'again/hv02.json']],
    ],
  )
  t.match(dup[0]?.message, 'new/hv01.json and old/hv01.json are facts of the same computer HV01: new/hv01.json (collected 2030-01-01T00:00:00Z) is checked')
  t.equal(result.findings.filter((f) => f.code === 'HOST_NO_CONNECT_OPERATIONS').length, 6, 'the host findings of the 3 computers, not of the 2 left out')
})

t.test('hosts named by IP address, or by DNS names that start alike, are different hosts', async (t) => {
  const named = (name: string, dns: string | undefined, domain = 'CONTOSO'): FleetHost => ({
    label: `${name}.json`,
    facts: async () => {
      const f = factsOf(name, sample('hyperv-2008r2-delegated.xml'))
      const { dnsHostName: _, ...computer } = f.computer ?? { name, domain, partOfDomain: true }
      return { ...f, computer: { ...computer, domain, ...(dns === undefined ? {} : { dnsHostName: dns }) } }
    },
  })
  const result = await checkFleet(
    {
      hosts: [named('10.0.0.1', undefined), named('WEB1', 'web1.a.example', 'A'), named('WEB1', 'web1.b.example', 'B')],
      store: sample('hyperv-2008r2-delegated.xml'),
      expected: ['10.0.0.1', '10.0.0.2', 'web1.a.example', 'web1.b.example', 'web1.c.example', 'WEB1', 'web1'],
    },
    { loadStore: storeLoader() },
  )
  t.same(
    result.findings.filter((f) => f.code === 'FLEET_HOST_NOT_REPORTING').map((f) => f.hosts[0]),
    ['10.0.0.2', 'web1.c.example'],
    '10.0.0.2 is not 10.0.0.1, web1.c.example is neither web1.a nor web1.b; the bare WEB1 reported',
  )
  t.same(
    result.findings.filter((f) => f.code === 'FLEET_DUPLICATE_HOST'),
    [],
    'WEB1 of domain A and WEB1 of domain B are two computers',
  )
  t.equal(result.hosts.length, 3)
})

t.test('a host with no store of its own and no fleet store is a usage error', async (t) => {
  await t.rejects(checkFleet({ hosts: [host('HV01')] }, { loadStore: storeLoader() }), UsageError)
})

t.test('a store that does not open stops the fleet with its error (exit 2)', async (t) => {
  await t.rejects(checkFleet({ hosts: [host('HV01', 'no-such-store.xml')] }, { loadStore: storeLoader() }), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2 })
})

t.test('3 hosts on one store, one whose Distributed COM Users lacks a delegated principal: FLEET_PRINCIPAL_DIFFERS names it, the host, what differs', async (t) => {
  const lacking: FleetHost = {
    label: 'hv03.json',
    facts: async () => {
      const f = factsOf('HV03', sample('hyperv-2008r2-delegated.xml'))
      return { ...f, localGroups: (f.localGroups ?? []).map((g) => (g.sid === 'S-1-5-32-562' ? { ...g, members: g.members.filter((m) => m.sid !== PROD_USER) } : g)) }
    },
  }
  const result = await checkFleet({ hosts: [host('HV01'), host('HV02'), lacking], store: sample('hyperv-2008r2-delegated.xml') }, { loadStore: storeLoader() })
  const differs = result.findings.filter((f) => f.code === 'FLEET_PRINCIPAL_DIFFERS')
  t.same(
    differs.map((f) => [f.principal?.sid, f.hosts, f.operations, f.scope]),
    [[PROD_USER, ['HV03'], [], null]],
    'one finding: the principal, the host, no operation of the store concerned',
  )
  t.equal(differs[0]?.message, `${PROD_USER} holds other rights on HV03 than on 2 other host(s) (HV01, HV02): without membership of Distributed COM Users (S-1-5-32-562) on the host`)
  t.equal(result.stores.length, 1, 'one store for the 3 hosts')
})
