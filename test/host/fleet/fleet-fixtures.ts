import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HostFacts } from '../../../src/host/facts/schema.js'
import { REPO_ROOT, sample } from '../../cli/run-cli.js'

/** The user the delegated sample gives IT Monitor in "Production VMs" alone, and the one the drifted store gives it to instead. */
export const PROD_USER = 'S-1-5-21-1004336348-1177238915-682003330-1120'
export const OTHER_USER = 'S-1-5-21-1004336348-1177238915-682003330-1121'

/** The domain SIDs the delegated sample grants something to (its delegated principals). */
const DELEGATED = [1105, 1106, 1108, 1110, 1120, 1121, 1130].map((rid) => `S-1-5-21-1004336348-1177238915-682003330-${rid}`)

/**
 * The sample facts of HV01 (store-samples/hosts/hv01.json, a host as Windows
 * sets it up) as the host `name` would send them after it was prepared for
 * remote Hyper-V Manager (what HVRemote does): the delegated principals hold
 * Enable Account and Remote Enable on both WMI namespaces and are members of
 * Distributed COM Users, the WMI firewall rules are on. With `store`, the
 * host reads that file (its SHA-256 in the facts). So the host checks find
 * only what the stores themselves say, and fleet tests see their own findings.
 */
export function factsOf(name: string, store?: string): HostFacts {
  const facts = JSON.parse(readFileSync(join(REPO_ROOT, 'store-samples/hosts/hv01.json'), 'utf8')) as HostFacts & { computer: { name: string } }
  const remote = DELEGATED.map((sid) => `(A;CI;CCWP;;;${sid})`).join('')
  const bytes = store === undefined || !existsSync(store) ? undefined : readFileSync(store)
  return {
    ...facts,
    computer: { ...facts.computer, name, dnsHostName: `${name.toLowerCase()}.contoso.com` },
    wmiNamespaces: (facts.wmiNamespaces ?? []).map((n) => ({ ...n, sddl: `${n.sddl}${remote}` })),
    localGroups: (facts.localGroups ?? []).map((g) => (g.sid === 'S-1-5-32-562' ? { ...g, members: DELEGATED.map((sid) => ({ sid })) } : g)),
    firewall: { enabled: true, groups: (facts.firewall?.groups ?? []).map((g) => ({ ...g, enabled: 'all' as const })) },
    ...(facts.store === undefined || bytes === undefined ? {} : { store: { ...facts.store, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } }),
  }
}

/** Writes the facts of `name` into `dir` as `<name>.json`; returns the path. */
export function writeFacts(dir: string, name: string, change: (f: HostFacts) => unknown = (f) => f, store?: string): string {
  const path = join(dir, `${name.toLowerCase()}.json`)
  writeFileSync(path, JSON.stringify(change(factsOf(name, store))))
  return path
}

/**
 * Three stores in `dir`: two copies of the delegated sample, and one drifted
 * from it: "Production Monitors" holds {@link OTHER_USER} instead of {@link PROD_USER}.
 */
export function fleetStores(dir: string): { same1: string; same2: string; drifted: string } {
  const same1 = join(dir, 'hv01.xml')
  const same2 = join(dir, 'hv02.xml')
  const drifted = join(dir, 'hv03.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), same1)
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), same2)
  const text = readFileSync(sample('hyperv-2008r2-delegated.xml'), 'utf8')
  const from = `<Member>${PROD_USER}</Member></AzRole></AzScope>`
  if (!text.includes(from)) throw new Error('the delegated sample changed: fleet-fixtures.ts needs its Production Monitors member')
  writeFileSync(drifted, text.replace(from, `<Member>${OTHER_USER}</Member></AzRole></AzScope>`))
  return { same1, same2, drifted }
}
