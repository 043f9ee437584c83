import { AccessIndex } from '../../access/index.js'
import type { PolicyStore } from '../../model/policy.js'
import type { HostFacts } from '../facts/schema.js'
import { administratorsFindings } from './administrators-role.js'
import { namesFromFacts, type HostContext } from './check-context.js'
import { localMemberships } from './host-token.js'
import { connectOperationFindings } from './connect-operations.js'
import { dcomRightFindings } from './dcom-rights.js'
import { delegatedPrincipals } from './delegated-principals.js'
import { firewallFindings } from './firewall.js'
import { HostCode, type HostFinding } from './host-finding.js'
import { notEnforcedFindings } from './not-enforced.js'
import { scopeWithoutVmsFindings } from './scope-without-vms.js'
import { sortHostFindings } from './sort-findings.js'
import { storeNotReadFindings, type CheckedStore } from './store-not-read.js'
import { vmScopeMissingFindings } from './vm-scope-missing.js'
import { vmmFindings } from './vmm-managed.js'
import { wmiRightFindings } from './wmi-rights.js'

/** What {@link checkHost} judges: one host's facts against the store meant to govern it. */
export interface HostCheckInput {
  /** How the host is named in findings: the facts' computer name, else the facts file's label. */
  readonly label: string
  readonly policy: PolicyStore
  readonly facts: HostFacts
  /** The store checked: how findings name it, where it is read from, and, for a file, the SHA-256 of its bytes. */
  readonly store: CheckedStore
  /** The application Hyper-V opens; default: the facts' ServiceApplication, else "Hyper-V services". */
  readonly app?: string
  /**
   * The AD groups (SIDs, nested, as tokenGroups gives them) of a principal,
   * when a directory is configured; undefined when it is not known.
   */
  readonly groupsOf?: (sid: string) => Promise<readonly string[] | undefined>
}

/** The default application name of Hyper-V's store. */
export const HYPERV_APPLICATION = 'Hyper-V services'

function context(input: HostCheckInput): HostContext {
  const appName = input.app ?? input.facts.virtualization?.serviceApplication ?? HYPERV_APPLICATION
  const wanted = appName.toLowerCase()
  const app = input.policy.applications.find((a) => a.name.toLowerCase() === wanted)
  return {
    host: input.label,
    facts: input.facts,
    policy: input.policy,
    appName,
    app,
    index: app === undefined ? undefined : AccessIndex.build(input.policy, app),
    names: namesFromFacts(input.facts),
    memberships: localMemberships(input.facts),
  }
}

/**
 * The findings about one host (docs/host-check.md): whether AzMan governs
 * anything there, whether the store checked is the one it reads, VMM, the VM
 * scope bindings, BUILTIN\Administrators' role, and for each delegated
 * principal the connect operations, WMI namespace rights, DCOM rights; the
 * firewall. A fact a check needs that the facts lack is `HOST_FACT_MISSING`
 * (info), never a guess. When the OS does not enforce AzMan
 * (`HOST_AZMAN_NOT_ENFORCED`) the other checks are skipped. Sorted by
 * {@link sortHostFindings}. Pure but for `groupsOf`.
 *
 * @throws the access index's errors (AZMAN_ERR_ACCESS_TOO_COMPLEX, _TOO_DEEP) for adversarial stores
 */
export async function checkHost(input: HostCheckInput): Promise<HostFinding[]> {
  const ctx = context(input)
  const notEnforced = notEnforcedFindings(ctx)
  if (notEnforced.some((f) => f.code === HostCode.NotEnforced)) return sortHostFindings(notEnforced)
  const principals = await delegatedPrincipals(ctx, input.groupsOf)
  return sortHostFindings([
    ...notEnforced,
    ...storeNotReadFindings(ctx, input.store),
    ...vmmFindings(ctx),
    ...vmScopeMissingFindings(ctx),
    ...scopeWithoutVmsFindings(ctx),
    ...administratorsFindings(ctx),
    ...connectOperationFindings(ctx, principals),
    ...wmiRightFindings(ctx, principals),
    ...dcomRightFindings(ctx, principals),
    ...firewallFindings(ctx),
  ])
}
