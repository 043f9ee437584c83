import { setImmediate as eventLoopTurn } from 'node:timers/promises'
import { AzmanError } from '../../errors/azman-error.js'
import { HostFactsError } from '../../errors/input-errors.js'
import { UsageError } from '../../errors/usage-error.js'
import { checkHost } from '../check/check-host.js'
import type { HostFinding } from '../check/host-finding.js'
import type { HostFacts } from '../facts/schema.js'
import { boundedEach } from './bounded-each.js'
import { DEFAULT_CONCURRENCY, type Checked, type FleetHost, type FleetInput, type FleetResult, type LoadedStore, type StoreLoader } from './fleet-types.js'
import { duplicates, factsUnreadable } from './duplicates.js'
import { hostIdentity, ReportedHosts } from './host-identity.js'
import { notReporting } from './not-reporting.js'
import { PrincipalDiffs } from './principal-differs.js'
import { principalHoldings, withLocalGroups, type Holding } from './principal-holdings.js'
import { hostToken, localMemberships } from '../check/host-token.js'
import { SmallCache } from './small-cache.js'
import { driftFinding, storeDrift, type Drift } from './store-drift.js'

/** The application Hyper-V opens when the facts do not say. */
const HYPER_V_APP = 'Hyper-V services'

/** What a fleet check needs from outside: how to read a store (and, for tests, which host check to run). */
export interface FleetDeps {
  readonly loadStore: StoreLoader
  readonly checkHost?: typeof checkHost
}

/** The per-run state: shared stores, caches by store version, the cross-host collectors. */
class FleetRun {
  readonly principals = new PrincipalDiffs()
  readonly reported = new ReportedHosts()
  private readonly shared = new Map<string, Promise<LoadedStore>>()
  private readonly holdings = new SmallCache<Map<string, Holding> | undefined>(8)
  private readonly drifts = new SmallCache<Drift | undefined>(8)

  constructor(
    readonly input: FleetInput,
    readonly deps: FleetDeps,
  ) {}

  /** The fleet's own store and the reference are read once; a host's own store is read for that host alone. */
  async load(reference: string, shared: boolean): Promise<LoadedStore> {
    let loaded = shared ? this.shared.get(reference) : undefined
    if (loaded === undefined) {
      loaded = this.deps.loadStore(reference).catch((error: unknown) => {
        // A fleet reads many stores: an error that does not say which (an XML syntax error names only a line) is named here.
        if (error instanceof AzmanError && !error.message.includes(reference)) error.message = `${reference}: ${error.message}`
        throw error
      })
      if (shared) this.shared.set(reference, loaded)
    }
    return loaded
  }

  holdingsOf(store: LoadedStore, app: string): Map<string, Holding> | undefined {
    return this.holdings.get(`${store.version}\u0000${app}`, () => principalHoldings(store.policy, app))
  }

  driftOf(reference: LoadedStore, store: LoadedStore): Drift | undefined {
    if (store.version === reference.version) return undefined
    return this.drifts.get(store.version, () => storeDrift(reference.policy, store.policy))
  }
}

function storeOf(host: FleetHost, input: FleetInput): string {
  const ref = host.store ?? input.store
  if (ref === undefined) throw new UsageError(`${host.label}: no store to check the host against: give the host's own store, or one for every host`)
  return ref
}

/** A host's facts; in a fleet, facts that cannot be read are a finding about that host, not the end of the run. */
async function factsOf(run: FleetRun, host: FleetHost): Promise<HostFacts | HostFinding> {
  try {
    return await host.facts()
  } catch (error) {
    if (error instanceof HostFactsError && run.input.hosts.length > 1) return factsUnreadable(host.label, error.message)
    throw error
  }
}

