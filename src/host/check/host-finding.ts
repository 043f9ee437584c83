import type { Severity } from '../../audit/severity.js'
import type { FindingPrincipal, OperationRefOut } from '../../audit/finding.js'

/**
 * Stable codes of host findings (`azman host check`). Scripts match on them;
 * a code never changes meaning. docs/host-check.md documents each one.
 */
export const HostCode = {
  /** A VM names a scope the store lacks: Hyper-V manages it at application level only. */
  VmScopeMissing: 'HOST_VM_SCOPE_MISSING',
  /** A scope of the store has no VM bound to it: its role assignments govern nothing on this host. */
  ScopeWithoutVms: 'HOST_SCOPE_WITHOUT_VMS',
  /** The store checked is not the one the host reads (location or SHA-256 differs). */
  StoreNotRead: 'HOST_STORE_NOT_READ',
  /** VMM manages the host: scope delegations made outside VMM are reverted. */
  VmmManaged: 'HOST_VMM_MANAGED',
  /** The host's OS does not enforce AzMan (2012 R2 and later, or no v1 namespace). */
  NotEnforced: 'HOST_AZMAN_NOT_ENFORCED',
  /** A delegated principal lacks 100 or 295 at application level. */
  NoConnectOperations: 'HOST_NO_CONNECT_OPERATIONS',
  /** A delegated principal lacks Enable Account + Remote Enable on root\cimv2 or root\virtualization. */
  NoWmiRights: 'HOST_NO_WMI_RIGHTS',
  /** A delegated principal lacks DCOM remote activation (or remote access). */
  NoDcomRights: 'HOST_NO_DCOM_RIGHTS',
  /** The firewall blocks the WMI rule group Hyper-V Manager needs. */
  FirewallBlocks: 'HOST_FIREWALL_BLOCKS',
  /** BUILTIN\Administrators no longer holds the store's Administrator role. */
  AdministratorsNotAdmin: 'HOST_ADMINISTRATORS_NOT_ADMIN',
  /** A fact a check needs is missing from the facts (the collector says why). */
  FactMissing: 'HOST_FACT_MISSING',
  /** Across a fleet: one principal holds different operations on different hosts. */
  PrincipalDiffers: 'FLEET_PRINCIPAL_DIFFERS',
  /** Across a fleet: a host's store grants other access than the reference store. */
  StoreDrift: 'FLEET_STORE_DRIFT',
  /** Across a fleet: an expected host sent no facts. */
  HostNotReporting: 'FLEET_HOST_NOT_REPORTING',
  /** Across a fleet: a host's facts could not be read or used; the other hosts are checked. */
  FactsUnreadable: 'FLEET_FACTS_UNREADABLE',
  /** Across a fleet: two facts documents of one computer; one is checked. */
  DuplicateHost: 'FLEET_DUPLICATE_HOST',
} as const

export type HostCode = (typeof HostCode)[keyof typeof HostCode]

/** One finding about a host (or, for FLEET_ codes, about several). */
export interface HostFinding {
  readonly severity: Severity
  readonly code: HostCode
  /** The host (computer name from the facts, or the facts file's label); null for fleet-wide findings. */
  readonly host: string | null
  /** The application (normally "Hyper-V services"). */
  readonly app: string | null
  /** The scope concerned, or null at application level / not about a scope. */
  readonly scope: string | null
  readonly principal: FindingPrincipal | null
  readonly operations: readonly OperationRefOut[]
  /** VM names concerned (e.g. those bound to a missing scope). */
  readonly vms: readonly string[]
  /** Other hosts concerned (fleet findings). */
  readonly hosts: readonly string[]
  readonly message: string
}
