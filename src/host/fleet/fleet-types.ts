import type { HostFacts } from '../facts/schema.js'
import type { HostFinding } from '../check/host-finding.js'
import type { PolicyStore } from '../../model/policy.js'
import type { HostIdentity } from './host-identity.js'

/** One host of a fleet: its facts (read when its turn comes) and the store meant to govern it. */
export interface FleetHost {
  /** How the input names the host (the facts file's name, or `hosts[2]`): used where the facts name no computer. */
  readonly label: string
  /** Reads the facts; called once, when the host is checked (so a fleet's facts are never all in memory). */
  readonly facts: () => Promise<HostFacts>
  /** The store reference for this host; undefined: the fleet's {@link FleetInput.store}. */
  readonly store?: string
}

/** A store as the fleet uses it: its policy and version, and its reference as given. */
export interface LoadedStore {
  /** How reports and findings name the store (the CLI: the path or URL given; REST: the store's name). */
  readonly reference: string
  /** Where it was read from (a path or msldap URL), compared with a host's StoreLocation and never shown. */
  readonly location: string
  readonly policy: PolicyStore
  /** `sha256:<hex>` of an XML file's bytes, `ad:...` of an AD store. */
  readonly version: string
}

/** Opens and reads one store by reference (the CLI: a path or msldap URL; REST: a configured store name). */
export type StoreLoader = (reference: string) => Promise<LoadedStore>

/** What {@link checkFleet} judges. */
export interface FleetInput {
  readonly hosts: readonly FleetHost[]
  /** The store of every host that names none (`azman host check <store>`; one AD store for all). */
  readonly store?: string
  /** A reference store: hosts whose store grants other access get FLEET_STORE_DRIFT. */
  readonly reference?: string
  /** Computer names expected to report: those without facts get FLEET_HOST_NOT_REPORTING. */
  readonly expected?: readonly string[]
  /** The application; default: each host's ServiceApplication, else "Hyper-V services". */
  readonly app?: string
  /** A principal's AD groups, passed on to each host's check (see HostCheckInput.groupsOf). */
  readonly groupsOf?: (sid: string) => Promise<readonly string[] | undefined>
  /** How many hosts are checked at once (default {@link DEFAULT_CONCURRENCY}); each holds one store and one facts document. */
  readonly concurrency?: number
  /** Called after each host, with how many are done. */
  readonly onProgress?: (done: number, total: number) => void
}

/** How many hosts a fleet check holds at once by default. */
export const DEFAULT_CONCURRENCY = 4

/** What is kept about one host once it is checked. */
export interface HostSummary {
  /** The computer name the facts give, else the input's label. */
  readonly host: string
  readonly label: string
  readonly store: string
  readonly version: string
  readonly findings: number
}

/** The outcome of a fleet check: per-host summaries and every finding, host findings in input order then fleet findings. */
export interface FleetResult {
  readonly hosts: readonly HostSummary[]
  readonly findings: readonly HostFinding[]
  /** The stores read (the reference first, when given), each once, with their versions. */
  readonly stores: readonly { readonly ref: string; readonly version: string }[]
}

/** What is kept of one host checked: its summary and findings, who it is and when its facts were collected (for duplicates). */
export interface Checked {
  readonly summary: HostSummary
  readonly findings: HostFinding[]
  readonly identity: HostIdentity | undefined
  readonly collectedAt: string
}