/** Checks one host: its findings, what its principals hold (for the cross-host comparison), its drift. */
async function checkOne(run: FleetRun, host: FleetHost, index: number): Promise<Checked | HostFinding> {
  const { input } = run
  const facts = await factsOf(run, host)
  if ('code' in facts) return facts
  const name = facts.computer?.name ?? host.label
  const identity = hostIdentity(facts)
  run.reported.add(identity, host.label)
  const ref = storeOf(host, input)
  const store = await run.load(ref, ref === input.store)
  const sha256 = store.version.startsWith('sha256:') ? store.version.slice('sha256:'.length) : null
  const findings = await (run.deps.checkHost ?? checkHost)({
    label: name,
    policy: store.policy,
    facts,
    store: { reference: store.reference, location: store.location, sha256 },
    ...(input.app === undefined ? {} : { app: input.app }),
    ...(input.groupsOf === undefined ? {} : { groupsOf: input.groupsOf }),
  })
  const app = input.app ?? facts.virtualization?.serviceApplication ?? HYPER_V_APP
  const holdings = run.holdingsOf(store, app)
  if (holdings !== undefined) run.principals.add(index, await onThisHost(holdings, facts, input))
  if (input.reference !== undefined) {
    const reference = await run.load(input.reference, true)
    const drift = run.driftOf(reference, store)
    if (drift !== undefined) findings.push(driftFinding(name, store.reference, reference.reference, drift))
  }
  return { summary: { host: name, label: host.label, store: store.reference, version: store.version, findings: findings.length }, findings, identity, collectedAt: facts.collectedAt }
}

/**
 * What each principal of the store holds on this host: its operations in the
 * store, and the local groups giving host-level rights ({@link withLocalGroups})
 * its token reaches there (through its AD groups when a directory is asked).
 */
async function onThisHost(holdings: ReadonlyMap<string, Holding>, facts: HostFacts, input: FleetInput): Promise<Map<string, Holding>> {
  const memberships = localMemberships(facts)
  const out = new Map<string, Holding>()
  for (const [sid, h] of holdings) {
    const groups = input.groupsOf === undefined || !sid.startsWith('S-1-5-21-') ? undefined : await input.groupsOf(sid)
    out.set(sid, withLocalGroups(h, hostToken(sid, memberships, groups ?? [])))
  }
  return out
}

/** The stores read, each once: the reference first, then in the hosts' input order (whatever order they loaded in). */
function storesRead(reference: LoadedStore | undefined, checked: readonly Checked[]): { ref: string; version: string }[] {
  const stores = new Map<string, string>()
  if (reference !== undefined) stores.set(reference.reference, reference.version)
  for (const c of checked) if (!stores.has(c.summary.store)) stores.set(c.summary.store, c.summary.version)
  return [...stores].map(([ref, version]) => ({ ref, version }))
}

/**
 * Checks a fleet: each host's facts against its store ({@link checkHost}),
 * then across hosts: principals that hold different operations on different
 * hosts (FLEET_PRINCIPAL_DIFFERS), stores that grant other access than the
 * reference (FLEET_STORE_DRIFT), expected hosts without facts
 * (FLEET_HOST_NOT_REPORTING).
 *
 * Memory stays bounded by the largest host, not the fleet: hosts are read and
 * checked `concurrency` at a time, each holding one facts document and one
 * store, and only findings, per-host summaries and one short hash per
 * principal and host are kept. The fleet's own store and the reference are
 * read once.
 */
export async function checkFleet(input: FleetInput, deps: FleetDeps): Promise<FleetResult> {
  const run = new FleetRun(input, deps)
  const reference = input.reference === undefined ? undefined : await run.load(input.reference, true)
  const perHost: (Checked | HostFinding | undefined)[] = Array.from({ length: input.hosts.length }, () => undefined)
  let done = 0
  await boundedEach(input.hosts, input.concurrency ?? DEFAULT_CONCURRENCY, async (host, index) => {
    // Each host starts in a turn of its own, so a server checking a large fleet from memory (no I/O to wait
    // for) answers other requests between hosts: the event loop is held for one host's check, not the fleet's.
    await eventLoopTurn()
    perHost[index] = await checkOne(run, host, index)
    input.onProgress?.(++done, input.hosts.length)
  })
  const checked = new Map<number, Checked>()
  perHost.forEach((h, i) => {
    if (h !== undefined && !('code' in h)) checked.set(i, h)
  })
  const dup = duplicates(checked)
  const kept = [...checked].filter(([i]) => !dup.dropped.has(i)).map(([, c]) => c)
  const findings = perHost.flatMap((h, i) => (h === undefined || dup.dropped.has(i) ? [] : 'code' in h ? [h] : h.findings))
  const labelOf = (i: number): string => checked.get(i)?.summary.host ?? input.hosts[i]?.label ?? String(i)
  findings.push(...dup.findings, ...run.principals.findings(labelOf, dup.dropped), ...notReporting(input.expected ?? [], run.reported))
  return { hosts: kept.map((c) => c.summary), findings, stores: storesRead(reference, [...checked.values()]) }
}
